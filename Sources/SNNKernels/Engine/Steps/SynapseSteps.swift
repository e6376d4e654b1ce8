/// Steps a connection's synapse on this step's input (``FilterKernel``): its state and
/// output belong to the batch (they carry over steps), its input to the worker.
final class SynapseStep: EngineStep {
  /// The step's own copy of the filter.
  let filter: FilterSpec
  let size: Int
  let input: UnsafeMutablePointer<Float>
  let state: UnsafeMutablePointer<Float>
  let output: UnsafeMutablePointer<Float>

  init(
    filter f: FilterSpec, size: Int, input: UnsafeMutablePointer<Float>, state: UnsafeMutablePointer<Float>,
    output: UnsafeMutablePointer<Float>
  ) {
    filter = FilterSpec(order: f.order, a: f.a.map { $0 }, b: f.b.map { $0 }, c: f.c.map { $0 })
    self.size = size
    self.input = input
    self.state = state
    self.output = output
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      FilterKernel.update(
        filter, size: size, input: input + r * size, state: state + b * filter.order * size, output: output + b * size)
    }
  }
}

/// `J[post] += y`: a filtered connection's synapse output (from the previous step) into
/// its post population's current.
final class AddSynapseOutput: EngineStep {
  let n: Int
  let synapseOutput: UnsafeMutablePointer<Float>
  let current: UnsafeMutablePointer<Float>

  init(n: Int, synapseOutput: UnsafeMutablePointer<Float>, current: PopulationSignals) {
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
