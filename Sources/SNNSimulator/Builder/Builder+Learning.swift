import SNNCore
import SNNKernels
import SNNModel

/// Learning rules (Nengo's `build_learning_rule`, `build_pes`, `build_bcm`, `build_oja` in
/// `nengo/builder/learning_rules.py`): a learning connection gets a ``LearningSpec``, the
/// connections into its rule become error connections, and each rule adds two steps, the
/// reset of its error and the rule itself.
extension Builder {
  /// The learning spec of connection `c` (index `k`), already built as `spec`.
  /// - Throws: ``BuildError`` naming the connection for forms the engine does not learn on
  ///   yet.
  static func learningSpec(
    _ c: Connection, index k: Int, spec: ConnectionSpec, in network: Network, ensembles: [BuiltEnsemble],
    dt: Double, precision: Precision
  ) throws -> LearningSpec? {
    guard let rule = c.learningRule else { return nil }
    guard case .rows = spec.weights else {
      throw BuildError(object: c.label, "learning needs a weight matrix (a 2-dimensional transform)")
    }
    let prePopulation: Int
    switch c.pre {
    case .ensemble(let id), .neurons(let id): prePopulation = id.index
    default: throw BuildError(object: c.label, "learning needs a pre ensemble or neurons")
    }
    var postNeurons: Int?
    switch c.post {
    case .neurons(let id): postNeurons = id.index
    case .ensemble where c.solver.weights:
      throw BuildError(object: c.label, "learning on a connection solved with weights: true is not supported yet")
    default: break
    }
    func filter(_ s: Synapse?) -> FilterSpec? { s.map { FilterDesign.discretize($0, dt: dt) } }
    let gains = try postNeurons.map { try rounded(ensembles[$0].gain, precision, object: c.label, attribute: "gain") }
    if let gains, gains.contains(0) {
      throw BuildError(object: c.label, "learning into neurons with a zero gain is not supported")
    }
    switch rule {
    case .pes(let r):
      var errorEncoders: [Double]?
      if let post = postNeurons {
        // Nengo's local error: the post's scaled encoders (gain * encoders / radius) times
        // the error, one value per post neuron.
        let e = ensembles[post]
        var values = [Double](repeating: 0, count: e.encoders.rows * e.encoders.cols)
        for j in 0..<e.encoders.rows {
          for q in 0..<e.encoders.cols { values[j * e.encoders.cols + q] = e.encoders[j, q] * (e.gain[j] / e.radius) }
        }
        errorEncoders = try rounded(values, precision, object: c.label, attribute: "scaled encoders")
      }
      return LearningSpec(
        rule: .pes(learningRate: r.learningRate), prePopulation: prePopulation, preFilter: filter(r.preSynapse),
        errorSize: network.size(of: .learningRule(k)), errorEncoders: errorEncoders, gains: gains)
    case .bcm(let r):
      guard let post = postNeurons else { throw BuildError(object: c.label, "BCM needs a connection into neurons") }
      return LearningSpec(
        rule: .bcm(learningRate: r.learningRate), prePopulation: prePopulation, postPopulation: post,
        preFilter: filter(r.preSynapse), postFilter: filter(r.postSynapse), thetaFilter: filter(r.thetaSynapse),
        errorSize: 0, gains: gains)
    case .oja(let r):
      guard let post = postNeurons else { throw BuildError(object: c.label, "Oja needs a connection into neurons") }
      return LearningSpec(
        rule: .oja(learningRate: r.learningRate, beta: r.beta), prePopulation: prePopulation, postPopulation: post,
        preFilter: filter(r.preSynapse), postFilter: filter(r.postSynapse), errorSize: 0, gains: gains)
    }
  }

  /// A connection into connection `rule`'s learning rule (its error): `W x` with `W` the
  /// decoders times the transform (from an ensemble) or the transform (from a node or
  /// neurons), no gains or encoders, then the connection's synapse.
  static func buildErrorConnection(
    _ c: Connection, rule: Int, in network: Network, ensembles: [BuiltEnsemble],
    encoding: (Int) throws -> EnsembleEncoding,
    dt: Double, path: SynapticPathChoice, precision: Precision, seed: UInt64
  ) throws -> (ConnectionSpec, String) {
    let size = network.size(of: c.post)
    let source: SignalSource
    let weights: Weights
    let preSize: Int
    var spiking = false
    switch c.pre {
    case .ensemble(let id):
      source = .population(id.index)
      spiking = ensembles[id.index].neuronType.isSpiking
      preSize = network.ensembles[id.index].nNeurons
      var builder = DecoderBuilder(connection: c.label, pre: try encoding(id.index))
      builder.function = c.function
      builder.preSlice = c.preSlice
      builder.solver = c.solver
      builder.transform = transformMatrix(c.transform, sizeOut: size)
      var rng = SplitMix64(seed: seed)
      let d = try builder.build(using: &rng).weights  // size x n_pre
      guard d.rows == size else {
        throw BuildError(object: c.label, "the transform gives \(d.rows) values for an error of size \(size)")
      }
      var rows = [Double](repeating: 0, count: d.rows * d.cols)
      for i in 0..<d.cols {
        for q in 0..<d.rows { rows[i * d.rows + q] = d[q, i] }
      }
      weights = .rows(try rounded(rows, precision, object: c.label, attribute: "decoders"))
    default:
      preSize = network.size(of: c.pre)
      if case .neurons(let id) = c.pre {
        source = .population(id.index)
        spiking = ensembles[id.index].neuronType.isSpiking
      } else if case .node(let id) = c.pre {
        source = .node(id.index)
      } else {
        throw BuildError(object: c.label, "cannot connect from \(network.name(of: c.pre))")
      }
      switch unsliced(c, try rounded(c, precision), preSize: preSize, postSize: size, precision: precision) {
      case .scalar(let s): weights = .elementwise([Double](repeating: s, count: size))
      case .vector(let v): weights = .elementwise(v)
      case .matrix(let t):
        var w = [Double](repeating: 0, count: t.rows * t.cols)
        for j in 0..<t.rows {
          for i in 0..<t.cols { w[i * t.rows + j] = t[j, i] }
        }
        weights = .rows(w)
      }
    }
    let chosen: SynapticPath = path != .dense && spiking ? .event : .dense
    let spec = ConnectionSpec(
      pre: source, post: .learningRule(rule), preSize: preSize, postSize: size,
      weights: weights, path: chosen, filter: c.synapse.map { FilterDesign.discretize($0, dt: dt) })
    return (spec, chosen == .event ? "the error's source spikes: event-driven" : "the error: dense")
  }

  /// Every learning rule's steps: the reset of its error, its error connections (those
  /// without a synapse add `W x` directly, the others their synapse output of the previous
  /// step), and the rule.
  static func learningSteps(_ plan: KernelPlan) -> [StepSpec] {
    var steps: [StepSpec] = []
    for (k, c) in plan.connections.enumerated() {
      guard let l = c.learning else { continue }
      if l.errorSize > 0 {
        steps.append(.resetError(connection: k))
        for (e, error) in plan.connections.enumerated() where error.post == .learningRule(k) {
          steps.append(error.filter == nil ? .dotInc(connection: e, into: .post) : .addSynapseOutput(connection: e))
        }
      }
      steps.append(.learn(connection: k))
    }
    return steps
  }
}
