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

/// Sets the chunk's rows of a signal (`size` wide) to a constant before increments add into
/// them (Nengo's `Reset`): a filtered connection's synapse input, a node's summed input, a
/// learning rule's error (Voja's learning signal starts at 1) or a population's decoded
/// input, all 0 otherwise.
final class ResetRows<S: EngineScalar>: EngineStep {
  let size: Int
  let value: S
  let rows: UnsafeMutablePointer<S>

  init(size: Int, value: Double = 0, rows: UnsafeMutablePointer<S>) {
    self.size = size
    self.value = S(value)
    self.rows = rows
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    rows.update(repeating: value, count: chunk.rows * size)
  }
}
