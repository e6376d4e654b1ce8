import SNNModel

/// The handles of every object of a network, so that tools can refer to objects of a
/// network they did not build (one loaded from a file, say) by label or position.
///
/// The model makes handles only in `Network.add` and `probe`, so this re-adds every object,
/// in order, to an empty network with the same seed, label and config: the copy is equal
/// to the original and its handles are valid for both.
public struct NetworkHandles: Sendable {
  /// The nodes, in network order.
  public let nodes: [NodeID]
  /// The ensembles, in network order.
  public let ensembles: [EnsembleID]
  /// The probes, in network order.
  public let probes: [ProbeID]
  private let network: Network

  /// Collects the handles of `network`.
  /// - Throws: ``/SNNModel/ModelError`` when an object does not validate (it did when it was added).
  public init(_ network: Network) throws {
    var copy = Network(seed: network.seed, label: network.label)
    copy.config = network.config
    var nodes: [NodeID] = []
    for node in network.nodes { nodes.append(try copy.add(node)) }
    var ensembles: [EnsembleID] = []
    for e in network.ensembles { ensembles.append(try copy.add(e)) }
    for c in network.connections {
      try copy.connect(
        c.pre, c.post, transform: c.transform, synapse: c.synapse, label: c.label, preSlice: c.preSlice,
        postSlice: c.postSlice, function: c.function, solver: c.solver, learningRule: c.learningRule)
    }
    var probes: [ProbeID] = []
    for p in network.probes {
      probes.append(
        try copy.probe(
          p.target, attribute: p.attribute, synapse: p.synapse, mode: p.mode, label: p.label, slice: p.slice,
          sampleEvery: p.sampleEvery))
    }
    self.nodes = nodes
    self.ensembles = ensembles
    self.probes = probes
    self.network = copy
  }

  /// The node labelled `label`, or nil when none or several are.
  public func node(labelled label: String) -> NodeID? {
    unique(network.nodes.indices.filter { network.nodes[$0].label == label }).map { nodes[$0] }
  }

  /// The ensemble labelled `label`, or nil when none or several are.
  public func ensemble(labelled label: String) -> EnsembleID? {
    unique(network.ensembles.indices.filter { network.ensembles[$0].label == label }).map { ensembles[$0] }
  }

  /// The probe labelled `label`, or nil when none or several are.
  public func probe(labelled label: String) -> ProbeID? {
    unique(network.probes.indices.filter { network.probes[$0].label == label }).map { probes[$0] }
  }

  private func unique(_ matches: [Int]) -> Int? { matches.count == 1 ? matches[0] : nil }
}
