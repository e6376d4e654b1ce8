/// One step of the plan as a worker runs it: it owns what it alone uses (its weight copy,
/// its lookup tables) and holds pointers to the signals it shares with other steps (the
/// worker's ``PopulationSignals`` and the ``EngineState``'s buffers, both alive for the
/// whole run).
///
/// Steps are made per worker from the plan's ``StepSpec`` list and run in that order for
/// one chunk of consecutive examples at a time. They are generic over the precision; a
/// worker keeps each as a ``StepFunction`` made where the precision is concrete, so the
/// step's loops are specialised.
package protocol EngineStep: AnyObject {
  /// Runs the step on rows `chunk.lo ..< chunk.lo + chunk.rows` of the batch.
  func run(_ chunk: Chunk, _ counters: inout Executor.Counters)
}

/// A step ready to run (``EngineStep/run(_:_:)`` of a concrete step).
package typealias StepFunction = (Chunk, inout Executor.Counters) -> Void

extension EngineStep {
  /// This step as a ``StepFunction``.
  var function: StepFunction { { self.run($0, &$1) } }
}

/// The examples and time step a worker is stepping.
package struct Chunk {
  /// First example (batch row) of the chunk.
  package let lo: Int
  /// Number of examples in the chunk.
  package let rows: Int
  /// Index of the time step since the last reset.
  package let stepIndex: Int
  /// Whether this is the chunk's first step in this run (nothing carried from before).
  package let chunkStart: Bool
}

/// A worker's scratch signals of one population for `chunk` examples: the input current
/// and the spike events of this step (row `r` of the chunk at offset `r * n`).
package final class PopulationSignals<S: EngineScalar> {
  /// Number of neurons.
  package let n: Int
  /// `chunk x n` input currents.
  package let current: Buffer<S>
  /// Spiking neurons' indices and output values, `chunk x n` (plus ``Events/slack``).
  package let eventIndex: Buffer<Int32>
  package let eventValue: Buffer<S>
  /// Events per row.
  package let eventCount: Buffer<Int>
  /// `chunk x n` base rates of this step (a spiking wrapper's `rate_out`), when probed.
  package let rateOut: Buffer<S>?

  package init(n: Int, chunk: Int, rateOut: Bool = false) {
    self.n = n
    self.rateOut = rateOut ? Buffer(count: chunk * n, repeating: 0) : nil
    current = Buffer(count: chunk * n, repeating: 0)
    eventIndex = Buffer(count: chunk * n + Events.slack, repeating: 0)
    eventValue = Buffer(count: chunk * n + Events.slack, repeating: 0)
    eventCount = Buffer(count: chunk, repeating: 0)
  }
}

/// What a neuron step needs to know about its population in a run.
package struct NeuronStepContext<S: EngineScalar> {
  /// The population's index and spec.
  package let population: Int
  package let spec: PopulationSpec
  /// Time step, in seconds.
  package let dt: Double
  /// The worker's scratch signals of the population.
  package let signals: PopulationSignals<S>
  /// The shared state of the batch.
  package let state: EngineState<S>
  /// Examples stepped together by one worker.
  package let chunk: Int
  /// The kernels' instruction set.
  package let instructions: InstructionSet
  /// Whether the dense output buffer is read by someone (a probe or a dense connection);
  /// otherwise a kernel may only publish events.
  package let outputRead: Bool
  /// Whether the population's current is the same at every step of a chunk.
  package let staticCurrent: Bool
}
