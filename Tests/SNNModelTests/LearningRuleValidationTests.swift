import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// Learning rules in the model: Nengo's defaults, the error's size, and Nengo's rules for
/// where each rule applies (`ConnectionLearningRuleTypeParam`), each refusal naming the
/// connection.
final class LearningRuleValidationTests: XCTestCase {
  private struct Fixture {
    var net = Network(seed: 0)
    let node: NodeID
    let a: EnsembleID
    let b: EnsembleID
    init() throws {
      node = try net.add(Node(size: 1, label: "stim"))
      a = try net.add(Ensemble(nNeurons: 10, dimensions: 1, label: "a"))
      b = try net.add(Ensemble(nNeurons: 12, dimensions: 2, label: "b"))
    }
  }

  private func assertRefused(
    _ body: @autoclosure () throws -> Any, mentions words: [String], file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
      for w in words { XCTAssertTrue("\(error)".contains(w), "\(error) lacks \(w)", file: file, line: line) }
    }
  }

  // MARK: - Defaults

  func testDefaults_AreNengos() {
    XCTAssertEqual(PES(), PES(learningRate: 1e-4, preSynapse: .lowpass(0.005)))
    let bcm = BCM()
    XCTAssertEqual(bcm.learningRate, 1e-9)
    XCTAssertEqual(bcm.postSynapse, .lowpass(0.005), "Nengo: post_synapse defaults to pre_synapse")
    XCTAssertEqual(bcm.thetaSynapse, .lowpass(1))
    XCTAssertEqual(BCM(preSynapse: .lowpass(0.02)).postSynapse, .lowpass(0.02))
    XCTAssertEqual(BCM(postSynapse: .some(nil)).postSynapse, nil)
    let oja = Oja()
    XCTAssertEqual(oja.learningRate, 1e-6)
    XCTAssertEqual(oja.beta, 1)
    XCTAssertEqual(oja.postSynapse, .lowpass(0.005))
  }

  // MARK: - The error

  func testErrorSize_IsThePostStateOfPES() throws {
    var f = try Fixture()
    let decoded = try f.net.connect(
      .ensemble(f.a), .ensemble(f.b), transform: .matrix(DoubleMatrix(rows: 2, cols: 1, values: [1, 0])),
      learningRule: .pes(PES()))
    let toNeurons = try f.net.connect(
      .neurons(f.a), .neurons(f.b),
      transform: .matrix(DoubleMatrix(rows: 12, cols: 10, values: [Double](repeating: 0, count: 120))),
      learningRule: .pes(PES()))
    XCTAssertEqual(f.net.size(of: .learningRule(decoded)), 2)
    XCTAssertEqual(f.net.size(of: .learningRule(toNeurons)), 2, "into neurons: the post ensemble's dimensions")
    XCTAssertEqual(f.net.name(of: .learningRule(decoded)), "a->b.learning_rule")
    assertRefused(
      try f.net.connect(.node(f.node), .learningRule(decoded)), mentions: ["stim->a->b.learning_rule", "transform"])
    XCTAssertNoThrow(
      try f.net.connect(
        .node(f.node), .learningRule(decoded), transform: .matrix(DoubleMatrix(rows: 2, cols: 1, values: [1, 1]))))
  }

  func testErrorInto_ARuleWithoutError_OrAConnectionWithoutRule_Refused() throws {
    var f = try Fixture()
    let plain = try f.net.connect(.ensemble(f.a), .ensemble(f.a))
    assertRefused(try f.net.connect(.node(f.node), .learningRule(plain)), mentions: ["a->a has no learning rule"])
    let bcm = try f.net.connect(
      .neurons(f.a), .neurons(f.a),
      transform: .matrix(DoubleMatrix(rows: 10, cols: 10, values: [Double](repeating: 0, count: 100))),
      learningRule: .bcm(BCM()))
    assertRefused(try f.net.connect(.node(f.node), .learningRule(bcm)), mentions: ["BCM", "takes no error"])
    assertRefused(try f.net.connect(.learningRule(bcm), .ensemble(f.a)), mentions: ["no output"])
  }

  // MARK: - Where rules apply

  func testRules_RefusedWhereNengoRefusesThem() throws {
    var f = try Fixture()
    assertRefused(
      try f.net.connect(.node(f.node), .ensemble(f.a), learningRule: .pes(PES())),
      mentions: ["stim->a", "'pre' must be"])
    assertRefused(
      try f.net.connect(.ensemble(f.a), .ensemble(f.a), learningRule: .bcm(BCM())),
      mentions: ["a->a", "only be applied on connections to neurons"])
    assertRefused(
      try f.net.connect(.neurons(f.a), .neurons(f.a), learningRule: .pes(PES())), mentions: ["2-dimensional"])
    assertRefused(
      try f.net.connect(.ensemble(f.a), .ensemble(f.a), learningRule: .pes(PES(learningRate: -1))),
      mentions: ["learning_rate", "-1"])
    assertRefused(
      try f.net.connect(.ensemble(f.a), .ensemble(f.a), learningRule: .pes(PES(preSynapse: .lowpass(-0.1)))),
      mentions: ["tau"])
    let identity = try DoubleMatrix(rows: 10, cols: 10, values: (0..<100).map { $0 % 11 == 0 ? 1 : 0 })
    assertRefused(
      try f.net.connect(.neurons(f.a), .neurons(f.a), transform: .matrix(identity), learningRule: .oja(Oja(beta: -1))),
      mentions: ["beta"])
    XCTAssertNoThrow(try f.net.connect(.ensemble(f.a), .ensemble(f.b), postSlice: [1], learningRule: .pes(PES())))
    assertRefused(
      try f.net.connect(
        .neurons(f.a), .neurons(f.b),
        transform: .matrix(DoubleMatrix(rows: 1, cols: 10, values: [Double](repeating: 0, count: 10))),
        postSlice: [1], learningRule: .pes(PES())),
      mentions: ["post_slice"])
  }

  /// A Direct ensemble has no neurons: a rule on its activities (as pre), on its encoders
  /// (Voja's post) or on its neurons' weights (a weights solver into it) is refused,
  /// naming the connection; PES decoded into one learns its decoders as into a node.
  func testDirectEnsembles_RefusedWhereTheRuleNeedsNeurons() throws {
    var f = try Fixture()
    let d = try f.net.add(Ensemble(nNeurons: 1, dimensions: 1, neuronType: .direct, label: "d"))
    let lowpass = Synapse.lowpass(0.005)
    assertRefused(
      try f.net.connect(.ensemble(d), .ensemble(f.a), synapse: lowpass, label: "fromDirect", learningRule: .pes(PES())),
      mentions: ["fromDirect", "Direct"])
    assertRefused(
      try f.net.connect(
        .node(f.node), .ensemble(d), synapse: lowpass, label: "vojaDirect", learningRule: .voja(Voja())),
      mentions: ["vojaDirect", "Direct"])
    assertRefused(
      try f.net.connect(
        .ensemble(f.a), .ensemble(d), synapse: lowpass, label: "weightsDirect", solver: .lstsqL2(weights: true),
        learningRule: .pes(PES())),
      mentions: ["weightsDirect", "Direct"])
    let decoded = try f.net.connect(.ensemble(f.a), .ensemble(d), learningRule: .pes(PES()))
    XCTAssertEqual(f.net.size(of: .learningRule(decoded)), 1)
  }

  /// Into a node, PES's error has the node's input size (not its output size).
  func testErrorSize_IntoANode_IsItsInputSize() throws {
    var f = try Fixture()
    let sum = try f.net.add(Node(sizeIn: 2, sizeOut: 1, label: "sum") { _, x in [x[0] + x[1]] })
    let conn = try f.net.connect(
      .ensemble(f.a), .node(sum), transform: .matrix(DoubleMatrix(rows: 2, cols: 1, values: [1, -1])),
      learningRule: .pes(PES()))
    XCTAssertEqual(f.net.size(of: .learningRule(conn)), 2)
  }

  func testVoja_NeedsAPostEnsemble_AndTakesALearningSignal() throws {
    var f = try Fixture()
    let voja = try f.net.connect(.node(f.node), .ensemble(f.a), learningRule: .voja(Voja()))
    XCTAssertEqual(f.net.size(of: .learningRule(voja)), 1, "Voja's learning signal")
    XCTAssertEqual(Voja(), Voja(learningRate: 1e-2, postSynapse: .lowpass(0.005)))
    assertRefused(
      try f.net.connect(
        .node(f.node), .neurons(f.a),
        transform: .matrix(DoubleMatrix(rows: 10, cols: 1, values: [Double](repeating: 1, count: 10))),
        learningRule: .voja(Voja())),
      mentions: ["stim->a.neurons", "must be an ensemble"])
    assertRefused(try f.net.probe(.learningRule(voja), attribute: .weights), mentions: [".scaledEncoders"])
    XCTAssertNoThrow(try f.net.probe(.learningRule(voja), attribute: .scaledEncoders, slice: [9]))
  }

  // MARK: - Probes

  func testWeightsProbe_OnlyOnALearningRule() throws {
    var f = try Fixture()
    let conn = try f.net.connect(
      .ensemble(f.a), .ensemble(f.b), transform: .matrix(DoubleMatrix(rows: 2, cols: 1, values: [1, 0])),
      learningRule: .pes(PES()))
    XCTAssertNoThrow(try f.net.probe(.learningRule(conn), attribute: .weights, slice: [19]))
    assertRefused(try f.net.probe(.learningRule(conn), attribute: .weights, slice: [20]), mentions: ["slice", "20"])
    assertRefused(try f.net.probe(.learningRule(conn)), mentions: ["weights"])
    assertRefused(try f.net.probe(.ensemble(f.a), attribute: .weights), mentions: ["learning rule"])
    assertRefused(try f.net.probe(.learningRule(conn), attribute: .inverseGamma), mentions: ["RLS"])
    let rls = try f.net.connect(.ensemble(f.a), .ensemble(f.a), learningRule: .rls(RLS()))
    XCTAssertNoThrow(try f.net.probe(.learningRule(rls), attribute: .inverseGamma, slice: [99]))
    XCTAssertNoThrow(try f.net.probe(.learningRule(rls), attribute: .activities, slice: [9]))
    assertRefused(try f.net.probe(.learningRule(rls), attribute: .inverseGamma, slice: [100]), mentions: ["100"])
  }
}
