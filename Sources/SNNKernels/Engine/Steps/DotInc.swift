import CSNNKernels

/// Where a synaptic step reads its source and adds its result, shared by its two
/// implementations (event-driven and dense).
struct DotIncOperands {
  let preSize: Int
  let postSize: Int
  /// The step's own copy of the weights, cache-line aligned (rows: `preSize x postSize`;
  /// elementwise: `postSize`).
  let weights: Buffer<Float>
  /// The source's output for the whole batch (row `b` at `b * preSize`).
  let source: UnsafeMutablePointer<Float>
  /// The destination rows of the chunk (row `r` at `r * postSize`).
  let dest: UnsafeMutablePointer<Float>

  init(connection c: ConnectionSpec, source: UnsafeMutablePointer<Float>, dest: UnsafeMutablePointer<Float>) {
    preSize = c.preSize
    postSize = c.postSize
    let values: [Float]
    switch c.weights {
    case .elementwise(let w): values = w
    case .rows(let w): values = w
    }
    weights = Buffer(count: values.count, repeating: 0)
    weights.write(values, at: 0)
    self.source = source
    self.dest = dest
  }
}

/// The synaptic step, event-driven, for a weight matrix: for each spike of the source, its
/// row of weights times the spike's value is added (`snn_row_add`). Cost grows with spikes.
final class EventRowsInc: EngineStep {
  let postSize: Int
  let w: UnsafeMutablePointer<Float>
  let dest: UnsafeMutablePointer<Float>
  let path: snn_path
  /// The source population's events (row `r` at `r * sourceSize`).
  let sourceSize: Int
  let eventIndex: UnsafeMutablePointer<Int32>
  let eventValue: UnsafeMutablePointer<Float>
  let eventCount: UnsafeMutablePointer<Int>
  private let operands: DotIncOperands

  init(_ o: DotIncOperands, events: PopulationSignals, instructions: InstructionSet) {
    operands = o
    postSize = o.postSize
    w = o.weights.base
    dest = o.dest
    path = instructions.path
    sourceSize = events.n
    eventIndex = events.eventIndex.base
    eventValue = events.eventValue.base
    eventCount = events.eventCount.base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let count = eventCount[r]
      snn_row_add(
        path, w, Int64(postSize), eventIndex + r * sourceSize, eventValue + r * sourceSize, Int64(count),
        dest + r * postSize)
      counters.synapticOperations += count * postSize
    }
  }
}

/// The synaptic step, event-driven, one weight per element: `J[i] += w[i] x[i]` for the
/// spiking elements `i` only.
final class EventElementwiseInc: EngineStep {
  let size: Int
  let w: UnsafeMutablePointer<Float>
  let dest: UnsafeMutablePointer<Float>
  let eventIndex: UnsafeMutablePointer<Int32>
  let eventValue: UnsafeMutablePointer<Float>
  let eventCount: UnsafeMutablePointer<Int>
  private let operands: DotIncOperands

  init(_ o: DotIncOperands, events: PopulationSignals) {
    operands = o
    size = o.postSize
    w = o.weights.base
    dest = o.dest
    eventIndex = events.eventIndex.base
    eventValue = events.eventValue.base
    eventCount = events.eventCount.base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let d = dest + r * size
      let n = eventCount[r]
      let idx = eventIndex + r * size
      let val = eventValue + r * size
      for e in 0..<n { d[Int(idx[e])] += w[Int(idx[e])] * val[e] }
      counters.synapticOperations += n
    }
  }
}

/// The synaptic step, dense, for a weight matrix: one matrix product over the chunk's rows
/// of the source (``GEMM``). Cost grows with neurons.
final class DenseRowsInc: EngineStep {
  let preSize: Int
  let postSize: Int
  let w: UnsafeMutablePointer<Float>
  let source: UnsafeMutablePointer<Float>
  let dest: UnsafeMutablePointer<Float>
  private let operands: DotIncOperands

  init(_ o: DotIncOperands) {
    operands = o
    preSize = o.preSize
    postSize = o.postSize
    w = o.weights.base
    source = o.source
    dest = o.dest
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    GEMM.sgemm(
      m: chunk.rows, n: postSize, k: preSize, a: source + chunk.lo * preSize, lda: preSize,
      b: w, ldb: postSize, c: dest, ldc: postSize, alpha: 1, beta: 1)
    counters.denseOperations += chunk.rows * preSize * postSize
  }
}

/// The synaptic step, dense, one weight per element: `J[i] += w[i] x[i]` for every `i`.
final class DenseElementwiseInc: EngineStep {
  let size: Int
  let w: UnsafeMutablePointer<Float>
  let source: UnsafeMutablePointer<Float>
  let dest: UnsafeMutablePointer<Float>
  private let operands: DotIncOperands

  init(_ o: DotIncOperands) {
    operands = o
    size = o.postSize
    w = o.weights.base
    source = o.source
    dest = o.dest
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let d = dest + r * size
      let xs = source + (chunk.lo + r) * size
      for i in 0..<size { d[i] += w[i] * xs[i] }
      counters.denseOperations += size
    }
  }
}
