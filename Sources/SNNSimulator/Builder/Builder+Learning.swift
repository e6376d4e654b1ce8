import SNNCore
import SNNKernels
import SNNModel

/// Learning rules (Nengo's `build_learning_rule`, `build_pes`, `build_bcm`, `build_oja`,
/// `build_rls` in
/// `nengo/builder/learning_rules.py`): a learning connection gets a ``LearningSpec``, the
/// connections into its rule add into its error (built as connections into a signal,
/// ``Graph/target(of:ensembles:)``), and each rule adds two steps, the reset of its error
/// and the rule itself.
extension Builder {
  /// The learning spec of connection `c` (index `k`), already built as `spec`;
  /// `population` gives an ensemble's population in the plan.
  /// - Throws: ``BuildError`` naming the connection for forms the engine does not learn on
  ///   yet.
  static func learningSpec(
    _ c: Connection, index k: Int, spec: ConnectionSpec, in network: Network, ensembles: [BuiltEnsemble],
    population: (EnsembleID) -> Int, dt: Double, precision: Precision
  ) throws -> LearningSpec? {
    guard let rule = c.learningRule else { return nil }
    if case .voja(let r) = rule {
      guard case .ensemble(let id) = c.post else { throw BuildError(object: c.label, "Voja needs a post ensemble") }
      let e = ensembles[id.index]
      let (n, d) = (e.encoders.rows, e.encoders.cols)
      // Nengo's scaled encoders, gain / radius times the encoders, as d rows of n.
      let scale = e.gain.map { $0 / e.radius }
      var encoders = [Double](repeating: 0, count: n * d)
      for j in 0..<n {
        for q in 0..<d { encoders[q * n + j] = e.encoders[j, q] * scale[j] }
      }
      var spec = LearningSpec(
        rule: .voja(learningRate: r.learningRate), prePopulation: population(id), postPopulation: population(id),
        preFilter: nil,
        postFilter: r.postSynapse.map { FilterDesign.discretize($0, dt: dt) }, errorSize: 1)
      spec.learnedEncoders = try rounded(encoders, precision, object: c.label, attribute: "scaled encoders")
      spec.encoderScale = try rounded(scale, precision, object: c.label, attribute: "gain / radius")
      spec.errorBaseline = 1
      return spec
    }
    guard case .rows = spec.weights else {
      throw BuildError(object: c.label, "learning needs a weight matrix (a 2-dimensional transform)")
    }
    let prePopulation: Int
    switch c.pre {
    case .ensemble(let id), .neurons(let id): prePopulation = population(id)
    default: throw BuildError(object: c.label, "learning needs a pre ensemble or neurons")
    }
    // Into neurons the engine folds the post gains into the weights; full weights
    // (`weights: true`) hold them already, as Nengo's do.
    var postNeurons: EnsembleID?
    var gains: [Double]?
    switch c.post {
    case .neurons(let id):
      postNeurons = id
      gains = try rounded(ensembles[id.index].gain, precision, object: c.label, attribute: "gain")
    case .ensemble(let id) where c.solver.weights: postNeurons = id
    default: break
    }
    func filter(_ s: Synapse?) -> FilterSpec? { s.map { FilterDesign.discretize($0, dt: dt) } }
    if let gains, gains.contains(0) {
      throw BuildError(object: c.label, "learning into neurons with a zero gain is not supported")
    }
    switch rule {
    case .pes(let r):
      var errorEncoders: [Double]?
      if let post = postNeurons {
        // Nengo's local error: the post's scaled encoders (gain * encoders / radius) times
        // the error, one value per post neuron.
        let e = ensembles[post.index]
        var values = [Double](repeating: 0, count: e.encoders.rows * e.encoders.cols)
        for j in 0..<e.encoders.rows {
          for q in 0..<e.encoders.cols { values[j * e.encoders.cols + q] = e.encoders[j, q] * (e.gain[j] / e.radius) }
        }
        errorEncoders = try rounded(values, precision, object: c.label, attribute: "scaled encoders")
      }
      return LearningSpec(
        rule: .pes(learningRate: r.learningRate), prePopulation: prePopulation, preFilter: filter(r.preSynapse),
        errorSize: network.size(of: .learningRule(k)), errorEncoders: errorEncoders, gains: gains)
    case .rls(let r):
      guard postNeurons == nil else {
        throw BuildError(object: c.label, "RLS on a connection into neurons is not supported (Nengo's error shape)")
      }
      return LearningSpec(
        rule: .rls(learningRate: r.learningRate), prePopulation: prePopulation, preFilter: filter(r.preSynapse),
        errorSize: network.size(of: .learningRule(k)))
    case .bcm(let r):
      guard let post = postNeurons else { throw BuildError(object: c.label, "BCM needs a connection into neurons") }
      return LearningSpec(
        rule: .bcm(learningRate: r.learningRate), prePopulation: prePopulation, postPopulation: population(post),
        preFilter: filter(r.preSynapse), postFilter: filter(r.postSynapse), thetaFilter: filter(r.thetaSynapse),
        errorSize: 0, gains: gains)
    case .voja: preconditionFailure("built above")
    case .oja(let r):
      guard let post = postNeurons else { throw BuildError(object: c.label, "Oja needs a connection into neurons") }
      return LearningSpec(
        rule: .oja(learningRate: r.learningRate, beta: r.beta), prePopulation: prePopulation,
        postPopulation: population(post),
        preFilter: filter(r.preSynapse), postFilter: filter(r.postSynapse), errorSize: 0, gains: gains)
    }
  }

