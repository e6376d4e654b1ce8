import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// The whole pipeline on real data: Keras's trained weights, the real MNIST test set, the
/// converter and the simulator.
final class ConversionEndToEndTests: XCTestCase {
  private func kerasANN() throws -> Sequential {
    guard let dir = TestPaths.kerasFixture else { throw unavailable("shared Keras fixture not found") }
    let dense = try KerasWeights.load(url: dir.appendingPathComponent("weights.npz"))
    return try Sequential(layers: [
      Dense(kernel: dense[0].kernel, activation: .relu), Dense(kernel: dense[1].kernel, activation: .softmax),
    ])
  }

  private func mnist(_ split: MNISTSplit, limit: Int) throws -> (Matrix, [UInt8]) {
    guard let dir = TestPaths.mnistDirectory else { throw unavailable("MNIST not found") }
    let d = try MNISTDataset.load(directory: dir, split: split, limit: limit)
    return (try Matrix(rows: d.count, cols: d.pixelsPerImage, values: d.scaledPixels(range: 0..<d.count)), d.labels)
  }

  func testKerasWeights_SwiftForwardPass_GivesKerasTestAccuracy() throws {
    let ann = try kerasANN()
    let (x, y) = try mnist(.test, limit: 10_000)
    // Keras 3 evaluate measured 0.9729 on the 10,000 test images (fixture README).
    XCTAssertEqual(try ann.accuracy(x, labels: y), 0.9729, accuracy: 0.00005)
  }

  func testConvertedKerasNetwork_OnRealTestImages_IsCloseToTheANN() throws {
    let ann = try kerasANN()
    let (calibration, _) = try mnist(.train, limit: 500)
    let converted = try Converter.convert(ann, calibration: calibration)
    let (x, y) = try mnist(.test, limit: 100)
    let result = try SpikingEvaluation.evaluate(
      converted, inputs: x, labels: y, steps: 120, dt: 0.001, batchSize: 64, threads: 2, seed: 1)
    // The ANN gets 0.985 on the first 200 test images (fixture README).
    XCTAssertGreaterThanOrEqual(result.accuracy, 0.95)
    XCTAssertEqual(result.silent, 0)
    // Same seed, other batch size and thread count: the same predictions.
    let first = 30
    let again = try SpikingEvaluation.evaluate(
      converted, inputs: try Matrix(rows: first, cols: x.cols, values: Array(x.values[0..<(first * x.cols)])),
      labels: Array(y[0..<first]), steps: 120, dt: 0.001, batchSize: 7, threads: 1, seed: 1)
    XCTAssertEqual(again.predictions, Array(result.predictions[0..<first]))
  }

  func testBestConfiguration_CurrentInputIFMembrane_MatchesTheANNWithinFewSteps() throws {
    let ann = try kerasANN()
    let (calibration, _) = try mnist(.train, limit: 500)
    var options = ConversionOptions()
    options.encoding = .current
    options.neuron = .spikingRectifiedLinear()
    options.readout = .membrane
    let converted = try Converter.convert(ann, calibration: calibration, options: options)
    let (x, y) = try mnist(.test, limit: 200)
    let result = try SpikingEvaluation.evaluate(
      converted, inputs: x, labels: y, steps: 40, dt: 0.001, batchSize: 100, threads: 2, seed: 1, record: .curve)
    // The ANN gets 0.985 on the first 200 test images (fixture README).
    XCTAssertGreaterThanOrEqual(result.accuracy, 0.975)
    XCTAssertGreaterThanOrEqual(try XCTUnwrap(result.accuracy(atStep: 25)), 0.97)
    XCTAssertEqual(result.accuracyAtStep.last, result.accuracy)
    XCTAssertEqual(result.ties, 0)
  }

  func testNormalizationScales_ArePercentilesOfActivations() throws {
    let kernel = try Matrix(rows: 1, cols: 1, values: [2])
    let ann = try Sequential(layers: [
      Dense(kernel: kernel, activation: .relu), Dense(kernel: kernel, activation: .softmax),
    ])
    let calibration = try Matrix(rows: 101, cols: 1, values: (0...100).map { Float($0) / 100 })
    var options = ConversionOptions()
    options.normalization = .max
    let converted = try Converter.convert(ann, calibration: calibration, options: options)
    // Hidden activations are 2x in [0, 2], output 4x in [0, 4].
    XCTAssertEqual(converted.scales[0], 2, accuracy: 1e-6)
    XCTAssertEqual(converted.scales[1], 4, accuracy: 1e-6)
    options.normalization = .percentile(50)
    let median = try Converter.convert(ann, calibration: calibration, options: options)
    XCTAssertEqual(median.scales[0], 1.0, accuracy: 0.021)
  }
}
