/// Copies this step's row of a node's per-step input into its output (the node's input
/// sequence, `values[(b * steps + t) * size + i]`; steps past the end hold the last row).
final class CopyNodeInput: EngineStep {
  let size: Int
  let steps: Int
  let sequence: UnsafeMutablePointer<Float>
  let output: UnsafeMutablePointer<Float>

  init(size: Int, steps: Int, sequence: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
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
final class ResetCurrent: EngineStep {
  let n: Int
  /// The step's own copy of the bias.
  let bias: Buffer<Float>
  let current: UnsafeMutablePointer<Float>

  init(bias values: [Float], current: PopulationSignals) {
    n = values.count
    bias = Buffer(count: values.count, repeating: 0)
    bias.write(values, at: 0)
    self.current = current.current.base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    let b = bias.base
    for r in 0..<chunk.rows { (current + r * n).update(from: b, count: n) }
  }
}

/// Zeroes a filtered connection's synapse input (the worker's `chunk x size` rows).
final class ResetSynapseInput: EngineStep {
  let size: Int
  let input: UnsafeMutablePointer<Float>

  init(size: Int, input: Buffer<Float>) {
    self.size = size
    self.input = input.base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    input.update(repeating: 0, count: chunk.rows * size)
  }
}
