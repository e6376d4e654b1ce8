import Foundation
import SwiftSNN

/// The code of "The Neural Engineering Framework in SwiftSNN".
enum NEFArticle {
  /// The squaring example (`snn example squaring`) written as the article shows it: the
  /// decoded, filtered value of `b` and the step times, for 2 s.
  static func squaring(seed: UInt64) throws -> (t: [Double], b: [Double]) {
    // snippet: nef-squaring
    var net = Network(seed: seed)
    let stim = try net.add(Node(label: "stim") { t in [sin(2 * .pi * t)] })
    let a = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "a"))
    let b = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "b"))
    try net.connect(stim, a)  // into a: gain * encoder * x / radius
    try net.connect(a, b, function: { x in [x[0] * x[0]] })  // decoded
    let p = try net.probe(b, synapse: .lowpass(0.01))  // b's decoded value

    let sim = try Simulator(net, dt: 0.001)
    try sim.run(steps: 2000)
    let decoded = sim.data(p).doubleValues  // one value per step
    // snippet-end
    return ((1...2000).map { Double($0) * 0.001 }, decoded)
  }

  /// The integrator's loop as the article shows it.
  static func integrator(seed: UInt64) throws -> [Double] {
    var net = Network(seed: seed)
    let stim = try net.add(Node(label: "u") { t in [t < 0.5 ? 1 : 0] })
    // snippet: nef-recurrence
    let tau = 0.1
    let a = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "a"))
    try net.connect(stim, a, transform: .scalar(tau), synapse: .lowpass(tau))
    try net.connect(a, a, synapse: .lowpass(tau))  // a holds what u added
    // snippet-end
    let p = try net.probe(a, synapse: .lowpass(0.01))
    let sim = try Simulator(net, dt: 0.001)
    try sim.run(steps: 1500)
    return sim.data(p).doubleValues
  }
}
