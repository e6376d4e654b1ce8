import SNNCore

/// A network description: nodes, ensembles, connections and probes, plus per-kind config
/// defaults (Nengo's `Network` and `net.config`).
///
/// A `Network` is a value: it holds no state and does no arithmetic beyond validation. The
/// builder (`SNNSimulator.Builder`) compiles it into a plan that the `Simulator` runs.
///
/// ```swift
/// var net = Network(seed: 0)
/// net.config.ensemble.maxRates = .choice([100])
/// net.config.ensemble.intercepts = .choice([0])
/// net.config.connection.synapse = nil
/// let input = net.add(Node(size: 784, label: "input"))
/// let hidden = try net.add(Ensemble(nNeurons: 128, dimensions: 1, neuronType: .lif))
/// try net.connect(.node(input), .neurons(hidden), transform: .matrix(w1t))
/// ```
public struct Network: Sendable, Equatable {
  /// Seed for every sampled parameter and, by default, the simulator's random streams;
  /// `nil` draws one at build time.
  public var seed: UInt64?
  /// Defaults applied to objects added from now on.
  public var config = Config()
  /// A name for messages and files.
  public var label: String
  /// The nodes, in the order added.
  public private(set) var nodes: [Node] = []
  /// The ensembles, in the order added (defaults resolved).
  public private(set) var ensembles: [Ensemble] = []
  /// The connections, in the order added.
  public private(set) var connections: [Connection] = []
  /// The probes, in the order added.
  public private(set) var probes: [Probe] = []

  /// Creates an empty network.
  public init(seed: UInt64? = nil, label: String = "network") {
    self.seed = seed
    self.label = label
  }

  /// Adds a node and returns its handle.
  /// - Throws: ``ModelError`` for a non-positive size or non-finite constant values.
  @discardableResult
  public mutating func add(_ node: Node) throws(ModelError) -> NodeID {
    var node = node
    if node.label.isEmpty { node.label = "node\(nodes.count)" }
    try Validation.check(node)
    nodes.append(node)
    return NodeID(index: nodes.count - 1)
  }

  /// Adds an ensemble, filling unset parameters from ``config``, and returns its handle.
  /// - Throws: ``ModelError`` for invalid sizes or parameters.
  @discardableResult
  public mutating func add(_ ensemble: Ensemble) throws(ModelError) -> EnsembleID {
    var e = ensemble
    if e.label.isEmpty { e.label = "ensemble\(ensembles.count)" }
    e.neuronType = e.neuronType ?? config.ensemble.neuronType
    e.maxRates = e.maxRates ?? config.ensemble.maxRates
    e.intercepts = e.intercepts ?? config.ensemble.intercepts
    e.radius = e.radius ?? config.ensemble.radius
    try Validation.check(e)
    ensembles.append(e)
    return EnsembleID(index: ensembles.count - 1)
  }

  /// Connects `pre` to `post` with the config's default synapse; `function` and `solver`
  /// apply to a decoded connection (from `.ensemble`); `learningRule` makes it learn
  /// (connect its error into `.learningRule(index)`, the index returned here).
  /// - Throws: ``ModelError`` naming both objects when the shapes do not fit.
  @discardableResult
  public mutating func connect(
    _ pre: Endpoint, _ post: Endpoint, transform: Transform = .identity, preSlice: [Int]? = nil,
    postSlice: [Int]? = nil, function: ConnectionFunction = .identity, solver: Solver = .default,
    learningRule: LearningRule? = nil
  ) throws(ModelError) -> Int {
    try connect(
      pre, post, transform: transform, synapse: config.connection.synapse, preSlice: preSlice, postSlice: postSlice,
      function: function, solver: solver, learningRule: learningRule)
  }

  /// Connects `pre` to `post`; `synapse: nil` is Nengo's `synapse=None`; `function` and
  /// `solver` apply to a decoded connection (from `.ensemble`); `learningRule` makes it
  /// learn (connect its error into `.learningRule(index)`, the index returned here).
  /// - Throws: ``ModelError`` naming both objects when the shapes do not fit, or the rule
  ///   does not apply to this connection (Nengo's rules for `learning_rule_type`).
  @discardableResult
  public mutating func connect(
    _ pre: Endpoint, _ post: Endpoint, transform: Transform = .identity, synapse: Synapse?,
    label: String = "", preSlice: [Int]? = nil, postSlice: [Int]? = nil, function: ConnectionFunction = .identity,
    solver: Solver = .default, learningRule: LearningRule? = nil
  ) throws(ModelError) -> Int {
    let c = Connection(
      pre: pre, post: post, transform: transform, synapse: synapse,
      label: label.isEmpty ? "\(name(of: pre))->\(name(of: post))" : label, preSlice: preSlice, postSlice: postSlice,
      function: function, solver: solver, learningRule: learningRule)
    try Validation.check(c, in: self)
    connections.append(c)
    return connections.count - 1
  }

