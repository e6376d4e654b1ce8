import Foundation
import SwiftSNN

/// `multiplication`: a 2-D ensemble whose outgoing connection decodes the product of its
/// two components.
///
/// stim `[sin(2 pi t), cos(pi t)]` -> C (200 LIF, 2-D, radius 1.5) -> D (100 LIF, 1-D) with
/// function `x0 x1`, default synapses; D probed through Lowpass(10 ms); 2 s. Figure: the
/// RMSE of D against the ideal over t >= 0.1 s.
enum Multiplication: NEFExampleDefinition {
  static let name = "multiplication"
  static let summary = "[sin(2 pi t), cos(pi t)] -> C (200, 2-D, radius 1.5) -> D (100), x0 x1; rmse of D"
  static let duration = 2.0

  static func stimulus(_ t: Double) -> [Double] { [sin(2 * .pi * t), cos(.pi * t)] }

  static func network(seed: UInt64) throws -> (network: Network, output: ProbeID, reference: ProbeID?) {
    var net = Network(seed: seed, label: name)
    let stim = try net.add(Node(label: "stim", stimulus))
    let c = try net.add(Ensemble(nNeurons: 200, dimensions: 2, radius: 1.5, label: "C"))
    let d = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "D"))
    try net.connect(stim, c)
    try net.connect(c, d, function: { x in [x[0] * x[1]] })
    let probe = try net.probe(d, synapse: .lowpass(0.01), label: "D")
    return (net, probe, nil)
  }

  /// C's ideal value (both stimuli through stim -> C), their product through C -> D and
  /// the probe's synapse.
  static func ideal(steps: Int, dt: Double) -> [[Double]]? {
    var toC = DelayedLowpass(tau: 0.005, dt: dt, dimensions: 2)
    var toD = DelayedLowpass(tau: 0.005, dt: dt)
    var probe = DelayedLowpass(tau: 0.01, dt: dt)
    return (1...steps).map { n in
      let c = toC(stimulus(Double(n) * dt))
      return probe(toD([c[0] * c[1]]))
    }
  }

  static func figures(_ trace: NEFExampleTrace) throws -> [NEFFigure] { try rmseFigure(trace) }
}
