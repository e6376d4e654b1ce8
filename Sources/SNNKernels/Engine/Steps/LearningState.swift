/// A learning connection's per-example state: its weights (row `b` is example `b`'s copy,
/// `n x m` in the rows layout; Voja: its post's scaled encoders, `d x n`), its rule's
/// filters and RLS's `P`. ``reset()`` restores the built
/// weights and zero filters, so a reset forgets everything learned.
package final class LearningState<S: EngineScalar>: @unchecked Sendable {
  /// Weights per example: `n * m` values each.
  let count: Int
  let weights: Buffer<S>
  let initial: [S]
  /// The rule's filters on pre activities, post activities and `θ`.
  let pre: FilterBuffers<S>?
  let post: FilterBuffers<S>?
  let theta: FilterBuffers<S>?
  /// RLS's `P` per example (`n x n` each) and its initial diagonal value.
  let inverseGamma: Buffer<S>?
  let inverseGammaDiagonal: S
  let nPre: Int

  /// Allocates the state of connection `c` for `batchSize` examples, reset.
  init(_ c: ConnectionSpec, _ l: LearningSpec, plan: KernelPlan, batchSize: Int) {
    var values: [Double]
    switch c.weights {
    case .rows(let w), .elementwise(let w): values = w
    }
    if let encoders = l.learnedEncoders { values = encoders }
    count = values.count
    initial = values.map { S($0) }
    weights = Buffer(count: batchSize * count, repeating: 0)
    let nPre = plan.populations[l.prePopulation].n
    pre = l.preFilter.map { FilterBuffers($0, size: nPre, batchSize: batchSize) }
    let nPost = l.postPopulation.map { plan.populations[$0].n } ?? 0
    post = l.postFilter.map { FilterBuffers($0, size: nPost, batchSize: batchSize) }
    theta = l.thetaFilter.map { FilterBuffers($0, size: nPost, batchSize: batchSize) }
    self.nPre = nPre
    if case .rls(let rate) = l.rule {
      inverseGamma = Buffer(count: batchSize * nPre * nPre, repeating: 0)
      inverseGammaDiagonal = S(rate * plan.dt / Double(nPre))
    } else {
      inverseGamma = nil
      inverseGammaDiagonal = 0
    }
    reset()
  }

  /// The built weights in every example, zero filters.
  func reset() {
    for b in 0..<(weights.count / max(count, 1)) { weights.write(initial, at: b * count) }
    for f in [pre, post, theta] {
      f?.state.fill(0)
      f?.output.fill(0)
    }
    if let p = inverseGamma {
      p.fill(0)
      for k in 0..<(p.count / max(nPre * nPre, 1)) {
        for i in 0..<nPre { p[k * nPre * nPre + i * nPre + i] = inverseGammaDiagonal }
      }
    }
  }
}

/// A filter's state and output for every example of a batch.
final class FilterBuffers<S: EngineScalar> {
  let filter: FilterKernel<S>
  let size: Int
  /// `order x size` per example.
  let state: Buffer<S>
  /// `size` per example.
  let output: Buffer<S>

  init(_ spec: FilterSpec, size: Int, batchSize: Int) {
    filter = FilterKernel(spec)
    self.size = size
    state = Buffer(count: batchSize * spec.order * size, repeating: 0)
    output = Buffer(count: batchSize * size, repeating: 0)
  }

  /// Steps example `b`'s filter on `input`; returns its output (this step's input included).
  @inline(__always)
  func update(_ b: Int, input: UnsafePointer<S>) -> UnsafePointer<S> {
    let y = output.base + b * size
    filter.update(size: size, input: input, state: state.base + b * filter.order * size, output: y)
    return UnsafePointer(y)
  }
}
