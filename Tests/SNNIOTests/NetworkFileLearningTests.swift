import Foundation
import SwiftSNN
import XCTest

/// Learning rules in the network file (version 2): every rule with every parameter, the
/// connections into a rule and the probes on it survive save and load, and the loaded
/// network learns exactly as the original, bit for bit in float64.
final class NetworkFileLearningTests: XCTestCase {
  /// The `learning` example's shape, small: a white signal -> pre -> post, the connection
  /// pre -> post computing `function` (0 in the example) learned by PES; error = post - pre
  /// into the rule; probes of post, the learned weights and the rule's activities.
  static func pes(function: ConnectionFunction, evalPoints: DoubleMatrix? = nil) throws -> Network {
    var net = Network(seed: 4, label: "learning")
    let stim = try net.add(
      Node(process: .whiteSignal(WhiteSignal(period: 1, high: 5, rms: 0.3)), label: "stim"))
    let pre = try net.add(Ensemble(nNeurons: 30, dimensions: 1, evalPoints: evalPoints, label: "pre"))
    let post = try net.add(Ensemble(nNeurons: 30, dimensions: 1, label: "post"))
    let error = try net.add(Ensemble(nNeurons: 30, dimensions: 1, label: "error"))
    try net.connect(.node(stim), .ensemble(pre))
    let learned = try net.connect(
      .ensemble(pre), .ensemble(post), synapse: .lowpass(0.005), label: "learned", function: function,
      learningRule: .pes(PES(learningRate: 1e-3)))
    try net.connect(.ensemble(post), .ensemble(error), synapse: .lowpass(0.005))
    try net.connect(.ensemble(pre), .ensemble(error), transform: .scalar(-1), synapse: .lowpass(0.005))
    try net.connect(.ensemble(error), .learningRule(learned), synapse: .lowpass(0.005), label: "error->rule")
    try net.probe(.ensemble(post), synapse: .lowpass(0.01), label: "post")
    try net.probe(.learningRule(learned), attribute: .weights, label: "weights")
    try net.probe(.learningRule(learned), attribute: .activities, label: "activities")
    return net
  }

  /// BCM and Oja between neurons (BCM's post synapse given, Oja's left to the pre
  /// synapse's, a nil pre synapse), RLS into a node with its `inv_gamma` probed, and Voja
  /// on the input of an ensemble with its learning signal from a node and its scaled
  /// encoders probed.
  static func others() throws -> Network {
    var net = Network(seed: 8, label: "rules")
    let stim = try net.add(Node(process: .whiteSignal(WhiteSignal(period: 1, high: 4, rms: 0.4)), label: "stim"))
    let signal = try net.add(Node(constant: [-0.5], label: "signal"))
    let sum = try net.add(Node(passthrough: 1, label: "sum"))
    let a = try net.add(Ensemble(nNeurons: 12, dimensions: 1, label: "a"))
    let b = try net.add(Ensemble(nNeurons: 10, dimensions: 1, label: "b"))
    let c = try net.add(Ensemble(nNeurons: 8, dimensions: 1, label: "c"))
    try net.connect(.node(stim), .ensemble(a))
    let ab = (0..<10).map { i in (0..<12).map { j in Double((i + j) % 5) * 0.02 - 0.03 } }
    let bcm = try net.connect(
      .neurons(a), .neurons(b), transform: .matrix(try DoubleMatrix(ab)), synapse: .lowpass(0.005), label: "bcm",
      learningRule: .bcm(
        BCM(learningRate: 2e-9, preSynapse: .alpha(0.004), postSynapse: .lowpass(0.01), thetaSynapse: .lowpass(0.5))))
    let oja = try net.connect(
      .neurons(b), .neurons(c),
      transform: .matrix(try DoubleMatrix((0..<8).map { i in (0..<10).map { j in Double(i - j) * 0.01 } })),
      synapse: .lowpass(0.005), label: "oja", learningRule: .oja(Oja(learningRate: 3e-6, preSynapse: nil, beta: 0.5)))
    let rls = try net.connect(
      .ensemble(a), .node(sum), synapse: .lowpass(0.005), label: "rls",
      learningRule: .rls(RLS(learningRate: 2e-3, preSynapse: .lowpass(0.01))))
    try net.connect(
      .node(sum), .learningRule(rls), transform: .scalar(-1), synapse: .lowpass(0.005), label: "rls_error")
    try net.connect(.node(stim), .learningRule(rls), synapse: .lowpass(0.005), label: "rls_target")
    let voja = try net.connect(
      .node(stim), .ensemble(c), synapse: .lowpass(0.005), label: "voja",
      learningRule: .voja(Voja(learningRate: 5e-2, postSynapse: nil)))
    try net.connect(.node(signal), .learningRule(voja), synapse: nil, label: "voja_signal")
    try net.probe(.learningRule(bcm), attribute: .weights, label: "bcm_weights")
    try net.probe(.learningRule(oja), attribute: .weights, label: "oja_weights")
    try net.probe(.learningRule(oja), attribute: .activities, label: "oja_activities")
    try net.probe(.learningRule(rls), attribute: .weights, label: "rls_weights")
    try net.probe(.learningRule(rls), attribute: .inverseGamma, label: "rls_inv_gamma", sampleEvery: 0.01)
    try net.probe(.learningRule(voja), attribute: .scaledEncoders, label: "voja_encoders")
    try net.probe(.node(sum), label: "sum")
    try net.probe(.neurons(c), label: "c_spikes")
    return net
  }

