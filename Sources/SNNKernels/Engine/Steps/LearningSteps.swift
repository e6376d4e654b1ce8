/// `J += E x`: a population's decoded input (the chunk's rows, `d` wide) encoded with each
/// example's learned scaled encoders (`d` rows of `n`).
final class EncodeInput<S: EngineScalar>: EngineStep {
  let d: Int
  let n: Int
  let state: LearningState<S>
  let input: UnsafeMutablePointer<S>
  let current: UnsafeMutablePointer<S>

  init(d: Int, state: LearningState<S>, input: UnsafeMutablePointer<S>, current: PopulationSignals<S>) {
    self.d = d
    n = current.n
    self.state = state
    self.input = input
    self.current = current.current.base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      addEncoded(
        input + r * d, d: d, encoders: state.weights.base + (chunk.lo + r) * state.count, n: n,
        into: current + r * n)
      counters.denseOperations += d * n
    }
  }
}

/// Steps a connection's learning rule for the chunk's examples (Nengo's `SimPES`,
/// `SimBCM`, `SimOja`, `SimRLS`, `SimVoja` with their set-mode activity filters): reads
/// this step's filtered pre activities (``FilterActivities``), filters the post outputs,
/// then adds the change to the example's weights (``LearningKernel``).
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
  /// RLS's `P r` of one example.
  let scratch: Buffer<S>
  /// Voja: the chunk's rows of the post's decoded input, and each neuron's scale.
  let ensembleInput: UnsafeMutablePointer<S>?
  let encoderScale: Buffer<S>?
  /// The rule's constants in this precision: PES's `-κ dt / n`, BCM's and Oja's `κ dt`.
  let alpha: S
  let beta: S

  init(
    spec: LearningSpec, state: LearningState<S>, plan: KernelPlan, preOutput: UnsafeMutablePointer<S>,
    postOutput: UnsafeMutablePointer<S>?, error: UnsafeMutablePointer<S>?, m: Int,
    ensembleInput: UnsafeMutablePointer<S>? = nil
  ) {
    self.ensembleInput = ensembleInput
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
    encoderScale = copy(spec.encoderScale)
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
    case .rls:
      alpha = 0
      beta = 0
    case .voja(let rate):
      alpha = S(rate * plan.dt)
      beta = 0
    }
    scratch = Buffer(count: nPre, repeating: 0)
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      // This step's filtered pre activities (``FilterActivities`` ran before).
      let pre = UnsafePointer(state.pre.map { $0.output.base + b * nPre } ?? preOutput + b * nPre)
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
      case .rls:
        guard let error, let p = state.inverseGamma else { continue }
        LearningKernel.rls(
          n: nPre, m: m, error: error + r * spec.errorSize, activities: pre, inverseGamma: p.base + b * nPre * nPre,
          scratch: scratch.base, weights: w)
        counters.denseOperations += 2 * nPre * nPre
      case .voja:
        guard let postOutput, let error, let x = ensembleInput, let scale = encoderScale else { continue }
        let rawPost = UnsafePointer(postOutput + b * nPost)
        let post = state.post?.update(b, input: rawPost) ?? rawPost
        let d = state.count / max(nPost, 1)
        LearningKernel.voja(
          alphaSignal: alpha * error[r], n: nPost, d: d, input: x + r * d, post: post, scale: scale.base, encoders: w)
        counters.denseOperations += nPost * d
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

/// Steps a learning rule's pre-activity filter on this step's outputs for the chunk's
/// examples (set mode: the rule and probes read the result in the same step).
final class FilterActivities<S: EngineScalar>: EngineStep {
  let state: LearningState<S>
  let preOutput: UnsafeMutablePointer<S>

  init(state: LearningState<S>, preOutput: UnsafeMutablePointer<S>) {
    self.state = state
    self.preOutput = preOutput
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    guard let filter = state.pre else { return }
    for b in chunk.lo..<(chunk.lo + chunk.rows) {
      _ = filter.update(b, input: preOutput + b * filter.size)
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
