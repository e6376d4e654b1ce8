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

/// Zeroes a node's summed input (the worker's `chunk x sizeIn` rows).
final class ResetNodeInput<S: EngineScalar>: EngineStep {
  let size: Int
  let input: UnsafeMutablePointer<S>

  init(size: Int, input: UnsafeMutablePointer<S>) {
    self.size = size
    self.input = input
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    input.update(repeating: 0, count: chunk.rows * size)
  }
}
