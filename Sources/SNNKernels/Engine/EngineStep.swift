/// One step of the plan as a worker runs it: it owns what it alone uses (its weight copy,
/// its lookup tables) and holds pointers to the signals it shares with other steps (the
/// worker's ``PopulationSignals`` and the ``EngineState``'s buffers, both alive for the
/// whole run).
///
/// Steps are made per worker from the plan's ``StepSpec`` list and run in that order for
/// one chunk of consecutive examples at a time.
package protocol EngineStep: AnyObject {
  /// Runs the step on rows `chunk.lo ..< chunk.lo + chunk.rows` of the batch.
  func run(_ chunk: Chunk, _ counters: inout Executor.Counters)
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
package final class PopulationSignals {
  /// Number of neurons.
  package let n: Int
  /// `chunk x n` input currents.
  package let current: Buffer<Float>
  /// Spiking neurons' indices and output values, `chunk x n` (plus ``Events/slack``).
  package let eventIndex: Buffer<Int32>
  package let eventValue: Buffer<Float>
  /// Events per row.
  package let eventCount: Buffer<Int>

  package init(n: Int, chunk: Int) {
    self.n = n
    current = Buffer(count: chunk * n, repeating: 0)
    eventIndex = Buffer(count: chunk * n + Events.slack, repeating: 0)
    eventValue = Buffer(count: chunk * n + Events.slack, repeating: 0)
    eventCount = Buffer(count: chunk, repeating: 0)
  }
}

/// What a neuron step needs to know about its population in a run.
package struct NeuronStepContext {
  /// The population's index and spec.
  package let population: Int
  package let spec: PopulationSpec
  /// Time step, in seconds.
  package let dt: Float
  /// The worker's scratch signals of the population.
  package let signals: PopulationSignals
  /// The shared state of the batch.
  package let state: EngineState
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
