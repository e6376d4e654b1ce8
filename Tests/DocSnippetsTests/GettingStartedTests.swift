import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

final class GettingStartedTests: XCTestCase {
  /// LIF driven by a constant current J fires at 1 / (tau_ref + tau_rc ln(1 + 1/(J - 1)))
  /// (Nengo's LIFRate curve): 1.5 -> 41.7 Hz, 2 -> 63.1 Hz, 4 -> 129.0 Hz. Over one second
  /// the count is that rate to within a spike or so (the random initial voltage gives a head
  /// start of up to one spike).
  func testFirstNetwork_RatesFollowTheLIFRateCurve() throws {
    let dir = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("first.npz")
    let run = try GettingStarted.firstNetwork(saveTo: url)
    for (j, rate) in zip([1.5, 2, 4], run.rates) {
      let expected = 1 / (0.002 + 0.02 * log1p(1 / (j - 1)))
      XCTAssertEqual(rate, expected, accuracy: 1.5, "J = \(j)")
    }
    // The filtered probe (Lowpass 10 ms) hovers around the rate in Hz.
    XCTAssertEqual(Double(run.filteredAtEnd[2]), 129.0, accuracy: 60)
    XCTAssert(run.voltage0.allSatisfy { $0 >= 0 && $0 <= 1 })
    let saved = try NPZ.read(url: url)
    XCTAssertEqual(Set(saved.keys), ["spikes", "voltage", "filtered"])
    XCTAssertEqual(saved["voltage"]?.shape, [1000, 3])
    // `SWIFTSNN_DOC_OUTPUT=DIR` keeps first.npz, for the article's figure.
    if let keep = ProcessInfo.processInfo.environment["SWIFTSNN_DOC_OUTPUT"] {
      let dest = URL(fileURLWithPath: keep).appendingPathComponent("first.npz")
      try? FileManager.default.removeItem(at: dest)
      try FileManager.default.copyItem(at: url, to: dest)
    }
  }

  /// 300 test images: the converted Keras network scores within 2 points of the ANN (on all
  /// 10,000, README: 0.9729 for the ANN, 0.9706 for the SNN).
  func testMNISTConversion_MatchesTheANNOnTheFirstImages() throws {
    let weights = try DocData.kerasWeightsURL()
    let test = try DocData.testImages(300)
    let calibration = try DocData.trainingImages(2000)
    let (ann, snn) = try GettingStarted.mnist(weightsURL: weights, test: test, calibration: calibration)
    XCTAssertEqual(snn.images, 300)
    XCTAssertGreaterThanOrEqual(snn.accuracy, ann - 0.02)
    XCTAssertGreaterThan(ann, 0.95)
  }
}
