/// Copies this step's row of a node's per-step input into its output (the node's input
/// sequence, `values[(b * steps + t) * size + i]`; steps past the end hold the last row).
final class CopyNodeInput<S: EngineScalar>: EngineStep {
  let size: Int
  let steps: Int
  let sequence: UnsafeMutablePointer<S>
  let output: UnsafeMutablePointer<S>

  init(size: Int, steps: Int, sequence: UnsafeMutablePointer<S>, output: UnsafeMutablePointer<S>) {
    self.size = size
    self.steps = steps
    self.sequence = sequence
    self.output = output
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    let t = min(chunk.stepIndex, steps - 1)
    for b in chunk.lo..<(chunk.lo + chunk.rows) {
      (output + b * size).update(from: sequence + (b * steps + t) * size, count: size)
    }
  }
}

/// Writes a function-of-time node's output for this step, `f((stepIndex + 1) dt)`, into
/// every example of the chunk (Nengo's `SimPyFunc`). A value the function leaves out
/// (a shorter result) is 0, one past the node's size is ignored, and a non-finite one is
/// written as it is (probes and decoded values show it).
final class NodeFunctionStep<S: EngineScalar>: EngineStep {
  let size: Int
  let dt: Double
  let function: @Sendable (Double) -> [Double]
  let output: UnsafeMutablePointer<S>

  init(size: Int, dt: Double, function: @escaping @Sendable (Double) -> [Double], output: UnsafeMutablePointer<S>) {
    self.size = size
    self.dt = dt
    self.function = function
    self.output = output
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    let values = function(Double(chunk.stepIndex + 1) * dt)
    for b in chunk.lo..<(chunk.lo + chunk.rows) {
      let row = output + b * size
      for i in 0..<size { row[i] = i < values.count ? S(values[i]) : 0 }
    }
  }
}

/// Sets a population's input current (the worker's `chunk x n` rows) to its bias.
final class ResetCurrent<S: EngineScalar>: EngineStep {
  let n: Int
  /// The step's own copy of the bias.
  let bias: Buffer<S>
  let current: UnsafeMutablePointer<S>

  init(bias values: [Double], current: PopulationSignals<S>) {
    n = values.count
    bias = Buffer(count: values.count, repeating: 0)
    bias.write(values.map { S($0) }, at: 0)
    self.current = current.current.base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    let b = bias.base
    for r in 0..<chunk.rows { (current + r * n).update(from: b, count: n) }
  }
}

/// Zeroes a filtered connection's synapse input (the worker's `chunk x size` rows).
final class ResetSynapseInput<S: EngineScalar>: EngineStep {
  let size: Int
  let input: UnsafeMutablePointer<S>

  init(size: Int, input: Buffer<S>) {
    self.size = size
    self.input = input.base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    input.update(repeating: 0, count: chunk.rows * size)
  }
}
