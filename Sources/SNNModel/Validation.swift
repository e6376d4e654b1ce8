/// The checks a ``Network`` runs as objects are added: sizes, parameters and Nengo's
/// transform shape rules, each failing with a ``ModelError`` that names the object.
enum Validation {
  static func check(_ node: Node) throws(ModelError) {
    let name = node.label
    let takesInput: Bool
    switch node.source {
    case .function, .passthrough: takesInput = true
    default: takesInput = false
    }
    // A function of (t, x) may be a sink (Nengo's size_out 0); every other node outputs.
    var mayBeSink = false
    if case .function = node.source { mayBeSink = true }
    guard node.size > 0 || (mayBeSink && node.size == 0) else {
      throw ModelError(object: name, attribute: "size_out", "must be positive, got \(node.size)")
    }
    guard takesInput ? node.sizeIn >= 0 : node.sizeIn == 0 else {
      throw ModelError(object: name, attribute: "size_in", "must be 0 for a node without input, got \(node.sizeIn)")
    }
    switch node.source {
    case .constant(let values):
      guard values.allSatisfy(\.isFinite) else {
        throw ModelError(object: name, attribute: "output", "contains NaN or infinite values")
      }
    case .time(let f):
      guard f.body(0).allSatisfy(\.isFinite) else {
        throw ModelError(object: name, attribute: "output", "f(0) contains NaN or infinite values")
      }
    case .passthrough:
      guard node.sizeIn > 0, node.size == node.sizeIn else {
        throw ModelError(
          object: name, attribute: "size_in",
          "a passthrough node needs size_in = size_out > 0, got \(node.sizeIn) and \(node.size)")
      }
    case .process(let p):
      guard p.sizeOut == node.size else {
        throw ModelError(object: name, attribute: "size_out", "\(node.size) for a process of \(p.sizeOut) outputs")
      }
    case .input, .function: break
    }
  }

  static func check(_ e: Ensemble) throws(ModelError) {
    let name = e.label
    guard e.nNeurons > 0 else {
      throw ModelError(object: name, attribute: "n_neurons", "must be positive, got \(e.nNeurons)")
    }
    guard e.dimensions > 0 else {
      throw ModelError(object: name, attribute: "dimensions", "must be positive, got \(e.dimensions)")
    }
    if let r = e.radius, !(r > 0 && r.isFinite) {
      throw ModelError(object: name, attribute: "radius", "must be positive and finite, got \(r)")
    }
    for (attr, values) in [("gain", e.gain), ("bias", e.bias)] {
      guard let values else { continue }
      guard values.count == e.nNeurons else {
        throw ModelError(object: name, attribute: attr, "\(values.count) values for \(e.nNeurons) neurons")
      }
      guard values.allSatisfy(\.isFinite) else {
        throw ModelError(object: name, attribute: attr, "contains NaN or infinite values")
      }
    }
    if (e.gain == nil) != (e.bias == nil) {
      throw ModelError(
        object: name, attribute: e.gain == nil ? "gain" : "bias",
        "gain and bias must be given together (Nengo's rule)")
    }
    if let enc = e.encoders {
      guard enc.rows == e.nNeurons, enc.cols == e.dimensions else {
        throw ModelError(
          object: name, attribute: "encoders",
          "shape \(enc.shapeDescription) does not match (n_neurons, dimensions) = (\(e.nNeurons), \(e.dimensions))")
      }
      guard enc.nonFiniteSummary() == nil else {
        throw ModelError(object: name, attribute: "encoders", "contains NaN or infinite values")
      }
    }
    if let type = e.neuronType { try type.model.validate(object: name) }
    if let r = e.initialRefractory {
      guard e.neuronType?.model.hasRefractoryTime ?? false else {
        throw ModelError(
          object: name, attribute: "initial_state",
          "\(e.neuronType?.name ?? "?") neurons have no refractory time (LIF has)")
      }
      guard r.count == e.nNeurons, r.allSatisfy({ $0.isFinite }) else {
        throw ModelError(
          object: name, attribute: "initial_state",
          "refractory_time needs \(e.nNeurons) finite values, got \(r.count)")
      }
    }
  }

