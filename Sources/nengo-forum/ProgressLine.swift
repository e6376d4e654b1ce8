import Foundation

/// A one-line progress count on standard error, only when it is a terminal.
final class ProgressLine {
  private let label: String
  private let total: Int
  private let enabled: Bool

  init(_ label: String, total: Int, enabled: Bool) {
    self.label = label
    self.total = total
    self.enabled = enabled && isatty(STDERR_FILENO) == 1
  }

  /// Shows `done` of the total; ends the line when all are done.
  func update(_ done: Int) {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\(label) \(done)/\(total)\(done >= total ? "\n" : "")".utf8))
  }
}