  /// Refuses a decoded connection `c` into an ensemble's vector space without a synapse
  /// when it learns its decoders or its post's encoders learn: ``buildDecodedConnection``
  /// folds decode and encode into one matrix then, and neither rule has its decoders or
  /// encoders apart to learn.
  /// - Throws: ``BuildError`` naming the connection.
  static func refuseFoldedLearning(_ c: Connection, into target: Graph.Target, learnedEncoders: Set<Int>) throws {
    guard c.synapse == nil, case .ensemble = target, case .ensemble(let post) = c.post else { return }
    if c.learningRule?.modifiesDecoders ?? false || learnedEncoders.contains(post.index) {
      throw BuildError(
        object: c.label,
        "a decoded connection into an ensemble without a synapse cannot learn (its decoders, or the post's "
          + "encoders) yet; give it a synapse")
    }
  }

  /// A connection from neurons or a node into an ensemble's vector space whose rule learns
  /// its weights (PES, RLS on `neurons -> ensemble`): the transform (`size_out x size_in`,
  /// the weights the rule changes) then the post's scaled encoders as a separate encode
  /// step, as a decoded connection keeps them, instead of one folded matrix.
  /// - Throws: ``BuildError`` naming the connection without a synapse (the engine folds
  ///   decode and encode then).
  static func buildLearningIntoEnsemble(
    _ c: Connection, from source: Graph.Source, into target: Graph.Target, post e: BuiltEnsemble,
    transform: Transform, dt: Double, path: SynapticPathChoice, precision: Precision
  ) throws -> (ConnectionSpec, String) {
    guard let synapse = c.synapse else {
      throw BuildError(
        object: c.label,
        "a connection into an ensemble without a synapse cannot learn its weights yet; give it a synapse")
    }
    let (n, d, preSize) = (e.encoders.rows, e.encoders.cols, source.size)
    var rows = [Double](repeating: 0, count: preSize * d)
    for i in 0..<preSize {
      for q in 0..<d {
        switch transform {
        case .scalar(let s): rows[i * d + q] = q == i ? s : 0
        case .vector(let v): rows[i * d + q] = q == i ? v[i] : 0
        case .matrix(let m): rows[i * d + q] = m[q, i]
        }
      }
    }
    var encoders = [Double](repeating: 0, count: d * n)
    for q in 0..<d {
      for j in 0..<n { encoders[q * n + j] = e.encoders[j, q] * (e.gain[j] / e.radius) }
    }
    let spec = ConnectionSpec(
      pre: source.signal, post: target.connectionTarget, preSize: preSize, postSize: d,
      weights: .rows(try rounded(rows, precision, object: c.label, attribute: "weights")),
      path: path != .dense && source.spiking ? .event : .dense, filter: FilterDesign.discretize(synapse, dt: dt),
      encoders: try rounded(encoders, precision, object: c.label, attribute: "scaled encoders"))
    return (spec, "learning: the weights the rule changes, then the post's encoders")
  }

