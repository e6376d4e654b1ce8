import SNNModel

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

/// Where a node step writes and how it reports a bad output: the node's output rows (batch
/// row `b` at `b * size`) and the chunk's failure status.
struct NodeOutputWriter<S: EngineScalar> {
  let label: String
  let size: Int
  let output: UnsafeMutablePointer<S>
  let status: ChunkStatus
  /// The step's position in the plan's step list.
  let position: Int

  /// Writes `values` as row `b`'s output at `chunk`'s step, or records why they cannot be
  /// (wrong size, NaN or infinite values in the simulation's precision) and writes zeros.
  func write(_ values: [Double], row b: Int, _ chunk: Chunk) {
    let row = output + b * size
    let t = Double(chunk.stepIndex + 1)
    guard values.count == size else {
      row.update(repeating: 0, count: size)
      status.fail(
        step: chunk.stepIndex, example: b, position: position, object: label,
        "the node's function returned \(values.count) values at step \(chunk.stepIndex + 1) (example \(b)), expected \(size)"
      )
      return
    }
    for i in 0..<size { row[i] = S(values[i]) }
    if let bad = (0..<size).first(where: { !row[$0].isFinite }) {
      row.update(repeating: 0, count: size)
      status.fail(
        step: chunk.stepIndex, example: b, position: position, object: label,
        "the node's function returned a non-finite value (\(values[bad]) at index \(bad)) at step \(Int(t)) (example \(b))"
      )
    }
  }
}

/// Writes a function-of-time node's output for this step, `f((stepIndex + 1) dt)`, into
/// every example of the chunk (Nengo's `SimPyFunc`). The function is called once per
/// chunk; an output of the wrong size or with NaN or infinite values stops the run.
final class NodeFunctionStep<S: EngineScalar>: EngineStep {
  let dt: Double
  let function: @Sendable (Double) -> [Double]
  let writer: NodeOutputWriter<S>

  init(dt: Double, function: @escaping @Sendable (Double) -> [Double], writer: NodeOutputWriter<S>) {
    self.dt = dt
    self.function = function
    self.writer = writer
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    let values = function(Double(chunk.stepIndex + 1) * dt)
    for b in chunk.lo..<(chunk.lo + chunk.rows) { writer.write(values, row: b, chunk) }
  }
}

/// Writes `f(t, x)` for each example of the chunk, `x` its node input of this step (the
/// worker's rows) and `t = (stepIndex + 1) dt` (Nengo's `SimPyFunc` with `x`).
final class NodeInputFunctionStep<S: EngineScalar>: EngineStep {
  let dt: Double
  let sizeIn: Int
  let function: @Sendable (Double, [Double]) -> [Double]
  let input: UnsafeMutablePointer<S>
  let writer: NodeOutputWriter<S>

  init(
    dt: Double, sizeIn: Int, function: @escaping @Sendable (Double, [Double]) -> [Double],
    input: UnsafeMutablePointer<S>, writer: NodeOutputWriter<S>
  ) {
    self.dt = dt
    self.sizeIn = sizeIn
    self.function = function
    self.input = input
    self.writer = writer
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    let t = Double(chunk.stepIndex + 1) * dt
    for r in 0..<chunk.rows {
      let x = (0..<sizeIn).map { Double(input[r * sizeIn + $0]) }
      writer.write(function(t, x), row: chunk.lo + r, chunk)
    }
  }
}

/// A passthrough node: its output is its summed input of this step (the worker's rows).
final class PassthroughStep<S: EngineScalar>: EngineStep {
  let size: Int
  let input: UnsafeMutablePointer<S>
  let output: UnsafeMutablePointer<S>

  init(size: Int, input: UnsafeMutablePointer<S>, output: UnsafeMutablePointer<S>) {
    self.size = size
    self.input = input
    self.output = output
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    (output + chunk.lo * size).update(from: input, count: chunk.rows * size)
  }
}

/// A process node: each example's signal (``ProcessSignal``, made at reset from the
/// simulator seed and the example's id) at step `stepIndex + 1` (Nengo's `SimProcess`
/// in "set" mode, `t = (stepIndex + 1) dt`).
final class ProcessStep<S: EngineScalar>: EngineStep {
  let signals: [ProcessSignal]
  let writer: NodeOutputWriter<S>

  init(signals: [ProcessSignal], writer: NodeOutputWriter<S>) {
    self.signals = signals
    self.writer = writer
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for b in chunk.lo..<(chunk.lo + chunk.rows) {
      writer.write(signals[b].output(step: chunk.stepIndex + 1), row: b, chunk)
    }
  }
}
