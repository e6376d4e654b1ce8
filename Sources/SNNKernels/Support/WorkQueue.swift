import Synchronization

/// Hands out `0..<count` in consecutive pieces to threads, the next piece to whichever
/// thread asks first: a thread that drew quick examples takes more of them instead of
/// waiting at the end for one that drew slow ones.
///
/// Which thread runs a piece depends on timing, so callers must make every piece's result
/// independent of the thread that computes it (the simulator's examples never interact).
final class WorkQueue: Sendable {
  let count: Int
  let piece: Int
  private let nextStart = Atomic<Int>(0)

  /// - Precondition: `piece >= 1`.
  init(count: Int, piece: Int) {
    precondition(piece >= 1)
    self.count = count
    self.piece = piece
  }

  /// The number of pieces.
  var pieces: Int { (count + piece - 1) / piece }

  /// The next unclaimed piece, or nil when all are taken.
  func next() -> Range<Int>? {
    let lo = nextStart.wrappingAdd(piece, ordering: .relaxed).oldValue
    return lo < count ? lo..<min(lo + piece, count) : nil
  }
}