  /// Every learning rule's steps: the reset of its error, its error connections (those
  /// without a synapse add `W x` directly, the others their synapse output of the previous
  /// step), and the rule; for Voja also its post's decoded input (reset, the connections
  /// into it) and the encode step.
  static func learningSteps(_ plan: KernelPlan) -> [StepSpec] {
    var steps: [StepSpec] = []
    func incoming(_ target: ConnectionTarget) -> [StepSpec] {
      plan.connections.indices.filter { plan.connections[$0].post == target }.map { e in
        plan.connections[e].filter == nil ? .dotInc(connection: e, into: .post) : .addSynapseOutput(connection: e)
      }
    }
    for (k, c) in plan.connections.enumerated() {
      guard let l = c.learning else { continue }
      if l.learnedEncoders != nil, let p = l.postPopulation {
        steps.append(.resetEnsembleInput(population: p))
        steps += incoming(.ensembleInput(p))
        steps.append(.encode(connection: k))
      }
      if l.preFilter != nil { steps.append(.filterActivities(connection: k)) }
      if l.errorSize > 0 {
        steps.append(.resetError(connection: k))
        steps += incoming(.learningRule(k))
      }
      steps.append(.learn(connection: k))
    }
    return steps
  }

  /// The ensembles whose encoders a Voja rule learns.
  /// - Throws: ``BuildError`` for an ensemble with two of them.
  static func ensemblesWithLearnedEncoders(_ network: Network) throws -> Set<Int> {
    var found: Set<Int> = []
    for c in network.connections where c.learningRule?.modifiesEncoders ?? false {
      guard case .ensemble(let id) = c.post else { continue }
      guard found.insert(id.index).inserted else {
        throw BuildError(object: c.label, "a second encoder-learning rule on \(network.name(of: c.post))")
      }
    }
    return found
  }

  /// `spec` (connection `c`, as the graph lowered it, into ensemble `post`, whose encoders learn, population
  /// `postPopulation`) as a connection into the ensemble's decoded input: the post's encoders and gains taken out of its
  /// weights (a decoded connection keeps its decoders; one from a node or neurons gets
  /// its transform), so that the learned encoders encode the sum.
  static func ensembleInputConnection(
    _ c: Connection, _ spec: ConnectionSpec, post: EnsembleID, postPopulation: Int, in network: Network,
    precision: Precision
  ) throws -> ConnectionSpec {
    // Full weights (`weights: true`) go to the neurons: the decoded input gets nothing.
    if case .ensemble = c.pre, c.solver.weights { return spec }
    guard c.postSlice == nil else {
      throw BuildError(object: c.label, "a post slice into an ensemble whose encoders learn is not supported yet")
    }
    var out = spec
    out.post = .ensembleInput(postPopulation)
    if spec.encoders != nil {
      out.encoders = nil
      return out
    }
    let d = network.ensembles[post.index].dimensions
    let preSize = spec.preSize
    switch unsliced(c, try rounded(c, precision), preSize: preSize, postSize: d, precision: precision) {
    case .scalar(let s): out.weights = .elementwise([Double](repeating: s, count: d))
    case .vector(let v): out.weights = .elementwise(v)
    case .matrix(let t):
      var w = [Double](repeating: 0, count: t.rows * t.cols)
      for q in 0..<t.rows {
        for i in 0..<t.cols { w[i * t.rows + q] = t[q, i] }
      }
      out.weights = .rows(w)
    }
    out.postSize = d
    return out
  }
}
