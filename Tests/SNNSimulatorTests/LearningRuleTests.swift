import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// Learning rules beyond the Nengo fixtures: closed forms, per-example learning, reset,
/// and what the builder refuses.
final class LearningRuleTests: XCTestCase {
  // MARK: - Closed form

  /// Rate pre neurons with constant activities `a_i` (their biases), a constant error `e`
  /// from a node without synapse, PES without pre synapse, decoders starting at 0 (function
  /// 0): the weights used in step `t` (0-based) are `t (-κ dt / n) e a_i`, Nengo's timing
  /// (the change of step `t` acts from step `t + 1`).
  func testPES_ConstantErrorAndActivities_WeightsGrowLinearly() throws {
    let n = 5
    let bias = [10.0, 20, 30, 40, 50]
    var net = Network(seed: 1)
    let pre = try net.add(
      Ensemble(
        nNeurons: n, dimensions: 1, neuronType: .rectifiedLinear(), gain: [Double](repeating: 1, count: n), bias: bias,
        label: "pre"))
    let post = try net.add(Ensemble(nNeurons: 10, dimensions: 1, label: "post"))
    let error = try net.add(Node(constant: [0.5], label: "error"))
    let conn = try net.connect(
      .ensemble(pre), .ensemble(post), function: ConnectionFunction { x in x.map { 0 * $0 } },
      learningRule: .pes(PES(learningRate: 1e-2, preSynapse: nil)))
    try net.connect(.node(error), .learningRule(conn), synapse: nil)
    let weights = try net.probe(.learningRule(conn), attribute: .weights)
    for precision in [Precision.float64, .float32] {
      let sim = try Simulator(net, dt: 0.001, seed: 0, options: EngineOptions(precision: precision))
      try sim.run(steps: 20)
      let w = sim.data(weights)
      XCTAssertEqual(w.size, n)
      let alpha = -1e-2 * 0.001 / Double(n)
      for t in 0..<20 {
        for i in 0..<n {
          let expected = Double(t) * (alpha * 0.5) * bias[i]
          XCTAssertEqual(
            w.double(0, t, i), expected, accuracy: precision == .float64 ? 1e-15 : 1e-8, "\(precision) step \(t) \(i)")
        }
      }
    }
  }

  // MARK: - Examples learn apart

  /// A batch of two examples with different stimuli learns two sets of weights, each the
  /// one that example learns alone; a reset forgets what was learned.
  func testPES_EachExampleLearnsItsOwnWeights_AndResetForgets() throws {
    var net = Network(seed: 4)
    let stim = try net.add(Node(size: 1, label: "stim"))
    let pre = try net.add(Ensemble(nNeurons: 30, dimensions: 1, label: "pre"))
    let post = try net.add(Ensemble(nNeurons: 30, dimensions: 1, label: "post"))
    try net.connect(.node(stim), .ensemble(pre))
    let conn = try net.connect(
      .ensemble(pre), .ensemble(post), function: ConnectionFunction { x in x.map { 0 * $0 } },
      learningRule: .pes(PES(learningRate: 1e-3)))
    try net.connect(.ensemble(post), .learningRule(conn))
    try net.connect(.node(stim), .learningRule(conn), transform: .scalar(-1))
    let weights = try net.probe(.learningRule(conn), attribute: .weights, mode: .sum)
    let decoded = try net.probe(.ensemble(post), synapse: .lowpass(0.01))
    let inputs: [[Double]] = [[0.7], [-0.4]]
    let batch = try Simulator(net, batchSize: 2, seed: 0, threads: 2, options: EngineOptions(precision: .float64))
    try batch.setInput(stim, values: inputs.flatMap { $0 })
    try batch.run(steps: 300)
    let both = batch.data(weights)
    XCTAssertNotEqual(both.double(0, 0, 3), both.double(1, 0, 3), "the two examples learn different weights")
    for (b, input) in inputs.enumerated() {
      let alone = try Simulator(net, batchSize: 1, seed: 0, options: EngineOptions(precision: .float64))
      try alone.setInput(stim, values: input)
      alone.reset(exampleIDs: [UInt64(b)])
      try alone.run(steps: 300)
      for i in 0..<30 { XCTAssertEqual(alone.data(weights).double(0, 0, i), both.double(b, 0, i), "example \(b)") }
      for t in 0..<300 { XCTAssertEqual(alone.data(decoded).double(0, t, 0), batch.data(decoded).double(b, t, 0)) }
    }
    // The learned value approaches the stimulus.
    XCTAssertEqual(batch.data(decoded).double(0, 299, 0), 0.7, accuracy: 0.2)
    let first = batch.data(decoded).doubleValues
    batch.reset()
    try batch.run(steps: 300)
    XCTAssertEqual(batch.data(decoded).doubleValues, first, "a reset restores the built weights")
  }

