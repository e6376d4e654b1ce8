/// Steps a connection's synapse on this step's input (``FilterKernel``): its state and
/// output belong to the batch (they carry over steps), its input to the worker.
final class SynapseStep<S: EngineScalar>: EngineStep {
  /// The step's own copy of the filter.
  let filter: FilterKernel<S>
  let size: Int
  let input: UnsafeMutablePointer<S>
  let state: UnsafeMutablePointer<S>
  let output: UnsafeMutablePointer<S>

  init(
    filter f: FilterSpec, size: Int, input: UnsafeMutablePointer<S>, state: UnsafeMutablePointer<S>,
    output: UnsafeMutablePointer<S>
  ) {
    filter = FilterKernel(f)
    self.size = size
    self.input = input
    self.state = state
    self.output = output
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      filter.update(
        size: size, input: input + r * size, state: state + b * filter.order * size, output: output + b * size)
    }
  }
}

/// `J[post] += y`: a filtered connection's synapse output (from the previous step) into
/// its post population's current.
final class AddSynapseOutput<S: EngineScalar>: EngineStep {
  let n: Int
  let synapseOutput: UnsafeMutablePointer<S>
  let current: UnsafeMutablePointer<S>

  init(n: Int, synapseOutput: UnsafeMutablePointer<S>, current: PopulationSignals<S>) {
    self.n = n
    self.synapseOutput = synapseOutput
    self.current = current.current.base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let y = synapseOutput + (chunk.lo + r) * n
      let j = current + r * n
      for i in 0..<n { j[i] += y[i] }
    }
  }
}
