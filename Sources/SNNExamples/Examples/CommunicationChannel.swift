import Foundation
import SwiftSNN

/// `communication-channel`: a value sent from one ensemble to another unchanged.
///
/// stim `sin(2 pi t)` -> A (100 LIF, 1-D) -> B (100 LIF, 1-D), identity, every connection
/// with Nengo's default synapse Lowpass(5 ms); B's decoded value probed through
/// Lowpass(10 ms); 2 s. Figure: the RMSE of B against the ideal over t >= 0.1 s.
enum CommunicationChannel: NEFExampleDefinition {
  static let name = "communication-channel"
  static let summary = "sin(2 pi t) -> A (100) -> B (100), identity; rmse of B"
  static let duration = 2.0

  static func stimulus(_ t: Double) -> [Double] { [sin(2 * .pi * t)] }

  static func network(seed: UInt64) throws -> (network: Network, output: ProbeID, reference: ProbeID?) {
    var net = Network(seed: seed, label: name)
    let stim = try net.add(Node(label: "stim", stimulus))
    let a = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "A"))
    let b = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "B"))
    try net.connect(stim, a)
    try net.connect(a, b)
    let probe = try net.probe(b, synapse: .lowpass(0.01), label: "B")
    return (net, probe, nil)
  }

  /// The stimulus through stim -> A, A -> B and the probe's synapse.
  static func ideal(steps: Int, dt: Double) -> [[Double]]? {
    var toA = DelayedLowpass(tau: 0.005, dt: dt)
    var toB = DelayedLowpass(tau: 0.005, dt: dt)
    var probe = DelayedLowpass(tau: 0.01, dt: dt)
    return (1...steps).map { n in probe(toB(toA(stimulus(Double(n) * dt)))) }
  }

  static func figures(_ trace: NEFExampleTrace) throws -> [NEFFigure] { try rmseFigure(trace) }
}
