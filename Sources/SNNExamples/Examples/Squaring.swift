import Foundation
import SwiftSNN

/// `squaring`: a connection that computes a nonlinear function of the value it decodes.
///
/// stim `sin(2 pi t)` -> A (100 LIF, 1-D) -> B (100 LIF, 1-D) with function `x^2` (decoders
/// solved by LstsqL2 at A's eval points), default synapses; B probed through
/// Lowpass(10 ms); 2 s. Figure: the RMSE of B against the ideal over t >= 0.1 s.
enum Squaring: NEFExampleDefinition {
  static let name = "squaring"
  static let summary = "sin(2 pi t) -> A (100) -> B (100), function x^2; rmse of B"
  static let duration = 2.0

  static func network(seed: UInt64) throws -> (network: Network, output: ProbeID, reference: ProbeID?) {
    var net = Network(seed: seed, label: name)
    let stim = try net.add(Node(label: "stim", CommunicationChannel.stimulus))
    let a = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "A"))
    let b = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "B"))
    try net.connect(stim, a)
    try net.connect(a, b, function: { x in [x[0] * x[0]] })
    let probe = try net.probe(b, synapse: .lowpass(0.01), label: "B")
    return (net, probe, nil)
  }

  /// A's ideal value (the stimulus through stim -> A) squared, then through A -> B and the
  /// probe's synapse: the function applies where the connection applies it.
  static func ideal(steps: Int, dt: Double) -> [[Double]]? {
    var toA = DelayedLowpass(tau: 0.005, dt: dt)
    var toB = DelayedLowpass(tau: 0.005, dt: dt)
    var probe = DelayedLowpass(tau: 0.01, dt: dt)
    return (1...steps).map { n in
      let a = toA(CommunicationChannel.stimulus(Double(n) * dt))
      return probe(toB([a[0] * a[0]]))
    }
  }

  static func figures(_ trace: NEFExampleTrace) throws -> [NEFFigure] { try rmseFigure(trace) }
}
