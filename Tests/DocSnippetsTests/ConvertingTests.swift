import Foundation
import SwiftSNN
import XCTest

final class ConvertingTests: XCTestCase {
  /// The scales are the 99.9th percentiles of each layer's positive ANN activations,
  /// recomputed here; the spike integral is 1 / (LIF rate at J = 16), in closed form.
  func testConversion_ScalesAndSpikeIntegralAreTheirDefinitions() throws {
    let ann = try Converting.loadANN(weightsURL: try DocData.kerasWeightsURL())
    let calibration = try DocData.trainingImages(2000)
    let converted = try Converting.convert(ann, calibration: calibration)
    for (l, a) in try ann.activations(calibration).enumerated() {
      let positive = a.values.filter { $0 > 0 }.sorted()
      let rank = Int((0.999 * Double(positive.count - 1)).rounded())
      XCTAssertEqual(converted.scales[l], Double(positive[rank]), "layer \(l)")
    }
    XCTAssertEqual(converted.spikeAmplitude, 0.002 + 0.02 * log1p(1.0 / 15), accuracy: 1e-12)
  }

  /// 300 test images: the curve ends at the final accuracy, every LIF layer stays below
  /// its 500 Hz ceiling, and both readouts come within 2 points of the ANN.
  func testCurveAndReadouts_OnTheFirstImages() throws {
    let ann = try Converting.loadANN(weightsURL: try DocData.kerasWeightsURL())
    let calibration = try DocData.trainingImages(2000)
    var (x, labels) = try DocData.testImages(300)
    for i in x.values.indices { x.values[i] /= 255 }
    let annAccuracy = try ann.accuracy(x, labels: labels)
    let counts = try Converting.evaluate(try Converting.convert(ann, calibration: calibration), x: x, labels: labels)
    XCTAssertEqual(counts.accuracyAtStep.count, 350)
    XCTAssertEqual(counts.accuracyAtStep.last, counts.accuracy)
    XCTAssertGreaterThanOrEqual(counts.accuracy, annAccuracy - 0.02)
    XCTAssertLessThan(counts.accuracyAtStep[4], counts.accuracy, "5 steps are too few for spike counts")
    for layer in counts.layerActivity.dropFirst() { XCTAssertLessThan(layer.maxRate, 500) }
    let membrane = try Converting.evaluate(
      try Converting.membrane(ann, calibration: calibration), x: x, labels: labels)
    XCTAssertGreaterThanOrEqual(membrane.accuracy, annAccuracy - 0.02)
    XCTAssertEqual(membrane.ties, 0)
    print("ANN", annAccuracy, "count", counts.accuracy, "membrane", membrane.accuracy)
  }
}
