import Dispatch
import Foundation

/// The one place SwiftSNN starts threads.
///
/// Results never depend on how many threads run, or on which thread did what: callers
/// split work into independent parts (see `WorkQueue`).
public enum Parallel {
  /// Runs `body(part)` for every part in `0..<parts`, concurrently when `parts > 1`, and
  /// returns when all are done.
  public static func forEach(parts: Int, _ body: @Sendable (Int) -> Void) {
    if parts <= 0 { return }
    if parts == 1 {
      body(0)
      return
    }
    DispatchQueue.concurrentPerform(iterations: parts) { body($0) }
  }

  /// The number of cores available to this process.
  public static var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }
}
