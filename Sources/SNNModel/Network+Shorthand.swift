/// A handle that stands for an ``Endpoint`` by itself: a ``NodeID`` is the node's output,
/// an ``EnsembleID`` the ensemble's represented (decoded) value. The shorthand forms of
/// ``Network``'s `connect` and `probe` take them directly, as Nengo's
/// `nengo.Connection(a, b)` and `nengo.Probe(b)` take the objects.
public protocol EndpointConvertible: Sendable {
  /// The endpoint the handle stands for.
  var endpoint: Endpoint { get }
}

extension NodeID: EndpointConvertible {
  /// The node's output, `.node(self)`.
  public var endpoint: Endpoint { .node(self) }
}

extension EnsembleID: EndpointConvertible {
  /// The ensemble's represented value, `.ensemble(self)` (not its neurons).
  public var endpoint: Endpoint { .ensemble(self) }
}

/// Nengo's shorthand: connections and probes between handles, functions as closures.
///
/// ```swift
/// var net = Network(seed: 0)
/// let stim = try net.add(Node(label: "stim") { t in [sin(2 * .pi * t)] })
/// let a = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "a"))
/// let b = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "b"))
/// try net.connect(stim, a)
/// try net.connect(a, b, function: { x in [x[0] * x[0]] })   // decoded, LstsqL2
/// let p = try net.probe(b, synapse: .lowpass(0.01))          // decoded output
/// ```
extension Network {
  /// Connects `pre` to `post` with the config's default synapse; `function` (a closure of
  /// the pre value, run at the eval points when the network is built) makes a decoded
  /// connection from an ensemble compute it; `learningRule` makes it learn (its error goes
  /// into `.learningRule(index)`, the index returned here).
  /// - Throws: ``ModelError`` naming both objects when the shapes do not fit.
  @discardableResult
  public mutating func connect(
    _ pre: some EndpointConvertible, _ post: some EndpointConvertible, transform: Transform = .identity,
    preSlice: [Int]? = nil, postSlice: [Int]? = nil, function: (@Sendable ([Double]) -> [Double])? = nil,
    solver: Solver = .default, learningRule: LearningRule? = nil
  ) throws(ModelError) -> Int {
    try connect(
      pre.endpoint, post.endpoint, transform: transform, synapse: config.connection.synapse, preSlice: preSlice,
      postSlice: postSlice, function: function.map(ConnectionFunction.init) ?? .identity, solver: solver,
      learningRule: learningRule)
  }

  /// Connects `pre` to `post` through `synapse` (`nil`: Nengo's `synapse=None`, no filter
  /// and no delay); `function` as in the form without a synapse.
  /// - Throws: ``ModelError`` naming both objects when the shapes do not fit.
  @discardableResult
  public mutating func connect(
    _ pre: some EndpointConvertible, _ post: some EndpointConvertible, transform: Transform = .identity,
    synapse: Synapse?, label: String = "", function: (@Sendable ([Double]) -> [Double])? = nil,
    solver: Solver = .default
  ) throws(ModelError) -> Int {
    try connect(
      pre.endpoint, post.endpoint, transform: transform, synapse: synapse, label: label,
      function: function.map(ConnectionFunction.init) ?? .identity, solver: solver)
  }

  /// Probes a node's output or an ensemble's decoded value, filtered by `synapse`
  /// (`nil`: unfiltered), every step.
  /// - Throws: ``ModelError`` when the target is not in this network.
  @discardableResult
  public mutating func probe(
    _ target: some EndpointConvertible, synapse: Synapse? = nil, label: String = ""
  ) throws(ModelError) -> ProbeID {
    try probe(target.endpoint, synapse: synapse, label: label)
  }
}
