import SNNCore
import SNNModel

// Learning rules through the C API: a connection described with `snn_network_connect`
// learns once `snn_network_set_learning_rule` gives it a rule; endpoint kind 3 with the
// connection's index is then its rule (Nengo's `conn.learning_rule`), to connect its error
// into and to probe.

/// Makes connection `connection` (the index `snn_network_connect` returned) learn with
/// Nengo's rule `rule`:
///
/// | rule     | `params` (Nengo's order) | synapses (in this order)   |
/// |----------|--------------------------|----------------------------|
/// | "PES"    | learning_rate            | pre                        |
/// | "RLS"    | learning_rate            | pre                        |
/// | "BCM"    | learning_rate            | pre, post, theta           |
/// | "Oja"    | learning_rate, beta      | pre, post                  |
/// | "Voja"   | learning_rate            | post                       |
///
/// Synapse `i` is `synapse_kinds[i]` (0 none, 1 Lowpass, 2 Alpha) with time constant
/// `synapse_taus[i]` in seconds; `n_synapses` must match the table. Status 1 when the rule
/// does not apply to the connection (Nengo's checks), 3 for bad arguments.
@_cdecl("snn_network_set_learning_rule")
public func snn_network_set_learning_rule(
  _ network: UnsafeMutableRawPointer?, _ connection: Int64, _ rule: UnsafePointer<CChar>?,
  _ params: UnsafePointer<Double>?, _ nParams: Int64, _ synapseKinds: UnsafePointer<Int32>?,
  _ synapseTaus: UnsafePointer<Double>?, _ nSynapses: Int64
) -> Int32 {
  capture {
    let h = try object(network, as: NetworkHandle.self, name: "network")
    guard connection >= 0, connection < h.network.connections.count else {
      throw CAPIError(
        .argument, "connection #\(connection) is not in this network (\(h.network.connections.count) connections)")
    }
    let label = h.network.connections[Int(connection)].label
    let name = string(rule)
    let values = try doubles(params, nParams, "\(label) learning rule parameters")
    guard nSynapses >= 0, nSynapses <= 3 else {
      throw CAPIError(.argument, "\(label): \(nSynapses) learning rule synapses (0 to 3)")
    }
    let taus = try doubles(synapseTaus, nSynapses, "\(label) learning rule synapse taus")
    guard nSynapses == 0 || synapseKinds != nil else {
      throw CAPIError(.argument, "\(label) learning rule synapse kinds: NULL array of \(nSynapses) values")
    }
    let kinds = synapseKinds.map { Array(UnsafeBufferPointer(start: $0, count: Int(nSynapses))) } ?? []
    let synapses = try zip(kinds, taus).map { try synapse($0, $1) }
    func expect(_ nValues: Int, _ nFilters: Int) throws {
      guard values.count == nValues, synapses.count == nFilters else {
        throw CAPIError(
          .argument,
          "\(label): \(name) takes \(nValues) parameters and \(nFilters) synapses, got \(values.count) and \(synapses.count)"
        )
      }
    }
    let learning: LearningRule
    switch name {
    case "PES":
      try expect(1, 1)
      learning = .pes(PES(learningRate: values[0], preSynapse: synapses[0]))
    case "RLS":
      try expect(1, 1)
      learning = .rls(RLS(learningRate: values[0], preSynapse: synapses[0]))
    case "BCM":
      try expect(1, 3)
      learning = .bcm(
        BCM(
          learningRate: values[0], preSynapse: synapses[0], postSynapse: .some(synapses[1]),
          thetaSynapse: synapses[2]))
    case "Oja":
      try expect(2, 2)
      learning = .oja(
        Oja(learningRate: values[0], preSynapse: synapses[0], postSynapse: .some(synapses[1]), beta: values[1]))
    case "Voja":
      try expect(1, 1)
      learning = .voja(Voja(learningRate: values[0], postSynapse: synapses[0]))
    default:
      throw CAPIError(.argument, "\(label): learning rule '\(name)' is not PES, RLS, BCM, Oja or Voja")
    }
    try h.network.setLearningRule(learning, ofConnection: Int(connection))
  }
}

/// Connects ensemble `pre`'s neurons to `post` (endpoint kinds above) through given
/// decoders (Nengo's `NoSolver(values, weights=...)`): `decoders` is `n_pre x size`,
/// row-major, the decoded value's `size` components per pre neuron (`size` = the post's
/// input size). With `weights` nonzero the post is an ensemble (kind 1) and the connection
/// is a full weight matrix into its neurons, `scaled_encoders · decodersᵀ` (`n_post x
/// n_pre`, currents, no further gain): Nengo's connection with `solver.weights`, whose
/// weights a learning rule then changes as Nengo's.
@_cdecl("snn_network_connect_decoders")
public func snn_network_connect_decoders(
  _ network: UnsafeMutableRawPointer?, _ preIndex: Int64, _ postKind: Int32, _ postIndex: Int64,
  _ decoders: UnsafePointer<Double>?, _ size: Int64, _ weights: Int32, _ synapseKind: Int32, _ tau: Double,
  _ label: UnsafePointer<CChar>?, _ outIndex: UnsafeMutablePointer<Int64>?
) -> Int32 {
  capture {
    let h = try object(network, as: NetworkHandle.self, name: "network")
    let pre = try h.ids.ensemble(preIndex)
    let post = try endpoint(postKind, postIndex, in: h)
    let name =
      string(label).isEmpty ? "\(h.network.name(of: .ensemble(pre)))->\(h.network.name(of: post))" : string(label)
    let nPre = h.network.ensembles[pre.index].nNeurons
    guard size > 0, size == h.network.inputSize(of: post) else {
      throw CAPIError(
        .argument, "\(name): the decoders' size \(size) is not the post's input size \(h.network.inputSize(of: post))")
    }
    if weights != 0, postKind != 1 {
      throw CAPIError(.argument, "\(name): full weights (weights != 0) go into an ensemble (endpoint kind 1)")
    }
    let values = try DoubleMatrix(
      rows: nPre, cols: Int(size), values: try doubles(decoders, Int64(nPre) * size, "\(name) decoders"))
    let width = Int(size)
    let index = try h.network.connect(
      .ensemble(pre), post, synapse: try synapse(synapseKind, tau), label: name,
      function: ConnectionFunction { _ in [Double](repeating: 0, count: width) },
      solver: .noSolver(values: values, weights: weights != 0))
    outIndex?.pointee = Int64(index)
  }
}
