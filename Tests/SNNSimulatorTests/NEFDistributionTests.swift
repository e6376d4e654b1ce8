import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

@testable import SNNModel

/// Nengo's vector distributions (`nengo/dists.py`): their deterministic parts against
/// SciPy and Nengo 4.1's own functions (values printed by them, quoted below), closed
/// forms, and the properties that define them.
final class NEFDistributionTests: XCTestCase {
  private func norms(_ m: DoubleMatrix) -> [Double] {
    (0..<m.rows).map { r in (0..<m.cols).reduce(0.0) { $0 + m[r, $1] * m[r, $1] }.squareRoot() }
  }
}

// MARK: - The incomplete beta function and the spherical transform

extension NEFDistributionTests {
  func testIncompleteBetaInverse_MatchesSciPy() {
    // scipy.special.betaincinv(a, 0.5, x), SciPy 1.17.1.
    let cases: [(a: Double, x: Double, expected: Double)] = [
      (0.5, 0.3, 0.2061073738537634), (1.0, 0.5, 0.75), (1.5, 0.01, 0.08082719289689111),
      (2.5, 0.9, 0.9965181105251797), (5.0, 0.999, 0.9999998348802498),
      (0.5, 1e-6, 2.46740110027031e-12), (10.0, 0.2, 0.9192643242326188),
      (25.0, 0.77, 0.9982746498074679),
    ]
    for c in cases {
      let got = IncompleteBeta.inverse(c.x, a: c.a, b: 0.5)
      XCTAssertEqual(got, c.expected, accuracy: 1e-12 * c.expected, "betaincinv(\(c.a), 0.5, \(c.x))")
      // Steep near 1: x has 1e-16.
      XCTAssertEqual(IncompleteBeta.regularized(got, a: c.a, b: 0.5), c.x, accuracy: 1e-11 * max(c.x, 1e-6))
    }
  }

  func testIncompleteBeta_HalfHalf_IsArcsineLaw() {
    // I_x(1/2, 1/2) = (2 / pi) asin(sqrt(x)); I_x(1, 1/2) = 1 - sqrt(1 - x).
    for x in stride(from: 0.0, through: 1.0, by: 0.0625) {
      XCTAssertEqual(
        IncompleteBeta.regularized(x, a: 0.5, b: 0.5), 2 / Double.pi * asin(x.squareRoot()), accuracy: 1e-14)
      XCTAssertEqual(IncompleteBeta.regularized(x, a: 1, b: 0.5), 1 - (1 - x).squareRoot(), accuracy: 1e-14)
    }
  }

  func testQuasirandomPhi_IsGoldenRatioAndPlasticNumber() {
    XCTAssertEqual(QuasirandomSequence.phi(1), (1 + 5.0.squareRoot()) / 2, accuracy: 1e-14)
    XCTAssertEqual(QuasirandomSequence.phi(2), 1.324717957244746, accuracy: 1e-14)
    XCTAssertEqual(QuasirandomSequence.phi(3), 1.2207440846057596, accuracy: 1e-14)  // Nengo's _phi(3)
  }

  func testQuasirandomSequence_Unshuffled_IsRobertsSequence() {
    var rng = SplitMix64(seed: 1)
    let line = QuasirandomSequence.sample(4, dimensions: 1, using: &rng, offset: [0.9], shuffle: false)
    for (got, want) in zip(line, [0.9, 0.15, 0.4, 0.65]) { XCTAssertEqual(got, want, accuracy: 1e-15) }
    let plane = QuasirandomSequence.sample(2, dimensions: 2, using: &rng, offset: [0.1, 0.2], shuffle: false)
    let g = 1.324717957244746
    let want = [0.1 + 1 / g, 0.2 + 1 / (g * g), 0.1 + 2 / g, 0.2 + 2 / (g * g)].map { $0 - $0.rounded(.down) }
    for (got, w) in zip(plane, want) { XCTAssertEqual(got, w, accuracy: 1e-14) }
  }

