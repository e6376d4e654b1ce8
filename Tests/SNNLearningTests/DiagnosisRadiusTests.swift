import Foundation
import SwiftSNN
import XCTest

/// `value_outside_radius`: a communication channel driven beyond its radius is reported
/// with how far, how often and where the decoded value saturates; one driven within its
/// radius is not.
final class DiagnosisRadiusTests: XCTestCase {
  /// stim -> a (100 LIF, 1-D, radius 1) -> b (100 LIF), Nengo's default synapses, and
  /// decoded probes of a (returned) and b; the diagnosis runs it on constant inputs.
  private func channel() throws -> (DiagnosisSetup, probe: ProbeID) {
    var net = Network(seed: 11, label: "channel")
    let stim = try net.add(Node(size: 1, label: "stim"))
    let a = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "a"))
    let b = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "b"))
    try net.connect(.node(stim), .ensemble(a))
    try net.connect(.ensemble(a), .ensemble(b))
    let probe = try net.probe(.ensemble(a), synapse: .lowpass(0.01), label: "a")
    try net.probe(.ensemble(b), synapse: .lowpass(0.01), label: "b")
    return (DiagnosisSetup(network: net, input: stim, output: b, steps: 300), probe)
  }

  /// The fraction of steps at which stim -> a (Lowpass(0.005), one step of delay) exceeds
  /// 1 in magnitude for a constant input `u`: x_k = u (1 - exp(-(k - 1) dt / tau)).
  private func expectedOutsideFraction(_ u: Double, steps: Int) -> Double {
    let a = exp(-0.001 / 0.005)
    return Double((1...steps).filter { abs(u * (1 - pow(a, Double($0 - 1)))) > 1 }.count) / Double(steps)
  }

  func testChannelDrivenAtTwiceItsRadius_ReportsTheSaturation() throws {
    let (setup, probe) = try channel()
    let inputs = try Matrix([[2], [-2], [2]])
    let report = try Diagnosis.run(setup, inputs: inputs)
    let causes = report.causes.filter { $0.id == .valueOutsideRadius }
    XCTAssertEqual(causes.first?.subject, "a", report.text)
    let a = try XCTUnwrap(report.layers[0].represented)
    // x recovered from the currents is the filtered input: at most 2 (float32 currents).
    XCTAssertEqual(a.maxInput, 2, accuracy: 2e-3)
    XCTAssertEqual(a.maxRatio, 2, accuracy: 2e-3)
    XCTAssertEqual(a.outsideFraction, expectedOutsideFraction(2, steps: 300), accuracy: 1e-9)
    // The decoded value saturates well below 2, a little above the radius.
    let atMax = try XCTUnwrap(a.decodedAtMaxInput)
    XCTAssertGreaterThan(atMax, 0.9)
    XCTAssertLessThan(atMax, 1.5)
    XCTAssertEqual(a.decodedBeyondRadius.first?.input, 1)
    XCTAssertEqual(a.decodedBeyondRadius.first?.decoded ?? 0, 1, accuracy: 0.05)
    // The spiking simulation agrees: a's decoded probe settles near the saturated value,
    // not near 2 (independent of the rate-curve computation).
    let sim = try Simulator(setup.network, dt: 0.001, batchSize: 1, seed: 0)
    try sim.setInput(setup.input, try Matrix([[2]]))
    try sim.run(steps: 300)
    let trace = sim.data(probe).values
    let settled = trace[100..<300].reduce(0) { $0 + Double($1) } / 200
    XCTAssertEqual(settled, atMax, accuracy: 0.05, "a settles at \(settled), the rate curves say \(atMax)")
    // b is fed a's saturated value (plus spike noise): beyond its radius too, far less than a.
    let b = try XCTUnwrap(report.layers[1].represented)
    XCTAssertGreaterThan(b.maxRatio, atMax)
    XCTAssertLessThan(b.maxRatio, 1.6)
    // The text names the fix with the measured numbers.
    let cause = try XCTUnwrap(causes.first)
    for fragment in ["|x| = 2", "2 times its radius 1", "radius of at least 2", "transform of 0.5"] {
      XCTAssertTrue(cause.explanation.contains(fragment) || cause.fix.contains(fragment), "\(fragment): \(cause)")
    }
    XCTAssertTrue(report.text.contains("[value_outside_radius] a:"), report.text)
    let json = String(decoding: try report.json(), as: UTF8.self)
    for key in [
      "\"represented\"", "\"max_ratio\"", "\"outside_fraction\"", "\"decoded_at_max_input\"",
      "\"value_outside_radius\"",
    ] {
      XCTAssertTrue(json.contains(key), key)
    }
  }

  func testChannelWithinItsRadius_NoCause() throws {
    let (setup, _) = try channel()
    let report = try Diagnosis.run(setup, inputs: try Matrix([[0.5], [-0.8], [0.2]]))
    XCTAssertFalse(report.causeIDs.contains(.valueOutsideRadius), report.text)
    let a = try XCTUnwrap(report.layers[0].represented)
    XCTAssertEqual(a.maxInput, 0.8, accuracy: 1e-3)
    XCTAssertEqual(a.outsideFraction, 0)
    XCTAssertNil(a.decodedAtMaxInput)
  }

  /// An ensemble fed into its neurons (a converted network's layers) has no represented
  /// value to measure.
  func testEnsembleFedIntoItsNeurons_NotMeasured() throws {
    var net = Network(seed: 2)
    let stim = try net.add(Node(size: 1, label: "stim"))
    let a = try net.add(Ensemble(nNeurons: 10, dimensions: 1, label: "a"))
    try net.connect(.node(stim), .neurons(a), transform: .matrix(try DoubleMatrix((0..<10).map { _ in [1] })))
    let report = try Diagnosis.run(
      DiagnosisSetup(network: net, input: stim, output: a, steps: 20), inputs: try Matrix([[5]]))
    XCTAssertNil(report.layers[0].represented)
    XCTAssertFalse(report.causeIDs.contains(.valueOutsideRadius))
  }
}

extension DiagnosisRadiusTests {
  /// A Direct ensemble has no neurons to record: it is left out of the measurements (and
  /// cannot be the output), the others are diagnosed as usual.
  func testNetworkWithADirectEnsemble_DiagnosesTheOthers() throws {
    var net = Network(seed: 4)
    let stim = try net.add(Node(size: 1, label: "stim"))
    let d = try net.add(Ensemble(nNeurons: 1, dimensions: 1, neuronType: .direct, label: "d"))
    let a = try net.add(Ensemble(nNeurons: 50, dimensions: 1, label: "a"))
    try net.connect(.node(stim), .ensemble(d))
    try net.connect(.ensemble(d), .ensemble(a), transform: .scalar(3))
    let report = try Diagnosis.run(
      DiagnosisSetup(network: net, input: stim, output: a, steps: 100), inputs: try Matrix([[1]]))
    XCTAssertNil(report.layers[0].represented)
    XCTAssertEqual(report.causes.filter { $0.id == .valueOutsideRadius }.map(\.subject), ["a"])
    XCTAssertEqual(try XCTUnwrap(report.layers[1].represented).maxInput, 3, accuracy: 0.05)
    XCTAssertThrowsError(
      try Diagnosis.run(DiagnosisSetup(network: net, input: stim, output: d, steps: 10), inputs: try Matrix([[1]]))
    ) { XCTAssertTrue("\($0)".contains("'d' is Direct"), "\($0)") }
  }
}