  /// Makes connection `k` learn with `rule` after it was added (the C API describes a
  /// connection first and its rule after).
  /// - Throws: ``ModelError`` naming the connection when `k` is not one of this network's
  ///   connections or the rule does not apply to it.
  package mutating func setLearningRule(_ rule: LearningRule, ofConnection k: Int) throws(ModelError) {
    guard connections.indices.contains(k) else {
      throw ModelError(
        object: "connection#\(k)", attribute: "learning_rule_type",
        "is not in this network (\(connections.count) connections)")
    }
    var c = connections[k]
    c.learningRule = rule
    try Validation.check(c, in: self)
    connections[k] = c
  }

  /// Adds a probe and returns its handle.
  /// - Throws: ``ModelError`` when the target has no such attribute.
  @discardableResult
  public mutating func probe(
    _ target: Endpoint, attribute: Probe.Attribute = .output, synapse: Synapse? = nil,
    mode: Probe.Mode = .everyStep, label: String = "", slice: [Int]? = nil, sampleEvery: Double? = nil
  ) throws(ModelError) -> ProbeID {
    let p = Probe(
      target: target, attribute: attribute, synapse: synapse, mode: mode,
      label: label.isEmpty ? "probe\(probes.count)" : label, slice: slice, sampleEvery: sampleEvery)
    try Validation.check(p, in: self)
    probes.append(p)
    return ProbeID(index: probes.count - 1)
  }

  /// The size of what a connection into `endpoint` adds into: a node's input size,
  /// ensemble dimensions, neuron count, or a learning rule's error size.
  public func inputSize(of endpoint: Endpoint) -> Int {
    if case .node(let id) = endpoint { return nodes[id.index].sizeIn }
    return size(of: endpoint)
  }

  /// The size of an endpoint's signal: node (output) size, ensemble dimensions, neuron
  /// count, or the size of a learning rule's error (Nengo's `learning_rule.size_in`; 0 for
  /// a rule that takes none).
  public func size(of endpoint: Endpoint) -> Int {
    switch endpoint {
    case .node(let id): return nodes[id.index].size
    case .ensemble(let id): return ensembles[id.index].dimensions
    case .neurons(let id): return ensembles[id.index].nNeurons
    case .learningRule(let k): return errorSize(of: connections[k])
    }
  }

  /// The size of `c`'s learning rule's error: for PES and RLS, the post ensemble's
  /// dimensions when `c` goes into neurons, else `c`'s output size (Nengo's
  /// `"post_state"`); 1 for Voja's learning signal; 0 for rules without an error or
  /// without a rule.
  func errorSize(of c: Connection) -> Int {
    guard let rule = c.learningRule, rule.takesError else { return 0 }
    if rule.modifiesEncoders { return 1 }
    switch c.post {
    case .neurons(let id): return ensembles[id.index].dimensions
    default: return c.postSlice?.count ?? inputSize(of: c.post)
    }
  }

  /// The name of an endpoint for messages: `input`, `hidden`, `hidden.neurons`.
  public func name(of endpoint: Endpoint) -> String {
    switch endpoint {
    case .node(let id): return id.index < nodes.count ? nodes[id.index].label : "node#\(id.index)"
    case .ensemble(let id):
      return id.index < ensembles.count ? ensembles[id.index].label : "ensemble#\(id.index)"
    case .neurons(let id):
      return (id.index < ensembles.count ? ensembles[id.index].label : "ensemble#\(id.index)") + ".neurons"
    case .learningRule(let k):
      return (k >= 0 && k < connections.count ? connections[k].label : "connection#\(k)") + ".learning_rule"
    }
  }

  /// Whether the endpoint refers to an object of this network.
  public func contains(_ endpoint: Endpoint) -> Bool {
    switch endpoint {
    case .node(let id): return nodes.indices.contains(id.index)
    case .ensemble(let id), .neurons(let id): return ensembles.indices.contains(id.index)
    case .learningRule(let k): return connections.indices.contains(k) && connections[k].learningRule != nil
    }
  }
}

extension Network {
  /// Per-kind defaults, as Nengo's `net.config[nengo.Ensemble]` and
  /// `net.config[nengo.Connection]`.
  public struct Config: Sendable, Equatable {
    /// Defaults for ensembles.
    public var ensemble = EnsembleDefaults()
    /// Defaults for connections.
    public var connection = ConnectionDefaults()
    /// Nengo's defaults.
    public init() {}
  }

  /// Ensemble defaults (Nengo's: LIF, max_rates U(200, 400) Hz, intercepts U(-1, 0.9),
  /// radius 1).
  public struct EnsembleDefaults: Sendable, Equatable {
    /// Neuron model.
    public var neuronType: NeuronType = .lif
    /// Maximum firing rates, in Hz.
    public var maxRates: Distribution = .uniform(low: 200, high: 400)
    /// Intercepts, in units of the radius.
    public var intercepts: Distribution = .uniform(low: -1, high: 0.9)
    /// Radius.
    public var radius: Double = 1
  }

  /// Connection defaults (Nengo's: `Lowpass(0.005)`).
  public struct ConnectionDefaults: Sendable, Equatable {
    /// The synapse; `nil` is `None`.
    public var synapse: Synapse? = .lowpass(0.005)
  }
}
