import CSNNKernels

/// Where a synaptic step reads its source and adds its result, shared by its two
/// implementations (event-driven and dense).
struct DotIncOperands<S: EngineScalar> {
  let preSize: Int
  let postSize: Int
  /// The step's own copy of the weights, cache-line aligned (rows: `preSize x postSize`;
  /// elementwise: `postSize`), or a learning connection's weights of the whole batch.
  let weights: Buffer<S>
  /// 0 when every example shares ``weights``; a learning connection's weight count, the
  /// distance from one example's weights to the next.
  let weightStride: Int
  /// The source's output for the whole batch (row `b` at `b * preSize`).
  let source: UnsafeMutablePointer<S>
  /// The destination rows of the chunk (row `r` at `r * postSize`).
  let dest: UnsafeMutablePointer<S>

  init(
    connection c: ConnectionSpec, source: UnsafeMutablePointer<S>, dest: UnsafeMutablePointer<S>,
    learning: LearningState<S>? = nil
  ) {
    preSize = c.preSize
    postSize = c.postSize
    if let learning {
      weights = learning.weights
      weightStride = learning.count
    } else {
      let values: [Double]
      switch c.weights {
      case .elementwise(let w): values = w
      case .rows(let w): values = w
      }
      weights = Buffer(count: values.count, repeating: 0)
      weights.write(values.map { S($0) }, at: 0)
      weightStride = 0
    }
    self.source = source
    self.dest = dest
  }
}

/// The synaptic step, event-driven, for a weight matrix: for each spike of the source, its
/// row of weights times the spike's value is added (`snn_row_add`). Cost grows with spikes.
final class EventRowsInc<S: EngineScalar>: EngineStep {
  let postSize: Int
  let w: UnsafeMutablePointer<S>
  let dest: UnsafeMutablePointer<S>
  let path: snn_path
  /// The source population's events (row `r` at `r * sourceSize`).
  let sourceSize: Int
  let eventIndex: UnsafeMutablePointer<Int32>
  let eventValue: UnsafeMutablePointer<S>
  let eventCount: UnsafeMutablePointer<Int>
  private let operands: DotIncOperands<S>

  init(_ o: DotIncOperands<S>, events: PopulationSignals<S>, instructions: InstructionSet) {
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
    let stride = operands.weightStride
    for r in 0..<chunk.rows {
      let count = eventCount[r]
      S.rowAdd(
        path, w + (chunk.lo + r) * stride, width: postSize, eventIndex: eventIndex + r * sourceSize,
        eventValue: eventValue + r * sourceSize,
        count: count, dest: dest + r * postSize)
      counters.synapticOperations += count * postSize
    }
  }
}

/// The synaptic step, event-driven, one weight per element: `J[i] += w[i] x[i]` for the
/// spiking elements `i` only.
final class EventElementwiseInc<S: EngineScalar>: EngineStep {
  let size: Int
  let w: UnsafeMutablePointer<S>
  let dest: UnsafeMutablePointer<S>
  let eventIndex: UnsafeMutablePointer<Int32>
  let eventValue: UnsafeMutablePointer<S>
  let eventCount: UnsafeMutablePointer<Int>
  private let operands: DotIncOperands<S>

  init(_ o: DotIncOperands<S>, events: PopulationSignals<S>) {
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
final class DenseRowsInc<S: EngineScalar>: EngineStep {
  let preSize: Int
  let postSize: Int
  let w: UnsafeMutablePointer<S>
  let source: UnsafeMutablePointer<S>
  let dest: UnsafeMutablePointer<S>
  private let operands: DotIncOperands<S>

  init(_ o: DotIncOperands<S>) {
    operands = o
    preSize = o.preSize
    postSize = o.postSize
    w = o.weights.base
    source = o.source
    dest = o.dest
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    counters.denseOperations += chunk.rows * preSize * postSize
    let stride = operands.weightStride
    guard stride > 0 else {
      S.gemmAccumulate(
        m: chunk.rows, n: postSize, k: preSize, a: source + chunk.lo * preSize, lda: preSize, b: w, ldb: postSize,
        c: dest, ldc: postSize)
      return
    }
    // Learned weights differ per example: one product per row.
    for r in 0..<chunk.rows {
      S.gemmAccumulate(
        m: 1, n: postSize, k: preSize, a: source + (chunk.lo + r) * preSize, lda: preSize,
        b: w + (chunk.lo + r) * stride, ldb: postSize, c: dest + r * postSize, ldc: postSize)
    }
  }
}

/// The synaptic step, dense, one weight per element: `J[i] += w[i] x[i]` for every `i`.
final class DenseElementwiseInc<S: EngineScalar>: EngineStep {
  let size: Int
  let w: UnsafeMutablePointer<S>
  let source: UnsafeMutablePointer<S>
  let dest: UnsafeMutablePointer<S>
  private let operands: DotIncOperands<S>

  init(_ o: DotIncOperands<S>) {
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
