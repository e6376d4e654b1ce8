import Foundation
import SwiftSNN

/// `learning`: a connection that starts by decoding nothing and learns, online, to
/// communicate its input.
///
/// stim: band-limited white noise (period 10 s, up to 5 Hz, rms 0.3) -> pre (100 LIF,
/// 1-D) -> post (100 LIF, 1-D) with function 0 and PES (learning rate 1e-4); error (100
/// LIF, 1-D) = post - pre (Nengo's sign: PES minimises actual - target) feeds the rule;
/// pre and post probed through Lowpass(10 ms); 10 s. Figures: the RMSE of post against pre
/// over the first and over the last 2 s.
///
/// The noise is SwiftSNN's ``/SNNModel/WhiteSignal``, drawn from the network's seed: the
/// same statistics as Nengo's, not its samples.
enum Learning: NEFExampleDefinition {
  static let name = "learning"
  static let summary = "white noise -> pre (100) -> post (100) learned by PES from 0; rmse of post vs pre"
  static let duration = 10.0

  static func network(seed: UInt64) throws -> (network: Network, output: ProbeID, reference: ProbeID?) {
    var net = Network(seed: seed, label: name)
    let noise = try NodeProcess.whiteSignal(WhiteSignal(period: 10, high: 5, rms: 0.3))
      .signal(dt: NEFExample.dt, seed: seed, object: "stim")
    let stim = try net.add(Node(label: "stim") { t in noise.output(step: Int((t / noise.dt).rounded())) })
    let pre = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "pre"))
    let post = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "post"))
    let error = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "error"))
    try net.connect(stim, pre)
    let learned = try net.connect(
      pre, post, function: { _ in [0] }, learningRule: .pes(PES(learningRate: 1e-4)))
    try net.connect(post, error)
    try net.connect(pre, error, transform: .scalar(-1))
    try net.connect(.ensemble(error), .learningRule(learned))
    let postProbe = try net.probe(post, synapse: .lowpass(0.01), label: "post")
    let preProbe = try net.probe(pre, synapse: .lowpass(0.01), label: "pre")
    return (net, postProbe, preProbe)
  }

  /// None: post is scored against pre, probed in the same run.
  static func ideal(steps: Int, dt: Double) -> [[Double]]? { nil }

  static func figures(_ trace: NEFExampleTrace) throws -> [NEFFigure] {
    guard let pre = trace.ideal else { throw NEFExampleError.badTrace("learning has no pre trace") }
    let r = try NEFFigures.learning(t: trace.t, post: trace.output, pre: pre)
    return [NEFFigure("rmse_first_2s", r.first), NEFFigure("rmse_last_2s", r.last)]
  }
}
