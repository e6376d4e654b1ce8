import Dispatch
import Foundation

/// The one place SwiftSNN starts threads.
///
/// Work is always split by index into a fixed number of parts, never by timing, so results
/// do not depend on how many threads run them.
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

  /// Splits `0..<count` into `parts` contiguous ranges whose sizes differ by at most one.
  public static func split(_ count: Int, parts: Int) -> [Range<Int>] {
    let p = max(1, min(parts, max(count, 1)))
    return (0..<p).map { i in (count * i / p)..<(count * (i + 1) / p) }
  }

  /// The number of cores available to this process.
  public static var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }
}
