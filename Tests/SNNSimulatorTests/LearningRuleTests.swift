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
      sim.run(steps: 20)
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
    batch.run(steps: 300)
    let both = batch.data(weights)
    XCTAssertNotEqual(both.double(0, 0, 3), both.double(1, 0, 3), "the two examples learn different weights")
    for (b, input) in inputs.enumerated() {
      let alone = try Simulator(net, batchSize: 1, seed: 0, options: EngineOptions(precision: .float64))
      try alone.setInput(stim, values: input)
      alone.reset(exampleIDs: [UInt64(b)])
      alone.run(steps: 300)
      for i in 0..<30 { XCTAssertEqual(alone.data(weights).double(0, 0, i), both.double(b, 0, i), "example \(b)") }
      for t in 0..<300 { XCTAssertEqual(alone.data(decoded).double(0, t, 0), batch.data(decoded).double(b, t, 0)) }
    }
    // The learned value approaches the stimulus.
    XCTAssertEqual(batch.data(decoded).double(0, 299, 0), 0.7, accuracy: 0.2)
    let first = batch.data(decoded).doubleValues
    batch.reset()
    batch.run(steps: 300)
    XCTAssertEqual(batch.data(decoded).doubleValues, first, "a reset restores the built weights")
  }

  // MARK: - Refusals

  func testBuild_LearningWithWeightsSolver_RefusedNamingTheConnection() throws {
    var net = Network(seed: 0)
    let a = try net.add(Ensemble(nNeurons: 10, dimensions: 1, label: "a"))
    let b = try net.add(Ensemble(nNeurons: 10, dimensions: 1, label: "b"))
    try net.connect(
      .ensemble(a), .ensemble(b), synapse: .lowpass(0.005), label: "ab", solver: .lstsqL2(weights: true),
      learningRule: .pes(PES()))
    XCTAssertThrowsError(try Simulator(net, options: EngineOptions(precision: .float64))) {
      XCTAssertTrue("\($0)".contains("ab") && "\($0)".contains("weights: true"), "\($0)")
    }
  }
}
