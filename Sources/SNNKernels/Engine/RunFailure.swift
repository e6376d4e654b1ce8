import Synchronization

/// Why a run stopped early: the first bad output of a node function (wrong size, NaN or
/// infinite values), as Nengo's `SimulationError`.
///
/// Each chunk of examples stops after the time step in which one of its steps failed;
/// the other chunks run on. Of all failures, the one kept is that of the earliest time
/// step, then the lowest example, then the step listed first: the same whatever the
/// thread count or chunk size.
package final class RunFailure: Sendable {
  /// One failure.
  package struct Failure: Sendable, Equatable {
    /// The time step (from 0 after a reset) and batch row where it happened.
    package let step: Int
    package let example: Int
    /// The step's position in the plan's step list.
    package let position: Int
    /// The object at fault (a node's or connection's label).
    package let object: String
    /// What went wrong.
    package let message: String

    fileprivate func precedes(_ other: Failure) -> Bool {
      (step, example, position) < (other.step, other.example, other.position)
    }
  }

  private let first = Mutex<Failure?>(nil)

  package init() {}

  /// Keeps `failure` when it precedes the one kept so far.
  package func record(_ failure: Failure) {
    first.withLock { kept in
      if let k = kept, !failure.precedes(k) { return }
      kept = failure
    }
  }

  /// The failure kept, if any.
  package var failure: Failure? { first.withLock { $0 } }
}

/// What a worker's steps report about the chunk they run: whether one failed in this time
/// step (the worker then stops the chunk), and where to record why.
package final class ChunkStatus {
  /// Set by a step that failed on some row of the chunk.
  package var failed = false
  /// The run's failure record, shared by all workers.
  package let failures: RunFailure

  init(failures: RunFailure) { self.failures = failures }

  /// Records a failure of the step at `position` for batch row `example` at `step`.
  func fail(step: Int, example: Int, position: Int, object: String, _ message: String) {
    failed = true
    failures.record(
      RunFailure.Failure(step: step, example: example, position: position, object: object, message: message))
  }
}
