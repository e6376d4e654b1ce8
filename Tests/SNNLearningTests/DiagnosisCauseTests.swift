import Foundation
import SwiftSNN
import XCTest

/// The causes ``Diagnosis`` names: all of them for the forum user's configuration, none for
/// a converted network, `silent_layer` for a layer without weights.
final class DiagnosisCauseTests: XCTestCase {
  private typealias F = DiagnosisFixtures
  private let labels = (0..<20).map { UInt8($0 % 10) }

  func testUserConfiguration_ReportsEveryCauseButSilence() throws {
    let setup = try F.userSetup(
      w1: F.uniform(F.inputs, F.hidden, -0.1, 0.2, seed: 1), w2: F.uniform(F.hidden, F.outputs, -0.3, 0.5, seed: 2),
      steps: 100)
    let report = try Diagnosis.run(setup, inputs: F.images(20, scale: 255, seed: 3), labels: labels)
    XCTAssertEqual(
      Set(report.causeIDs),
      [.inputNotNormalized, .gainScalesWeights, .rateBeyondDtLimit, .outputSaturation, .probeCountsStepsNotSpikes],
      report.text)
    // Both LIF layers are fed into .neurons with gain 2.033 (max_rates 100, intercepts 0).
    XCTAssertEqual(report.causes.filter { $0.id == .gainScalesWeights }.map(\.subject).count, 2)
    let hidden = report.layers[1]
    XCTAssertEqual(hidden.gainMin, 2.0332447817197368, accuracy: 1e-9)
    XCTAssertEqual(hidden.biasMax, 1, accuracy: 1e-12)
    XCTAssertEqual(hidden.rateLimit, 500, accuracy: 1e-9)
    // Pixels up to 255 with gain 100: Poisson rates near 25,500 Hz, 25 spikes per step.
    XCTAssertGreaterThan(report.layers[0].maxRate, 20_000)
    XCTAssertEqual(report.layers[0].currentMax, 100 * report.input.max, accuracy: 1e-3 * 100 * report.input.max)
    // A Lowpass(0.1) trace stays positive from the first spike: nearly every step counts.
    XCTAssertGreaterThan(report.readout.winnerValue, 90)
    XCTAssertLessThan(report.readout.winnerSpikes, report.readout.winnerValue)
    XCTAssertEqual(report.input.max, 255, accuracy: 25.5)
  }

  func testConvertedNetwork_ReportsNoCause() throws {
    let converted = try Converter.convert(try F.ann(seed: 4), calibration: F.images(200, scale: 1, seed: 5))
    let setup = DiagnosisSetup(
      network: converted.network, input: converted.input, output: converted.layers[converted.layers.count - 1],
      steps: 100, batchSize: 10)
    let report = try Diagnosis.run(setup, inputs: F.images(20, scale: 1, seed: 6), labels: labels)
    XCTAssertEqual(report.causes, [], report.text)
    XCTAssertEqual(report.readout.rule, "spike_count")
    XCTAssertEqual(report.readout.agreesWithSpikeCount, 1)
    // The input layer is Poisson at up to 1000 Hz = 1/dt: at the limit, not beyond it.
    XCTAssertLessThan(report.layers[0].maxRate, Diagnosis.rateExcess * 1000)
    // Summing the spike-count probe is another way to count spikes.
    var summed = setup
    summed.readout = .probeSum(probe: converted.outputCounts)
    let again = try Diagnosis.run(summed, inputs: F.images(20, scale: 1, seed: 6), labels: labels)
    XCTAssertEqual(again.readout.rule, "probe_sum")
    XCTAssertEqual(again.readout.agreesWithSpikeCount, 1)
    XCTAssertEqual(again.readout.accuracy, report.readout.accuracy)
  }

  func testZeroWeights_ReportSilentLayers() throws {
    let setup = try F.userSetup(
      w1: Matrix(rows: F.inputs, cols: F.hidden), w2: F.uniform(F.hidden, F.outputs, -0.3, 0.5, seed: 2), steps: 60)
    let report = try Diagnosis.run(setup, inputs: F.images(10, scale: 255, seed: 3))
    // Bias 1 holds the LIF neurons exactly at the threshold, which they never cross.
    let silent = report.causes.filter { $0.id == .silentLayer }.map(\.subject)
    XCTAssertEqual(silent, ["hidden", "out"], report.text)
    XCTAssertEqual(report.layers[1].silentExamples, 1)
    XCTAssertEqual(report.layers[1].currentMax, 1, accuracy: 1e-6)
    XCTAssertNil(report.readout.accuracy)
  }

  func testJSON_ListsCausesByStableID() throws {
    let setup = try F.userSetup(
      w1: Matrix(rows: F.inputs, cols: F.hidden), w2: F.uniform(F.hidden, F.outputs, -0.3, 0.5, seed: 2), steps: 20)
    let report = try Diagnosis.run(setup, inputs: F.images(4, scale: 255, seed: 3))
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
    let causes = try XCTUnwrap(object["causes"] as? [[String: Any]])
    XCTAssertEqual(
      Set(causes.compactMap { $0["id"] as? String }),
      [
        "input_not_normalized", "gain_scales_weights", "rate_beyond_dt_limit", "silent_layer",
        "probe_counts_steps_not_spikes",
      ])
    let layers = try XCTUnwrap(object["layers"] as? [[String: Any]])
    XCTAssertNotNil(layers.first?["saturated_fraction"])
    XCTAssertEqual(try JSONDecoder.snakeCase.decode(DiagnosisReport.self, from: report.json()), report)
  }

  func testReport_DoesNotDependOnBatchSize() throws {
    var setup = try F.userSetup(
      w1: F.uniform(F.inputs, F.hidden, -0.1, 0.2, seed: 1), w2: F.uniform(F.hidden, F.outputs, -0.3, 0.5, seed: 2),
      steps: 30)
    let x = F.images(7, scale: 255, seed: 3)
    let whole = try Diagnosis.run(setup, inputs: x)
    setup.batchSize = 3
    XCTAssertEqual(try Diagnosis.run(setup, inputs: x), whole)
  }

  func testBadSetup_Throws() throws {
    var setup = try F.userSetup(
      w1: Matrix(rows: F.inputs, cols: F.hidden), w2: Matrix(rows: F.hidden, cols: F.outputs), steps: 10)
    XCTAssertThrowsError(try Diagnosis.run(setup, inputs: Matrix(rows: 2, cols: F.inputs + 1))) { error in
      XCTAssertTrue("\(error)".contains("inp"), "\(error)")
    }
    XCTAssertThrowsError(try Diagnosis.run(setup, inputs: Matrix(rows: 2, cols: F.inputs), labels: [1]))
    let sum = try setup.network.probe(.neurons(setup.output), mode: .sum, label: "sum")
    setup.readout = .positiveSteps(probe: sum)
    XCTAssertThrowsError(try Diagnosis.run(setup, inputs: Matrix(rows: 2, cols: F.inputs))) { error in
      XCTAssertTrue("\(error)".contains("every step"), "\(error)")
    }
  }
}

extension JSONDecoder {
  fileprivate static var snakeCase: JSONDecoder {
    let d = JSONDecoder()
    d.keyDecodingStrategy = .convertFromSnakeCase
    return d
  }
}