  func testSphericalTransform_MatchesNengo() {
    // nengo.dists.ScatteredHypersphere.spherical_transform_sct(x, approx=False), Nengo 4.1.
    let three = ScatteredHypersphere.sphericalTransform([0.1, 0.7, 0.55, 0.25, 0.9, 0.999], columns: 2)
    let nengoThree = [
      0.7999999999999999, -0.18541019662496858, -0.5706339097770922,
      -0.09999999999999967, 6.092540900222253e-17, 0.99498743710662,
      -0.8, 0.5999881565136822, -0.003769886379335283,
    ]
    for (got, want) in zip(three, nengoThree) { XCTAssertEqual(got, want, accuracy: 1e-13) }
    let four = ScatteredHypersphere.sphericalTransform([0.3, 0.8, 0.05, 0.62, 0.41, 0.5], columns: 3)
    let nengoFour = [
      0.3196915097905037, -0.5685130094240873, 0.7209173362817953, 0.23424024191371692,
      -0.18963842356827845, 0.17673371917416295, -0.965816991367105, 1.182784687039852e-16,
    ]
    for (got, want) in zip(four, nengoFour) { XCTAssertEqual(got, want, accuracy: 1e-13) }
  }

  func testRandomOrthogonal_IsOrthogonal() {
    var rng = SplitMix64(seed: 3)
    for d in [1, 2, 5, 16] {
      let q = ScatteredHypersphere.randomOrthogonal(d, using: &rng)
      for i in 0..<d {
        for j in 0..<d {
          let dot = (0..<d).reduce(0.0) { $0 + q[i * d + $1] * q[j * d + $1] }
          XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: 1e-13, "d \(d), rows \(i), \(j)")
        }
      }
    }
  }
}

// MARK: - Sampled points

extension NEFDistributionTests {
  func testScatteredSurface_PointsHaveUnitLengthAndZeroMean() throws {
    for d in [2, 3, 8] {
      var rng = SplitMix64(seed: UInt64(d))
      let m = try VectorDistribution.scatteredHypersphere(surface: true)
        .sample(1000, dimensions: d, using: &rng, object: "a", attribute: "encoders")
      XCTAssertEqual(m.rows, 1000)
      for n in norms(m) { XCTAssertEqual(n, 1, accuracy: 1e-12) }
      // Quasi-random points balance far better than independent ones (whose mean would
      // be about 1/sqrt(1000 d) ~ 0.01 per coordinate).
      for j in 0..<d {
        let mean = (0..<1000).reduce(0.0) { $0 + m[$1, j] } / 1000
        XCTAssertLessThan(abs(mean), 0.01, "d \(d), coordinate \(j)")
      }
    }
  }

  func testScatteredBall_RadiiAreEvenlySpreadOverTheVolume() throws {
    var rng = SplitMix64(seed: 11)
    let m = try VectorDistribution.scatteredHypersphere()
      .sample(2000, dimensions: 3, using: &rng, object: "a", attribute: "eval_points")
    let r = norms(m)
    XCTAssertLessThanOrEqual(r.max() ?? 2, 1 + 1e-12)
    // Uniform in the ball: P(|x| < 1/2) = 1/8; the radii come from a 1/n-discrepancy
    // sequence, so the count is within a few points of 250.
    let inner = r.filter { $0 < 0.5 }.count
    XCTAssertEqual(Double(inner), 250, accuracy: 5)
    let withFloor = try VectorDistribution.scatteredHypersphere(minMagnitude: 0.6)
      .sample(500, dimensions: 2, using: &rng, object: "a", attribute: "eval_points")
    XCTAssertGreaterThanOrEqual(norms(withFloor).min() ?? 0, 0.6 - 1e-12)
  }

  func testScatteredLine_TilesBothHalves() throws {
    var rng = SplitMix64(seed: 5)
    let surface = try VectorDistribution.scatteredHypersphere(surface: true)
      .sample(100, dimensions: 1, using: &rng, object: "a", attribute: "encoders")
    XCTAssertEqual(surface.values.filter { $0 == 1 }.count, 50)  // a tiled line: exactly half
    XCTAssertEqual(surface.values.filter { $0 == -1 }.count, 50)
    let ball = try VectorDistribution.scatteredHypersphere()
      .sample(100, dimensions: 1, using: &rng, object: "a", attribute: "eval_points")
    let positive = ball.values.filter { $0 >= 0 }.sorted()
    XCTAssertEqual(positive.count, 50)
    for (a, b) in zip(positive, positive.dropFirst()) { XCTAssertEqual(b - a, 1.0 / 50, accuracy: 1e-12) }
  }

