import Foundation
import SwiftSNN
import XCTest

/// The accuracy curve and the firing rates recorded in the same simulation as the final
/// classification.
final class ConversionCurveTests: XCTestCase {
  /// 3 inputs -> 6 ReLU units -> 3 outputs, and 40 inputs labelled by the ANN itself.
  private func problem() throws -> (Sequential, Matrix, [UInt8]) {
    var rng = SplitMix64(seed: 7)
    func uniform(_ n: Int, _ scale: Float) -> [Float] { (0..<n).map { _ in (rng.nextUnitFloat() * 2 - 1) * scale } }
    let hidden = try Dense(kernel: Matrix(rows: 3, cols: 6, values: uniform(18, 1)), activation: .relu)
    let output = try Dense(kernel: Matrix(rows: 6, cols: 3, values: uniform(18, 1)), activation: .softmax)
    let ann = try Sequential(layers: [hidden, output])
    let x = try Matrix(rows: 40, cols: 3, values: uniform(120, 1).map { abs($0) })
    let labels = try ann.predict(x).map { UInt8($0) }
    return (ann, x, labels)
  }

  private func evaluate(
    _ options: ConversionOptions, steps: Int, record: EvaluationRecording = [], batchSize: Int = 16
  ) throws -> EvaluationResult {
    let (ann, x, y) = try problem()
    let converted = try Converter.convert(ann, calibration: x, options: options)
    return try SpikingEvaluation.evaluate(
      converted, inputs: x, labels: y, steps: steps, dt: options.dt, batchSize: batchSize, threads: 2, seed: 3,
      record: record)
  }

  private var configurations: [ConversionOptions] {
    var poisson = ConversionOptions()
    poisson.normalization = .max
    var best = ConversionOptions()
    best.encoding = .current
    best.neuron = .spikingRectifiedLinear()
    best.readout = .membrane
    var regular = ConversionOptions()
    regular.encoding = .regular
    regular.neuron = .lif(LIFParameters(reset: .subtract))
    return [poisson, best, regular]
  }

  func testCurve_LastStepEqualsFinalAccuracy_AndEachStepEqualsAShorterRun() throws {
    for options in configurations {
      let full = try evaluate(options, steps: 30, record: .curve)
      XCTAssertEqual(full.accuracyAtStep.count, 30)
      XCTAssertEqual(full.accuracyAtStep.last, full.accuracy)
      // The first t steps of a run are a run of t steps: same seed, same spikes.
      for t in [1, 7, 19] {
        let short = try evaluate(options, steps: t, batchSize: 40)
        XCTAssertEqual(full.accuracy(atStep: t), short.accuracy, "\(options.encoding) t=\(t)")
      }
    }
  }

  func testCurve_NotRequested_IsEmpty() throws {
    let r = try evaluate(ConversionOptions(), steps: 5)
    XCTAssertTrue(r.accuracyAtStep.isEmpty)
    XCTAssertTrue(r.layerActivity.isEmpty)
    XCTAssertTrue(r.accuracyAtCheckpoints.isEmpty)
  }

  func testCheckpointSteps_HoldTheIssuesStepsAndEveryMultipleOf50() {
    XCTAssertEqual(EvaluationResult.checkpointSteps(upTo: 350), [1, 5, 10, 25, 50, 100, 150, 200, 250, 300, 350])
    XCTAssertEqual(EvaluationResult.checkpointSteps(upTo: 120), [1, 5, 10, 25, 50, 100, 120])
    XCTAssertEqual(EvaluationResult.checkpointSteps(upTo: 3), [1, 3])
    XCTAssertEqual(EvaluationResult.checkpointSteps(upTo: 0), [])
  }

  func testRates_CountEveryExampleAndNeuron_MatchingTheOutputSpikes() throws {
    let steps = 20
    let r = try evaluate(ConversionOptions(), steps: steps, record: .rates)
    XCTAssertEqual(r.layerActivity.map(\.label), ["poisson", "hidden1", "output"])
    XCTAssertEqual(r.layerActivity.map(\.neurons), [3, 6, 3])
    for layer in r.layerActivity {
      XCTAssertEqual(layer.pairs, 40 * layer.neurons, layer.label)
      XCTAssertEqual(layer.seconds, Double(steps) * 0.001, accuracy: 1e-12)
      XCTAssertLessThanOrEqual(layer.maxRate, 1000 * 5, layer.label)
    }
    // Input rates: a pixel x fires about x * 1000 Hz; the inputs average about 0.5.
    XCTAssertEqual(r.layerActivity[0].meanRate, 500, accuracy: 150)
    // LIF fires at most every other step (tau_ref 2 ms = 2 dt): 10 spikes in 20 steps.
    XCTAssertLessThanOrEqual(r.layerActivity[2].maxRate, 500)
  }
}
