import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// An ensemble's NEF parameters (``EnsembleEncoding/build(label:nNeurons:dimensions:neuronType:maxRates:intercepts:gain:bias:radius:encoders:normalizeEncoders:evalPoints:nEvalPoints:seed:)``)
/// against the gains and biases real Nengo 4.1 built from the same max rates and
/// intercepts (`Fixtures/nengo-nef/`), and Nengo's rules.
final class NEFEnsembleBuildTests: XCTestCase {
  private static let fixtures = TestPaths.packageRoot.appendingPathComponent(
    "Tests/SNNSimulatorTests/Fixtures/nengo-nef")

  private func matrix(_ any: Any?) throws -> DoubleMatrix {
    try DoubleMatrix(
      try XCTUnwrap(any as? [[Any]]).map { try $0.map { try XCTUnwrap(($0 as? NSNumber)?.doubleValue) } })
  }

  private func vector(_ any: Any?) throws -> [Double] {
    try XCTUnwrap(any as? [Any]).map { try XCTUnwrap(($0 as? NSNumber)?.doubleValue) }
  }

  func testFromMaxRatesAndIntercepts_MatchesNengosGainBiasAndEvalPoints() throws {
    var checked = 0
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix(".json") }
    for file in files.sorted() {
      let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(file))
      let f = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      let ensembles =
        (f["ensembles"] as? [Any] ?? []) + [f["ensemble"]].compactMap { $0 } + (f["post_ensembles"] as? [Any] ?? [])
      for case let e as [String: Any] in ensembles {
        let label = "\(file): \(e["name"] ?? "")"
        let built = try EnsembleEncoding.build(
          label: label, nNeurons: try XCTUnwrap(e["n_neurons"] as? Int),
          dimensions: try XCTUnwrap(e["dimensions"] as? Int),
          maxRates: .values(try vector(e["max_rates"])), intercepts: .values(try vector(e["intercepts"])),
          radius: try XCTUnwrap(e["radius"] as? Double), encoders: .samples(try matrix(e["encoders"])),
          evalPoints: .samples(try matrix(e["eval_points_given"])), seed: 1
        ).encoding
        for (name, got, want) in [
          ("gain", built.gain, try vector(e["gain"])), ("bias", built.bias, try vector(e["bias"])),
          ("eval points", built.evalPoints.values, try matrix(e["eval_points"]).values),
          ("encoders", built.encoders.values, try matrix(e["encoders"]).values),
          ("scaled encoders", built.scaledEncoders.values, try matrix(e["scaled_encoders"]).values),
        ] {
          XCTAssertEqual(got.count, want.count, "\(label) \(name)")
          for (g, w) in zip(got, want) { XCTAssertEqual(g, w, accuracy: 1e-12 * max(abs(w), 1), "\(label) \(name)") }
        }
        checked += 1
      }
    }
    XCTAssertEqual(checked, 16)  // 5 in the decoder fixtures (pre and posts), 11 in the traces
  }

  func testDefaults_NengosCountsUnitEncodersAndSeededDraws() throws {
    let a = try EnsembleEncoding.build(label: "a", nNeurons: 100, dimensions: 2, radius: 1.5, seed: 3)
    XCTAssertEqual(a.encoding.evalPoints.rows, 1000)
    XCTAssertEqual(a.encoding.encoders.rows, 100)
    for i in 0..<100 {
      XCTAssertEqual(
        (a.encoding.encoders[i, 0] * a.encoding.encoders[i, 0] + a.encoding.encoders[i, 1] * a.encoding.encoders[i, 1])
          .squareRoot(), 1, accuracy: 1e-12)
    }
    let rates = try XCTUnwrap(a.maxRates)
    XCTAssertTrue(rates.allSatisfy { $0 >= 200 && $0 < 400 })
    XCTAssertTrue(try XCTUnwrap(a.intercepts).allSatisfy { $0 >= -1 && $0 < 0.9 })
    let again = try EnsembleEncoding.build(label: "a", nNeurons: 100, dimensions: 2, radius: 1.5, seed: 3)
    XCTAssertEqual(again.encoding.gain, a.encoding.gain)
    XCTAssertEqual(again.encoding.evalPoints, a.encoding.evalPoints)
    let other = try EnsembleEncoding.build(label: "a", nNeurons: 100, dimensions: 2, radius: 1.5, seed: 4)
    XCTAssertNotEqual(other.encoding.encoders, a.encoding.encoders)
    // Changing the eval points' distribution leaves the other draws alone (own streams).
    let fewer = try EnsembleEncoding.build(
      label: "a", nNeurons: 100, dimensions: 2, radius: 1.5, nEvalPoints: 10, seed: 3)
    XCTAssertEqual(fewer.encoding.evalPoints.rows, 10)
    XCTAssertEqual(fewer.encoding.encoders, a.encoding.encoders)
    XCTAssertEqual(fewer.encoding.gain, a.encoding.gain)
  }

  func testGivenEncoders_AreNormalized_AndGivenGainBiasKept() throws {
    let built = try EnsembleEncoding.build(
      label: "a", nNeurons: 1, dimensions: 2, gain: [2], bias: [0.5], encoders: .samples(try DoubleMatrix([[3, 4]])),
      seed: 0)
    XCTAssertEqual(built.encoding.encoders.values, [0.6, 0.8])
    XCTAssertEqual(built.encoding.gain, [2])
    XCTAssertNil(built.maxRates)
    let raw = try EnsembleEncoding.build(
      label: "a", nNeurons: 1, dimensions: 2, encoders: .samples(try DoubleMatrix([[3, 4]])), normalizeEncoders: false,
      seed: 0)
    XCTAssertEqual(raw.encoding.encoders.values, [3, 4])
  }

  func testBadInput_NamesTheEnsemble() throws {
    let cases: [(() throws -> Void, String)] = [
      (
        {
          _ = try EnsembleEncoding.build(
            label: "ens", nNeurons: 1, dimensions: 2, encoders: .samples(try DoubleMatrix([[0, 0]])), seed: 0)
        }, "length zero"
      ),
      (
        { _ = try EnsembleEncoding.build(label: "ens", nNeurons: 2, dimensions: 1, gain: [1, 1], seed: 0) },
        "given together"
      ),
      (
        {
          _ = try EnsembleEncoding.build(
            label: "ens", nNeurons: 2, dimensions: 1, intercepts: .values([0, 1.5]), seed: 0)
        }, "intercept"
      ),
      (
        {
          _ = try EnsembleEncoding.build(
            label: "ens", nNeurons: 2, dimensions: 1, maxRates: .values([100, 900]), seed: 0)
        }, "max rate"
      ),
      (
        {
          _ = try EnsembleEncoding.build(
            label: "ens", nNeurons: 2, dimensions: 1, encoders: .samples(try DoubleMatrix([[1]])), seed: 0)
        }, "1 rows for 2 neurons"
      ),
      (
        {
          _ = try EnsembleEncoding.build(
            label: "ens", nNeurons: 2, dimensions: 1, evalPoints: .samples(try DoubleMatrix([[1, 2]])), seed: 0)
        }, "eval_points"
      ),
      ({ _ = try EnsembleEncoding.build(label: "ens", nNeurons: 2, dimensions: 1, radius: 0, seed: 0) }, "radius"),
    ]
    for (body, message) in cases {
      XCTAssertThrowsError(try body()) {
        let e = $0 as? BuildError
        XCTAssertEqual(e?.object, "ens")
        XCTAssertTrue(e?.problem.contains(message) ?? false, "\(String(describing: e)) lacks '\(message)'")
      }
    }
  }
}