  func testUniformHypersphere_BallHoldsAnEighthInsideHalfRadius() throws {
    var rng = SplitMix64(seed: 2)
    let n = 20_000
    let m = try VectorDistribution.uniformHypersphere()
      .sample(n, dimensions: 3, using: &rng, object: "a", attribute: "eval_points")
    let r = norms(m)
    XCTAssertLessThanOrEqual(r.max() ?? 2, 1)
    // Binomial(n, 1/8): standard deviation sqrt(n p (1 - p)) ~ 47; allow 5 of them.
    XCTAssertEqual(Double(r.filter { $0 < 0.5 }.count), Double(n) / 8, accuracy: 5 * 47)
    let surface = try VectorDistribution.uniformHypersphere(surface: true)
      .sample(100, dimensions: 4, using: &rng, object: "a", attribute: "encoders")
    for x in norms(surface) { XCTAssertEqual(x, 1, accuracy: 1e-12) }
  }

  func testSample_SameSeed_SamePoints() throws {
    for dist in [VectorDistribution.scatteredHypersphere(), .uniformHypersphere(surface: true)] {
      var a = SplitMix64(seed: 42)
      var b = SplitMix64(seed: 42)
      var c = SplitMix64(seed: 43)
      let x = try dist.sample(50, dimensions: 3, using: &a, object: "a", attribute: "eval_points")
      XCTAssertEqual(x, try dist.sample(50, dimensions: 3, using: &b, object: "a", attribute: "eval_points"))
      XCTAssertNotEqual(x, try dist.sample(50, dimensions: 3, using: &c, object: "a", attribute: "eval_points"))
    }
  }

  func testChoiceAndSamples_ReturnGivenRows() throws {
    var rng = SplitMix64(seed: 9)
    let options = try DoubleMatrix([[1, 0], [0, -1]])
    let drawn = try VectorDistribution.choice(options).sample(
      200, dimensions: 2, using: &rng, object: "a", attribute: "encoders")
    let firsts = (0..<200).filter { drawn[$0, 0] == 1 && drawn[$0, 1] == 0 }.count
    let seconds = (0..<200).filter { drawn[$0, 0] == 0 && drawn[$0, 1] == -1 }.count
    XCTAssertEqual(firsts + seconds, 200)
    XCTAssertEqual(Double(firsts), 100, accuracy: 5 * 7.1)  // Binomial(200, 1/2)
    XCTAssertEqual(
      try VectorDistribution.samples(options).sample(7, dimensions: 2, using: &rng, object: "a", attribute: "x"),
      options)
  }

  func testSample_BadInput_NamesObjectAndAttribute() throws {
    var rng = SplitMix64(seed: 1)
    let cases: [(VectorDistribution, Int, String)] = [
      (.samples(try DoubleMatrix([[1, 2, 3]])), 2, "need 2 columns"),
      (.samples(try DoubleMatrix([[.nan, 1]])), 2, "non-finite"),
      (.choice(try DoubleMatrix(rows: 0, cols: 2, values: [])), 2, "at least one option"),
      (.scatteredHypersphere(minMagnitude: 1), 2, "min_magnitude"),
      (.uniformHypersphere(), 0, "positive integer"),
      (.scatteredHypersphere(), 20_000, "at most 10,000"),
    ]
    XCTAssertThrowsError(
      try VectorDistribution.uniformHypersphere().sample(
        Int.max / 2, dimensions: 3, using: &rng, object: "ens", attribute: "eval_points")
    ) { XCTAssertTrue(($0 as? ModelError)?.problem.contains("values allowed") ?? false, "\($0)") }
    for (dist, d, message) in cases {
      XCTAssertThrowsError(try dist.sample(3, dimensions: d, using: &rng, object: "ens", attribute: "eval_points")) {
        let e = $0 as? ModelError
        XCTAssertEqual(e?.object, "ens")
        XCTAssertEqual(e?.attribute, "eval_points")
        XCTAssertTrue(e?.problem.contains(message) ?? false, "\(String(describing: e))")
      }
    }
  }
}
