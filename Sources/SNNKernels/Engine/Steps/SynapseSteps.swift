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

/// `post += y`: a filtered connection's synapse output (from the previous step) into its
/// target (a population's current or a node's input: the chunk's rows, `n` wide).
final class AddSynapseOutput<S: EngineScalar>: EngineStep {
  let n: Int
  let synapseOutput: UnsafeMutablePointer<S>
  let current: UnsafeMutablePointer<S>

  init(n: Int, synapseOutput: UnsafeMutablePointer<S>, dest: UnsafeMutablePointer<S>) {
    self.n = n
    self.synapseOutput = synapseOutput
    self.current = dest
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let y = synapseOutput + (chunk.lo + r) * n
      let j = current + r * n
      for i in 0..<n { j[i] += y[i] }
    }
  }
}

/// `J[post] += y E`: a decoded connection's synapse output (its decoded value from the
/// previous step, `d` wide) encoded into its post population's current (Nengo's encode
/// `DotInc` of `gain * encoders / radius`).
final class EncodeSynapseOutput<S: EngineScalar>: EngineStep {
  let d: Int
  let n: Int
  /// The step's own copy of the encoders: `d` rows of `n`.
  let encoders: Buffer<S>
  let synapseOutput: UnsafeMutablePointer<S>
  let current: UnsafeMutablePointer<S>

  init(d: Int, encoders e: [Double], synapseOutput: UnsafeMutablePointer<S>, current: PopulationSignals<S>) {
    self.d = d
    n = current.n
    encoders = Buffer(count: e.count, repeating: 0)
    encoders.write(e.map { S($0) }, at: 0)
    self.synapseOutput = synapseOutput
    self.current = current.current.base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      addEncoded(synapseOutput + (chunk.lo + r) * d, d: d, encoders: encoders.base, n: n, into: current + r * n)
      counters.denseOperations += d * n
    }
  }
}

/// The encode of one example: `j[i] += Σ_q x[q] * encoders[q * n + i]` for its `d`-wide
/// decoded value `x` and `d` rows of `n` (scaled) encoders, q in order.
@inline(__always)
func addEncoded<S: EngineScalar>(
  _ x: UnsafePointer<S>, d: Int, encoders: UnsafePointer<S>, n: Int, into j: UnsafeMutablePointer<S>
) {
  for q in 0..<d {
    let xq = x[q]
    let row = encoders + q * n
    for i in 0..<n { j[i] += xq * row[i] }
  }
}