  private func saveAndLoad(_ net: Network, inlineLimit: Int = NetworkFile.defaultInlineLimit) throws -> (
    Network, text: String
  ) {
    try InteropFixtures.withTemporaryDirectory { dir in
      let url = dir.appendingPathComponent("learn.json")
      try NetworkFile.save(NetworkDocument(network: net), to: url, inlineLimit: inlineLimit)
      return (try NetworkFile.load(url: url).network, try String(contentsOf: url, encoding: .utf8))
    }
  }

  /// Every probe's data after `steps` float64 steps, batch 2, by label.
  private func run(_ net: Network, steps: Int = 200) throws -> [String: [Double]] {
    let sim = try Simulator(net, dt: 0.001, batchSize: 2, threads: 1, options: EngineOptions(precision: .float64))
    try sim.run(steps: steps)
    let handles = try NetworkHandles(net)
    var out: [String: [Double]] = [:]
    for (k, p) in net.probes.enumerated() { out[p.label] = sim.data(handles.probes[k]).doubleValues }
    return out
  }

  /// The first and last step's values of a probe recording `size` values per step (example 0).
  private func firstAndLast(_ data: [Double], size: Int) -> (first: ArraySlice<Double>, last: ArraySlice<Double>) {
    let steps = data.count / 2 / size
    return (data[0..<size], data[(steps - 1) * size..<steps * size])
  }

  func testSaveLoad_PESNetwork_EqualNetworkAndSameTracesAndWeightsInFloat64() throws {
    let net = try Self.pes(function: ConnectionFunction { _ in [0] })
    for limit in [NetworkFile.defaultInlineLimit, 0, 100_000] {  // .npz, everything in it, all inline
      let (loaded, text) = try saveAndLoad(net, inlineLimit: limit)
      XCTAssertTrue(text.contains("\"version\": 2"), text)
      XCTAssertTrue(text.contains("\"learning_rule\": \"learned\""), "the error names the rule's connection: \(text)")
      // The closure is stored as its values at pre's eval points (stored with it); with those
      // given, the original is the loaded network exactly.
      guard case .values(let zeros) = loaded.connections[1].function else {
        return XCTFail("learned: \(loaded.connections[1].function)")
      }
      XCTAssertTrue(zeros.values.allSatisfy { $0 == 0 })
      let points = try XCTUnwrap(loaded.ensembles[0].evalPoints)
      XCTAssertEqual(loaded, try Self.pes(function: .values(zeros), evalPoints: points), "inline limit \(limit)")
      XCTAssertEqual(loaded.connections[1].learningRule, .pes(PES(learningRate: 1e-3)))
      XCTAssertEqual(loaded.connections[4].post, .learningRule(1))

      let expected = try run(net)
      XCTAssertEqual(try run(loaded), expected, "inline limit \(limit)")
      // The weights learn (from 0), so equal traces prove the rule was stored.
      let weights = firstAndLast(try XCTUnwrap(expected["weights"]), size: 30)
      XCTAssertTrue(weights.first.allSatisfy { $0 == 0 }, "function 0 starts from zero decoders")
      XCTAssertTrue(weights.last.contains { $0 != 0 }, "PES learned nothing: the test proves nothing")
    }
  }

  func testSaveLoad_BCMOjaRLSVoja_EqualNetworkAndSameTracesInFloat64() throws {
    let net = try Self.others()
    for limit in [NetworkFile.defaultInlineLimit, 0] {
      let (loaded, text) = try saveAndLoad(net, inlineLimit: limit)
      XCTAssertTrue(text.contains("\"version\": 2"), text)
      XCTAssertEqual(loaded, net, "inline limit \(limit)")
      let expected = try run(net)
      XCTAssertEqual(try run(loaded), expected, "inline limit \(limit)")
      for (label, size) in [("bcm_weights", 120), ("oja_weights", 80), ("rls_weights", 12), ("voja_encoders", 8)] {
        let w = firstAndLast(try XCTUnwrap(expected[label]), size: size)
        XCTAssertNotEqual(w.first, w.last, "\(label) did not learn: the test proves nothing")
      }
    }
  }

  /// BCM's and Oja's post synapse: "the pre synapse unless given" is resolved in the model,
  /// and the file keeps what the model holds (including none), so a rule whose post
  /// synapse differs from its pre synapse, or is none while the pre has one, round-trips.
  func testSaveLoad_PostSynapseDefaultsAndNone_KeepTheModelsMeaning() throws {
    let rules: [LearningRule] = [
      .bcm(BCM()), .bcm(BCM(preSynapse: .lowpass(0.01))), .bcm(BCM(postSynapse: .some(nil), thetaSynapse: nil)),
      .oja(Oja()), .oja(Oja(preSynapse: nil, postSynapse: .alpha(0.002))), .oja(Oja(postSynapse: .some(nil))),
      .pes(PES(preSynapse: nil)), .rls(RLS()), .voja(Voja()),
    ]
    for rule in rules {
      var net = Network(seed: 2)
      let a = try net.add(Ensemble(nNeurons: 3, dimensions: 1, label: "a"))
      let b = try net.add(Ensemble(nNeurons: 2, dimensions: 1, label: "b"))
      let weights = rule.modifiesDecoders || rule.modifiesEncoders
      try net.connect(
        weights ? .ensemble(a) : .neurons(a), weights ? .ensemble(b) : .neurons(b),
        transform: weights ? .identity : .matrix(try DoubleMatrix([[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]])),
        synapse: .lowpass(0.005), label: "l", learningRule: rule)
      let (loaded, _) = try saveAndLoad(net)
      XCTAssertEqual(loaded, net, rule.name)
    }
  }
}
