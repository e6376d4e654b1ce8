/// Sets a learning rule's error rows of the chunk to zero (Nengo's `Reset` of the rule's
/// input), before the error connections add into them.
final class ResetError<S: EngineScalar>: EngineStep {
  let size: Int
  let rows: UnsafeMutablePointer<S>

  init(size: Int, rows: UnsafeMutablePointer<S>) {
    self.size = size
    self.rows = rows
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    rows.update(repeating: 0, count: chunk.rows * size)
  }
}

/// Steps a connection's learning rule for the chunk's examples (Nengo's `SimPES`,
/// `SimBCM`, `SimOja` with their set-mode activity filters): filters this step's pre (and
/// post) outputs, then adds the change to the example's weights (``LearningKernel``).
/// It runs after every read of the weights in this step, so the change first acts in the
/// next step, as in Nengo.
final class LearnStep<S: EngineScalar>: EngineStep {
  let spec: LearningSpec
  let state: LearningState<S>
  /// Pre and post populations' outputs for the whole batch.
  let preOutput: UnsafeMutablePointer<S>
  let postOutput: UnsafeMutablePointer<S>?
  let nPre: Int
  let nPost: Int
  /// Outputs per pre neuron (the weights' row width).
  let m: Int
  /// The chunk's error rows (``LearningSpec/errorSize`` wide), if the rule takes an error.
  let error: UnsafeMutablePointer<S>?
  /// The step's own copies: error encoders, gains, and the local error of one example.
  let errorEncoders: Buffer<S>?
  let gains: Buffer<S>?
  let localError: Buffer<S>
  /// The rule's constants in this precision: PES's `-κ dt / n`, BCM's and Oja's `κ dt`.
  let alpha: S
  let beta: S

  init(
    spec: LearningSpec, state: LearningState<S>, plan: KernelPlan, preOutput: UnsafeMutablePointer<S>,
    postOutput: UnsafeMutablePointer<S>?, error: UnsafeMutablePointer<S>?, m: Int
  ) {
    self.spec = spec
    self.state = state
    self.preOutput = preOutput
    self.postOutput = postOutput
    self.error = error
    self.m = m
    nPre = plan.populations[spec.prePopulation].n
    nPost = spec.postPopulation.map { plan.populations[$0].n } ?? 0
    func copy(_ values: [Double]?) -> Buffer<S>? {
      values.map { v in
        let b = Buffer<S>(count: v.count, repeating: 0)
        b.write(v.map { S($0) }, at: 0)
        return b
      }
    }
    errorEncoders = copy(spec.errorEncoders)
    gains = copy(spec.gains)
    localError = Buffer(count: m, repeating: 0)
    switch spec.rule {
    case .pes(let rate):
      alpha = S(-rate * plan.dt / Double(nPre))
      beta = 0
    case .bcm(let rate):
      alpha = S(rate * plan.dt)
      beta = 0
    case .oja(let rate, let b):
      alpha = S(rate * plan.dt)
      beta = S(b)
    }
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      let rawPre = UnsafePointer(preOutput + b * nPre)
      let pre = state.pre?.update(b, input: rawPre) ?? rawPre
      let w = state.weights.base + b * state.count
      let gain = gains.map { UnsafePointer($0.base) }
      switch spec.rule {
      case .pes:
        guard let error else { continue }
        var e = UnsafePointer(error + r * spec.errorSize)
        if let encoders = errorEncoders {
          // local_error = scaled_encoders @ error (Nengo's `PES:encode` DotInc into zero).
          let d = spec.errorSize
          for j in 0..<m {
            var acc: S = 0
            for q in 0..<d { acc += encoders[j * d + q] * e[q] }
            localError[j] = acc
          }
          e = UnsafePointer(localError.base)
        }
        LearningKernel.pes(alpha: alpha, n: nPre, m: m, error: e, activities: pre, gain: gain, weights: w)
      case .bcm:
        guard let postOutput else { continue }
        let rawPost = UnsafePointer(postOutput + b * nPost)
        let post = state.post?.update(b, input: rawPost) ?? rawPost
        let theta = state.theta?.update(b, input: rawPost) ?? rawPost
        LearningKernel.bcm(alpha: alpha, n: nPre, m: m, pre: pre, post: post, theta: theta, gain: gain, weights: w)
      case .oja:
        guard let postOutput else { continue }
        let rawPost = UnsafePointer(postOutput + b * nPost)
        let post = state.post?.update(b, input: rawPost) ?? rawPost
        LearningKernel.oja(alpha: alpha, beta: beta, n: nPre, m: m, pre: pre, post: post, gain: gain, weights: w)
      }
      counters.denseOperations += nPre * m
    }
  }
}

/// Writes the chunk's learned weights as Nengo shapes them, `(m, n)` row-major with the
/// folded gains divided out, into the worker's rows for a weights probe to record.
final class WeightsView<S: EngineScalar>: EngineStep {
  let state: LearningState<S>
  let n: Int
  let m: Int
  let gains: [S]?
  let rows: UnsafeMutablePointer<S>

  init(state: LearningState<S>, n: Int, m: Int, gains: [Double]?, rows: UnsafeMutablePointer<S>) {
    self.state = state
    self.n = n
    self.m = m
    self.gains = gains.map { $0.map { S($0) } }
    self.rows = rows
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let w = state.weights.base + (chunk.lo + r) * state.count
      let out = rows + r * state.count
      for j in 0..<m {
        let g = gains?[j] ?? 1
        for i in 0..<n { out[j * n + i] = gains == nil ? w[i * m + j] : w[i * m + j] / g }
      }
    }
  }
}
