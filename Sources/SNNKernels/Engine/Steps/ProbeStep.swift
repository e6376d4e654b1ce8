/// Records one probe's signal for the chunk's examples: every step at row
/// `(b * totalRows + step)` (a sampled probe: at its row of the step, when the step is
/// sampled), or summed into row `b`; a filtered probe records its filter's output from
/// before this step's update, as Nengo does, and steps its filter at every step.
final class ProbeStep<S: EngineScalar>: EngineStep {
  let size: Int
  let totalRows: Int
  /// A sampled probe's row of each step since the reset (-1: not sampled).
  let sampleRows: UnsafeMutablePointer<Int32>?
  let sumOnly: Bool
  /// The recorded signal: row `b` of the batch at `b * size` (shared state), or row `r` of
  /// the chunk at `r * size` (the worker's current) when `chunkLocal`.
  let signal: UnsafeMutablePointer<S>
  let chunkLocal: Bool
  /// The row length of the signal (its population's or node's size).
  let signalSize: Int
  /// The recorded elements of a sliced probe (nil: all), and the step's own buffer that
  /// gathers them.
  let indices: [Int]?
  let gathered: Buffer<S>?
  /// A decoded probe's decoders (`signalSize` rows of ``decodedSize``) and the step's own
  /// buffer for the decoded value.
  let decoders: Buffer<S>?
  let decodedSize: Int
  let decoded: Buffer<S>?
  let data: UnsafeMutablePointer<S>
  /// The probe's own filter and its state and output (shared state), if it has one.
  let filter: FilterKernel<S>?
  let filterState: UnsafeMutablePointer<S>?
  let filterOutput: UnsafeMutablePointer<S>?

  init(
    spec: ProbeSpec, signal: UnsafeMutablePointer<S>, signalSize: Int, chunkLocal: Bool, data: UnsafeMutablePointer<S>,
    totalRows: Int, sampleRows: UnsafeMutablePointer<Int32>?, filterState: UnsafeMutablePointer<S>?,
    filterOutput: UnsafeMutablePointer<S>?
  ) {
    size = spec.size
    sumOnly = spec.sumOnly
    self.totalRows = totalRows
    self.sampleRows = sampleRows
    self.signal = signal
    self.signalSize = signalSize
    self.chunkLocal = chunkLocal
    indices = spec.indices
    gathered = spec.indices.map { Buffer(count: $0.count, repeating: 0) }
    let width = spec.decoders.map { $0.count / max(signalSize, 1) } ?? 0
    decodedSize = width
    decoders = spec.decoders.map { d in
      let b = Buffer<S>(count: d.count, repeating: 0)
      b.write(d.map { S($0) }, at: 0)
      return b
    }
    decoded = spec.decoders.map { _ in Buffer(count: width, repeating: 0) }
    self.data = data
    filter = spec.filter.map { FilterKernel($0) }
    self.filterState = filterState
    self.filterOutput = filterOutput
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    let row = sampleRows.map { Int($0[chunk.stepIndex]) } ?? chunk.stepIndex
    let sampled = row >= 0
    if !sampled && filter == nil { return }
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      var value = signal + (chunkLocal ? r : b) * signalSize
      if let decoders, let decoded {
        // Only nonzero outputs (spikes) add their row, in neuron order.
        decoded.fill(0)
        for i in 0..<signalSize where value[i] != 0 {
          let x = value[i]
          let row = decoders.base + i * decodedSize
          for q in 0..<decodedSize { decoded[q] += x * row[q] }
        }
        value = decoded.base
      }
      if let indices, let gathered {
        for (k, i) in indices.enumerated() { gathered[k] = value[i] }
        value = gathered.base
      }
      let dest = sumOnly ? data + b * size : data + (b * totalRows + max(row, 0)) * size
      if let filter, let x = filterState, let y = filterOutput {
        let yb = y + b * size
        if sampled { record(yb, into: dest) }
        filter.update(size: size, input: value, state: x + b * filter.order * size, output: yb)
      } else {
        record(value, into: dest)
      }
    }
  }

  @inline(__always)
  private func record(_ value: UnsafePointer<S>, into dest: UnsafeMutablePointer<S>) {
    if sumOnly {
      for i in 0..<size { dest[i] += value[i] }
    } else {
      dest.update(from: value, count: size)
    }
  }
}