  static func check(_ c: Connection, in net: Network) throws(ModelError) {
    let obj = c.label
    guard net.contains(c.pre) else { throw ModelError(object: obj, attribute: "pre", "is not in this network") }
    if case .learningRule(let k) = c.post, net.connections.indices.contains(k), net.connections[k].learningRule == nil {
      throw ModelError(object: obj, attribute: "post", "connection \(net.connections[k].label) has no learning rule")
    }
    guard net.contains(c.post) else { throw ModelError(object: obj, attribute: "post", "is not in this network") }
    let decoded: Bool
    if case .ensemble = c.pre { decoded = true } else { decoded = false }
    if !decoded, c.function != .identity || c.solver != .default {
      throw ModelError(
        object: obj, attribute: "function",
        "a function or solver needs a decoded connection, from an ensemble (not a node or .neurons)")
    }
    if case .node(let id) = c.post, net.nodes[id.index].sizeIn == 0 {
      throw ModelError(
        object: obj, attribute: "post", "the node \(net.name(of: c.post)) takes no input (size_in 0)")
    }
    for end in [c.pre, c.post] {
      if case .neurons(let id) = end, net.ensembles[id.index].neuronType?.model is Direct {
        throw ModelError(
          object: obj, attribute: end == c.pre ? "pre" : "post",
          "\(net.ensembles[id.index].label) has Direct neurons: it has no neurons to connect; connect the ensemble")
      }
    }
    if case .ensemble(let id) = c.pre, net.ensembles[id.index].neuronType?.model is Direct {
      if case .values = c.function {
        throw ModelError(
          object: obj, attribute: "function",
          "a connection from a Direct ensemble computes its function exactly: give a closure, not values")
      }
      if c.solver != .default {
        throw ModelError(object: obj, attribute: "solver", "a connection from a Direct ensemble has no decoders")
      }
    }
    if case .learningRule = c.pre {
      throw ModelError(object: obj, attribute: "pre", "a learning rule has no output to connect from")
    }
    if case .learningRule(let k) = c.post, net.size(of: c.post) == 0 {
      throw ModelError(
        object: obj, attribute: "post",
        "\(net.connections[k].learningRule?.name ?? "the rule") of \(net.connections[k].label) takes no error input")
    }
    if let rule = c.learningRule { try check(rule, of: c, in: net) }
    try check(slice: c.preSlice, of: net.size(of: c.pre), attribute: "pre_slice", distinct: false, object: obj)
    try check(slice: c.postSlice, of: net.inputSize(of: c.post), attribute: "post_slice", distinct: true, object: obj)
    // A decoded function's output size is known once it is evaluated (the builder checks
    // the transform against it).
    if decoded, c.function != .identity {
      if let s = c.synapse { try check(s, object: obj) }
      return
    }
    let sizeIn = c.preSlice?.count ?? net.size(of: c.pre)
    let sizeOut = c.postSlice?.count ?? net.inputSize(of: c.post)
    let pre = net.name(of: c.pre) + (c.preSlice == nil ? "" : "[slice]")
    let post = net.name(of: c.post) + (c.postSlice == nil ? "" : "[slice]")
    switch c.transform {
    case .scalar(let s):
      guard s.isFinite else { throw ModelError(object: obj, attribute: "transform", "is not finite") }
      guard sizeIn == sizeOut else {
        throw ModelError(
          object: obj, attribute: "transform",
          "a scalar transform is one-to-one and needs equal sizes, but \(pre) has \(sizeIn) and \(post) has \(sizeOut)")
      }
    case .vector(let v):
      guard v.allSatisfy(\.isFinite) else {
        throw ModelError(object: obj, attribute: "transform", "contains NaN or infinite values")
      }
      guard sizeIn == sizeOut, v.count == sizeIn else {
        throw ModelError(
          object: obj, attribute: "transform",
          "a vector transform of length \(v.count) needs \(pre) (\(sizeIn)) and \(post) (\(sizeOut)) of that size")
      }
    case .matrix(let m):
      guard m.rows == sizeOut, m.cols == sizeIn else {
        throw ModelError(
          object: obj, attribute: "transform",
          "shape \(m.shapeDescription) does not match (size_out, size_in) = (\(sizeOut), \(sizeIn)) of \(post) <- \(pre); a Keras kernel (in, out) must be transposed"
        )
      }
      if let bad = m.nonFiniteSummary() {
        throw ModelError(
          object: obj, attribute: "transform",
          "\(bad.count) NaN or infinite weights, the first at flat index \(bad.firstIndex)")
      }
    }
    if let s = c.synapse { try check(s, object: obj) }
  }

