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
