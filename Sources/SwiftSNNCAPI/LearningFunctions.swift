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
    guard nSynapses >= 0, nSynapses <= 3, nSynapses == 0 || (synapseKinds != nil && synapseTaus != nil) else {
      throw CAPIError(.argument, "\(label): \(nSynapses) learning rule synapses (0 to 3, with kinds and taus)")
    }
    let synapses = try (0..<Int(nSynapses)).map { try synapse(synapseKinds![$0], synapseTaus![$0]) }
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