  /// A learning rule's parameters and whether it applies to `c` (Nengo's
  /// `ConnectionLearningRuleTypeParam` checks).
  static func check(_ rule: LearningRule, of c: Connection, in net: Network) throws(ModelError) {
    let obj = c.label
    let rate: Double
    var synapses: [Synapse?] = []
    switch rule {
    case .pes(let r):
      rate = r.learningRate
      synapses = [r.preSynapse]
    case .bcm(let r):
      rate = r.learningRate
      synapses = [r.preSynapse, r.postSynapse, r.thetaSynapse]
    case .rls(let r):
      rate = r.learningRate
      synapses = [r.preSynapse]
    case .voja(let r):
      rate = r.learningRate
      synapses = [r.postSynapse]
    case .oja(let r):
      rate = r.learningRate
      synapses = [r.preSynapse, r.postSynapse]
      guard r.beta >= 0, r.beta.isFinite else {
        throw ModelError(object: obj, attribute: "learning_rule_type", "beta must be >= 0 and finite, got \(r.beta)")
      }
    }
    guard rate >= 0, rate.isFinite else {
      throw ModelError(
        object: obj, attribute: "learning_rule_type", "learning_rate must be >= 0 and finite, got \(rate)")
    }
    for case let s? in synapses { try check(s, object: obj) }
    // Slices: a decoded connection into an ensemble learns its sliced decoders as Nengo
    // does; other forms would need sliced activities or encoders.
    var decodedIntoEnsemble = false
    if case .ensemble = c.pre, case .ensemble = c.post, rule.modifiesDecoders, !c.solver.weights {
      decodedIntoEnsemble = true
    }
    if !decodedIntoEnsemble, c.preSlice != nil || c.postSlice != nil {
      throw ModelError(
        object: obj, attribute: c.preSlice != nil ? "pre_slice" : "post_slice",
        "slices on a learning connection are supported only from an ensemble into an ensemble (decoded) yet")
    }
    if rule.modifiesEncoders {
      guard case .ensemble = c.post, !c.solver.weights else {
        throw ModelError(
          object: obj, attribute: "learning_rule_type",
          "learning rule \(rule.name) modifies encoders: 'post' must be an ensemble, without a weights solver (got \(net.name(of: c.post)))"
        )
      }
      if case .ensemble(let id) = c.post, net.ensembles[id.index].neuronType?.model is Direct {
        throw ModelError(
          object: obj, attribute: "learning_rule_type",
          "learning rule \(rule.name) modifies encoders: \(net.ensembles[id.index].label) is a Direct ensemble, which has none"
        )
      }
      return
    }
    if case .ensemble(let id) = c.pre, net.ensembles[id.index].neuronType?.model is Direct {
      throw ModelError(
        object: obj, attribute: "learning_rule_type",
        "learning rule \(rule.name) learns on the pre activities: \(net.ensembles[id.index].label) is a Direct ensemble, which has no neurons"
      )
    }
    if c.solver.weights, case .ensemble(let id) = c.post, net.ensembles[id.index].neuronType?.model is Direct {
      throw ModelError(
        object: obj, attribute: "learning_rule_type",
        "learning rule \(rule.name) with a weights solver learns the post neurons' weights: \(net.ensembles[id.index].label) is a Direct ensemble, which has no neurons"
      )
    }
    switch c.pre {
    case .ensemble, .neurons: break
    default:
      throw ModelError(
        object: obj, attribute: "learning_rule_type",
        "'pre' must be an ensemble or its neurons for learning rule \(rule.name) (got \(net.name(of: c.pre)))")
    }
    var toNeurons = false
    switch c.post {
    case .neurons: toNeurons = true
    case .ensemble: toNeurons = c.solver.weights
    case .node: toNeurons = false
    default:
      throw ModelError(
        object: obj, attribute: "learning_rule_type",
        "'post' must be an ensemble or its neurons for learning rule \(rule.name) (got \(net.name(of: c.post)))")
    }
    if !rule.modifiesDecoders, !toNeurons {
      throw ModelError(
        object: obj, attribute: "learning_rule_type",
        "learning rule \(rule.name) can only be applied on connections to neurons; connect to .neurons or use a solver with weights: true"
      )
    }
    if case .neurons = c.pre, case .matrix = c.transform {
    } else if case .neurons = c.pre {
      throw ModelError(
        object: obj, attribute: "transform", "must be a 2-dimensional matrix for learning (Nengo's rule)")
    }
  }

  /// A slice's indices: at least one, each within `0..<size`, each once when `distinct`.
  static func check(slice: [Int]?, of size: Int, attribute: String, distinct: Bool, object: String) throws(ModelError) {
    guard let slice else { return }
    guard !slice.isEmpty else { throw ModelError(object: object, attribute: attribute, "selects no element") }
    if let bad = slice.first(where: { !(0..<size).contains($0) }) {
      throw ModelError(object: object, attribute: attribute, "index \(bad) is outside 0..<\(size)")
    }
    if distinct, Set(slice).count != slice.count {
      throw ModelError(object: object, attribute: attribute, "repeats an index; each element may be selected once")
    }
  }