  // MARK: - With the signal graph

  /// PES into a node whose input (2) is wider than its output (1): the error is the
  /// node's input size, made by an error connection into the rule like any other
  /// connection; with a zero error the weights stay the decoders (`T · Dᵀ`, whose rows
  /// are opposite, the transform's).
  func testPES_IntoANode_ErrorOfItsInputSize() throws {
    var net = Network(seed: 3)
    let a = try net.add(Ensemble(nNeurons: 20, dimensions: 1, label: "a"))
    let sum = try net.add(Node(sizeIn: 2, sizeOut: 1, label: "sum") { _, x in [x[0] + x[1]] })
    let conn = try net.connect(
      .ensemble(a), .node(sum), transform: .matrix(DoubleMatrix(rows: 2, cols: 1, values: [1, -1])),
      learningRule: .pes(PES()))
    let zero = try net.add(Node(constant: [0, 0], label: "zero"))
    try net.connect(.node(zero), .learningRule(conn))
    let weights = try net.probe(.learningRule(conn), attribute: .weights)
    let sim = try Simulator(net, seed: 0, options: EngineOptions(precision: .float64))
    try sim.run(steps: 50)
    let w = sim.data(weights)
    XCTAssertEqual(w.size, 2 * 20)
    XCTAssertTrue((0..<20).contains { w.double(0, 49, $0) != 0 })
    for i in 0..<20 { XCTAssertEqual(w.double(0, 49, i), -w.double(0, 49, 20 + i)) }
    for i in 0..<40 { XCTAssertEqual(w.double(0, 49, i), w.double(0, 0, i)) }
  }

  /// A decoded connection into an ensemble without a synapse folds decode and encode into
  /// one matrix: learning its decoders, or the post's encoders, is refused naming it.
  func testDecodedIntoAnEnsembleWithoutSynapse_Learning_Refused() throws {
    var net = Network(seed: 3)
    let a = try net.add(Ensemble(nNeurons: 20, dimensions: 1, label: "a"))
    let b = try net.add(Ensemble(nNeurons: 20, dimensions: 1, label: "b"))
    try net.connect(.ensemble(a), .ensemble(b), synapse: nil, label: "unfiltered", learningRule: .pes(PES()))
    XCTAssertThrowsError(try Simulator(net, seed: 0)) { XCTAssertTrue("\($0)".contains("unfiltered"), "\($0)") }
    var voja = Network(seed: 3)
    let c = try voja.add(Ensemble(nNeurons: 20, dimensions: 1, label: "c"))
    let d = try voja.add(Ensemble(nNeurons: 20, dimensions: 1, label: "d"))
    let stim = try voja.add(Node(constant: [0.5], label: "stim"))
    try voja.connect(.node(stim), .ensemble(d), learningRule: .voja(Voja()))
    try voja.connect(.ensemble(c), .ensemble(d), synapse: nil, label: "intoLearnedEncoders")
    XCTAssertThrowsError(try Simulator(voja, seed: 0)) {
      XCTAssertTrue("\($0)".contains("intoLearnedEncoders"), "\($0)")
    }
  }

  // MARK: - Full weights

  /// A connection solved with `weights: true` (full weights into the post neurons) gives
  /// the decoded connection's spikes: the same currents, summed in another order.
  func testWeightsSolver_GivesTheDecodedConnectionsSpikes() throws {
    func run(weights: Bool) throws -> (spikes: [Double], decoded: [Double]) {
      var net = Network(seed: 7)
      let stim = try net.add(Node(label: "stim") { t in [sin(2 * .pi * t)] })
      let a = try net.add(Ensemble(nNeurons: 40, dimensions: 1, label: "a"))
      let b = try net.add(Ensemble(nNeurons: 30, dimensions: 1, label: "b"))
      try net.connect(.node(stim), .ensemble(a))
      try net.connect(
        .ensemble(a), .ensemble(b), function: ConnectionFunction { x in x.map { $0 * $0 } },
        solver: .lstsqL2(weights: weights))
      let spikes = try net.probe(.neurons(b))
      let decoded = try net.probe(.ensemble(b), synapse: .lowpass(0.01))
      let sim = try Simulator(net, seed: 0, options: EngineOptions(precision: .float64))
      try sim.run(steps: 500)
      return (sim.data(spikes).doubleValues, sim.data(decoded).doubleValues)
    }
    let full = try run(weights: true)
    let decoded = try run(weights: false)
    XCTAssertEqual(full.spikes, decoded.spikes)
    XCTAssertGreaterThan(full.spikes.filter { $0 != 0 }.count, 100)
    for (x, y) in zip(full.decoded, decoded.decoded) { XCTAssertEqual(x, y, accuracy: 1e-12) }
  }
}
