import Foundation

/// A one-line progress bar on standard error, shown only when standard error is a
/// terminal and the output is not machine-readable; the one progress style of `snn` and
/// `nengo-forum`.
package final class ProgressBar {
  private let label: String
  private let total: Int
  private let enabled: Bool
  private let start = Date()
  private var lastDraw = Date.distantPast

  package init(_ label: String, total: Int, enabled: Bool) {
    self.label = label
    self.total = max(total, 1)
    self.enabled = enabled && isatty(STDERR_FILENO) == 1
  }

  /// Redraws with `done` of `total` complete (at most ten times a second).
  package func update(_ done: Int, detail: String = "") {
    guard enabled else { return }
    let now = Date()
    guard done >= total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
    lastDraw = now
    let width = 30
    let filled = width * min(done, total) / total
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    let elapsed = String(format: "%.1fs", now.timeIntervalSince(start))
    FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total) \(elapsed) \(detail)  ".utf8))
    if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
  }
}