  static func check(_ p: Probe, in net: Network) throws(ModelError) {
    guard net.contains(p.target) else {
      throw ModelError(object: p.label, attribute: "target", "is not in this network")
    }
    switch (p.target, p.attribute) {
    case (.learningRule(let k), .inverseGamma):
      guard case .rls = net.connections[k].learningRule else {
        throw ModelError(object: p.label, attribute: "attr", "only an RLS rule has inv_gamma")
      }
      let n = net.weightShape(ofConnection: k).cols
      try check(slice: p.slice, of: n * n, attribute: "slice", distinct: false, object: p.label)
      if let s = p.synapse { try check(s, object: p.label) }
      return
    case (.learningRule(let k), .activities):
      guard !(net.connections[k].learningRule?.modifiesEncoders ?? false) else {
        throw ModelError(object: p.label, attribute: "attr", "\(net.name(of: p.target)) filters no pre activities")
      }
      let n = net.weightShape(ofConnection: k).cols
      try check(slice: p.slice, of: n, attribute: "slice", distinct: false, object: p.label)
      if let s = p.synapse { try check(s, object: p.label) }
      return
    case (.learningRule(let k), .weights), (.learningRule(let k), .scaledEncoders):
      let encoders = net.connections[k].learningRule?.modifiesEncoders ?? false
      guard encoders == (p.attribute == .scaledEncoders) else {
        throw ModelError(
          object: p.label, attribute: "attr",
          encoders
            ? "\(net.name(of: p.target)) learns encoders: probe .scaledEncoders"
            : "\(net.name(of: p.target)) learns weights: probe .weights")
      }
      let shape = net.weightShape(ofConnection: k)
      try check(slice: p.slice, of: shape.rows * shape.cols, attribute: "slice", distinct: false, object: p.label)
      if let s = p.synapse { try check(s, object: p.label) }
      return
    case (.learningRule, _):
      throw ModelError(
        object: p.label, attribute: "attr",
        "a learning rule's probe records its connection's weights (.weights) or its encoders (.scaledEncoders)")
    case (_, .weights), (_, .scaledEncoders), (_, .activities), (_, .inverseGamma):
      throw ModelError(
        object: p.label, attribute: "attr",
        "\(p.attribute.rawValue) are probed on a learning rule: target .learningRule(connection)")
    default: break
    }
    try check(slice: p.slice, of: net.size(of: p.target), attribute: "slice", distinct: false, object: p.label)
    if let period = p.sampleEvery, !(period > 0 && period.isFinite) {
      throw ModelError(object: p.label, attribute: "sample_every", "must be positive and finite, got \(period) s")
    }
    if case .neurons(let id) = p.target, net.ensembles[id.index].neuronType?.model is Direct {
      throw ModelError(
        object: p.label, attribute: "target",
        "\(net.ensembles[id.index].label) has Direct neurons: probe the ensemble's decoded value")
    }
    switch (p.target, p.attribute) {
    case (.ensemble, .output): break
    case (.ensemble, _):
      throw ModelError(
        object: p.label, attribute: "target",
        "an ensemble's decoded value has only an output; probe \(net.name(of: p.target)).neurons for \(p.attribute.rawValue)"
      )
    case (.node, .voltage), (.node, .input), (.node, .refractoryTime), (.node, .rateOut), (.node, .adaptation),
      (.node, .recovery):
      throw ModelError(object: p.label, attribute: "attr", "a node has no \(p.attribute.rawValue)")
    case (.neurons(let id), .voltage):
      guard net.ensembles[id.index].neuronType?.model.hasVoltage ?? false else {
        throw ModelError(
          object: p.label, attribute: "attr",
          "\(net.ensembles[id.index].neuronType?.name ?? "?") neurons have no voltage")
      }
    case (.neurons(let id), .refractoryTime):
      guard net.ensembles[id.index].neuronType?.model.hasRefractoryTime ?? false else {
        throw ModelError(
          object: p.label, attribute: "attr",
          "\(net.ensembles[id.index].neuronType?.name ?? "?") neurons have no refractory_time")
      }
    case (.neurons(let id), .rateOut):
      guard net.ensembles[id.index].neuronType?.model.hasRateOut ?? false else {
        throw ModelError(
          object: p.label, attribute: "attr",
          "\(net.ensembles[id.index].neuronType?.name ?? "?") neurons have no rate_out (only spiking wrappers of a rate type)"
        )
      }
    case (.neurons(let id), .adaptation), (.neurons(let id), .recovery):
      guard net.ensembles[id.index].neuronType?.model.auxiliaryState == p.attribute.rawValue else {
        throw ModelError(
          object: p.label, attribute: "attr",
          "\(net.ensembles[id.index].neuronType?.name ?? "LIF") neurons have no \(p.attribute.rawValue)")
      }
    default: break
    }
    if let s = p.synapse { try check(s, object: p.label) }
  }

  static func check(_ s: Synapse, object: String) throws(ModelError) {
    guard s.tau >= 0, s.tau.isFinite else {
      throw ModelError(object: object, attribute: "synapse", "tau must be >= 0 and finite, got \(s.tau) s")
    }
  }
}
