import Foundation
import SwiftSNN

/// `integrator`: a recurrent connection that holds a value, and an input that changes it.
///
/// stim u -> A (100 LIF, 1-D) with transform tau and Lowpass(tau); A -> A with
/// Lowpass(tau), tau = 0.1 s. The loop makes A's value v obey `tau v' = -v + v + tau u`:
/// v integrates u. u = 0, 1, 0, -1, 0 on [0, 0.2), [0.2, 1), [1, 2), [2, 3), [3, 4) s;
/// A probed through Lowpass(10 ms); 4 s. Figure: the RMSE of A against the ideal over
/// t >= 0.1 s.
enum Integrator: NEFExampleDefinition {
  static let name = "integrator"
  static let summary = "u = 0, 1, 0, -1, 0 -> A (100) with A -> A, tau 0.1 s; rmse against the integral"
  static let duration = 4.0
  /// The synapses' time constant, in seconds.
  static let tau = 0.1

  /// u(t); t = n dt is exact at every boundary in float64 (200 x 0.001 == 0.2), and the
  /// boundary step belongs to the next piece.
  static func input(_ t: Double) -> [Double] {
    switch t {
    case ..<0.2: [0]
    case ..<1: [1]
    case ..<2: [0]
    case ..<3: [-1]
    default: [0]
    }
  }

  static func network(seed: UInt64) throws -> (network: Network, output: ProbeID, reference: ProbeID?) {
    var net = Network(seed: seed, label: name)
    let stim = try net.add(Node(label: "stim", input))
    let a = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "A"))
    try net.connect(stim, a, transform: .scalar(tau), synapse: .lowpass(tau))
    try net.connect(a, a, synapse: .lowpass(tau))
    let probe = try net.probe(a, synapse: .lowpass(0.01), label: "A")
    return (net, probe, nil)
  }

  /// A perfect A (its value the sum of its two synapses' outputs) through the probe's
  /// synapse: `v[n] = v[n-1] + (1 - exp(-dt/tau)) tau u[n-1]`, the integral of u one step
  /// late with a gain of 0.995 per step.
  static func ideal(steps: Int, dt: Double) -> [[Double]]? {
    var input = DelayedLowpass(tau: tau, dt: dt)
    var loop = DelayedLowpass(tau: tau, dt: dt)
    var probe = DelayedLowpass(tau: 0.01, dt: dt)
    return (1...steps).map { n in
      let v = input.output[0] + loop.output[0]
      input.update(Self.input(Double(n) * dt).map { tau * $0 })
      loop.update([v])
      return probe([v])
    }
  }

  static func figures(_ trace: NEFExampleTrace) throws -> [NEFFigure] { try rmseFigure(trace) }
}
