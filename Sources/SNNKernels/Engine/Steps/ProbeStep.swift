/// Records one probe's signal for the chunk's examples: every step at row
/// `(b * totalSteps + step)`, or summed into row `b`; a filtered probe records its
/// filter's output from before this step's update, as Nengo does.
final class ProbeStep: EngineStep {
  let size: Int
  let totalSteps: Int
  let sumOnly: Bool
  /// The recorded signal: row `b` of the batch at `b * size` (shared state), or row `r` of
  /// the chunk at `r * size` (the worker's current) when `chunkLocal`.
  let signal: UnsafeMutablePointer<Float>
  let chunkLocal: Bool
  let data: UnsafeMutablePointer<Float>
  /// The probe's own filter and its state and output (shared state), if it has one.
  let filter: FilterSpec?
  let filterState: UnsafeMutablePointer<Float>?
  let filterOutput: UnsafeMutablePointer<Float>?

  init(
    spec: ProbeSpec, signal: UnsafeMutablePointer<Float>, chunkLocal: Bool, data: UnsafeMutablePointer<Float>,
    totalSteps: Int, filterState: UnsafeMutablePointer<Float>?, filterOutput: UnsafeMutablePointer<Float>?
  ) {
    size = spec.size
    sumOnly = spec.sumOnly
    self.totalSteps = totalSteps
    self.signal = signal
    self.chunkLocal = chunkLocal
    self.data = data
    filter = spec.filter.map { FilterSpec(order: $0.order, a: $0.a.map { $0 }, b: $0.b.map { $0 }, c: $0.c.map { $0 }) }
    self.filterState = filterState
    self.filterOutput = filterOutput
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      let value = signal + (chunkLocal ? r : b) * size
      let dest = sumOnly ? data + b * size : data + (b * totalSteps + chunk.stepIndex) * size
      if let filter, let x = filterState, let y = filterOutput {
        let yb = y + b * size
        record(yb, into: dest)
        FilterKernel.update(filter, size: size, input: value, state: x + b * filter.order * size, output: yb)
      } else {
        record(value, into: dest)
      }
    }
  }

  @inline(__always)
  private func record(_ value: UnsafePointer<Float>, into dest: UnsafeMutablePointer<Float>) {
    if sumOnly {
      for i in 0..<size { dest[i] += value[i] }
    } else {
      dest.update(from: value, count: size)
    }
  }
}
