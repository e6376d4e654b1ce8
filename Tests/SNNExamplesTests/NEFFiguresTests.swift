import Foundation
import XCTest
import _SNNTestSupport

@testable import SNNExamples

/// The figures against scripts/nef_figures.py on the same traces (real Nengo runs), and
/// against hand-computed cases (those of nef_figures.py's self-test).
final class NEFFiguresTests: XCTestCase {
  private static let t = (1...10_000).map { Double($0) * 0.001 }

  // MARK: - Against nef_figures.py on shared traces

  func testRMSE_SharedTraces_EqualNefFiguresPy() throws {
    let expected = try SharedTrace.pythonFigures()
    for name in ["communication-channel", "squaring", "multiplication", "integrator"] {
      let trace = try SharedTrace(name)
      let ideal = try XCTUnwrap(trace.ideal, name)
      let rmse = try NEFFigures.rmse(t: trace.t, output: trace.output, ideal: ideal)
      let python = try XCTUnwrap(expected[name]?["rmse"], name)
      XCTAssertEqual(rmse, python, accuracy: 1e-14 * python, name)
    }
  }

  func testOscillation_SharedTrace_EqualsNefFiguresPy() throws {
    let expected = try XCTUnwrap(try SharedTrace.pythonFigures()["oscillator"])
    let trace = try SharedTrace("oscillator")
    let o = try NEFFigures.oscillation(t: trace.t, output: trace.output)
    // np.polyfit solves by a scaled lstsq, this by the normal equations: equal to ~1e-12.
    XCTAssertEqual(o.frequencyHz, try XCTUnwrap(expected["frequency_hz"]), accuracy: 1e-10)
    XCTAssertEqual(o.amplitudeMean, try XCTUnwrap(expected["amplitude_mean"]), accuracy: 1e-14)
    XCTAssertEqual(o.amplitudeStd, try XCTUnwrap(expected["amplitude_std"]), accuracy: 1e-14)
  }

  func testLearning_SharedTrace_EqualsNefFiguresPy() throws {
    let expected = try XCTUnwrap(try SharedTrace.pythonFigures()["learning"])
    let trace = try SharedTrace("learning")
    let r = try NEFFigures.learning(t: trace.t, post: trace.output, pre: try XCTUnwrap(trace.ideal))
    XCTAssertEqual(r.first, try XCTUnwrap(expected["rmse_first_2s"]), accuracy: 1e-14)
    XCTAssertEqual(r.last, try XCTUnwrap(expected["rmse_last_2s"]), accuracy: 1e-14)
  }

  // MARK: - Hand-computed cases

  func testRMSE_CountsFromPointOneSecond() throws {
    let t = Self.t
    let ideal = t.map { [sin(2 * .pi * $0)] }
    // A constant error of 0.25 from t = 0.1 s (row 99) on, a huge one before.
    let output = t.indices.map { [ideal[$0][0] + ($0 >= 99 ? 0.25 : 100)] }
    XCTAssertEqual(try NEFFigures.rmse(t: t, output: output, ideal: ideal), 0.25, accuracy: 1e-12)
    // One error of 1 at t = 0.1 s exactly among the 9901 rows t = 0.1 ... 10 s.
    let spike = t.indices.map { [ideal[$0][0] + ($0 == 99 ? 1 : 0)] }
    XCTAssertEqual(try NEFFigures.rmse(t: t, output: spike, ideal: ideal), 1 / 9901.0.squareRoot(), accuracy: 1e-15)
    // Two dimensions, errors 0.3 and -0.4: sqrt((0.09 + 0.16) / 2).
    let two = ideal.map { [$0[0] + 0.3, $0[0] - 0.4] }
    XCTAssertEqual(
      try NEFFigures.rmse(t: t, output: two, ideal: ideal.map { [$0[0], $0[0]] }), 0.125.squareRoot(),
      accuracy: 1e-12)
  }

  func testOscillation_Circle_FrequencySignAndAmplitude() throws {
    let t = Self.t
    let circle = t.map { [0.8 * cos(3 * .pi * $0), 0.8 * sin(3 * .pi * $0)] }
    let o = try NEFFigures.oscillation(t: t, output: circle)
    XCTAssertEqual(o.frequencyHz, 1.5, accuracy: 1e-9)
    XCTAssertEqual(o.amplitudeMean, 0.8, accuracy: 1e-12)
    XCTAssertEqual(o.amplitudeStd, 0, accuracy: 1e-12)
    // Clockwise: negative.
    XCTAssertEqual(
      try NEFFigures.oscillation(t: t, output: circle.map { [$0[1], $0[0]] }).frequencyHz, -1.5, accuracy: 1e-9)
    // Radius 0.9 on even steps n, 0.7 on odd ones: over n = 1000 ... 10000, 4501 even and
    // 4500 odd rows; population std 0.2 sqrt(p (1 - p)), p = 4501 / 9001.
    let modulated = t.indices.map { i in circle[i].map { $0 / 0.8 * ((i + 1) % 2 == 0 ? 0.9 : 0.7) } }
    let m = try NEFFigures.oscillation(t: t, output: modulated)
    let p = 4501.0 / 9001
    XCTAssertEqual(m.amplitudeMean, 0.9 * p + 0.7 * (1 - p), accuracy: 1e-12)
    XCTAssertEqual(m.amplitudeStd, 0.2 * (p * (1 - p)).squareRoot(), accuracy: 1e-12)
  }

  func testUnwrap_MatchesNumPyOnJumps() {
    // np.unwrap([0, 3, -3, 0.5, 6.5]) = [0, 3, 3.2831853, 0.5, 0.2168147].
    let u = NEFFigures.unwrap([0, 3, -3, 0.5, 6.5])
    for (a, b) in zip(u, [0, 3, -3 + 2 * Double.pi, 0.5, 6.5 - 2 * Double.pi]) { XCTAssertEqual(a, b, accuracy: 1e-12) }
  }

  func testLearning_WindowsAndBoundaryRow() throws {
    let t = Self.t
    let pre = t.map { [sin(2 * .pi * $0)] }
    var post = t.indices.map { i in [pre[i][0] + (t[i] <= 2 + 1e-9 ? 1 : t[i] > 8 + 1e-9 ? -0.5 : 7)] }
    var r = try NEFFigures.learning(t: t, post: post, pre: pre)
    XCTAssertEqual(r.first, 1, accuracy: 1e-12)
    XCTAssertEqual(r.last, 0.5, accuracy: 1e-12)
    // t = 2 s (row 1999) is the first window's last row.
    post[1999][0] = pre[1999][0] + 3
    r = try NEFFigures.learning(t: t, post: post, pre: pre)
    XCTAssertEqual(r.first, (2008.0 / 2000).squareRoot(), accuracy: 1e-12)
  }

  func testBadTraces_RefusedWithAReason() {
    let t = Self.t
    let ok = t.map { [$0] }
    let cases: [(String, () throws -> Any)] = [
      ("rows of data", { try NEFFigures.rmse(t: t, output: Array(ok.dropLast()), ideal: ok) }),
      ("NaN", { try NEFFigures.rmse(t: t, output: ok.map { [$0[0] > 5 ? .nan : $0[0]] }, ideal: ok) }),
      ("2-D", { try NEFFigures.oscillation(t: t, output: ok) }),
      (
        "shorter",
        { try NEFFigures.learning(t: Array(t.prefix(3000)), post: Array(ok.prefix(3000)), pre: Array(ok.prefix(3000))) }
      ),
      ("increasing", { try NEFFigures.rmse(t: t.reversed(), output: ok, ideal: ok) }),
      ("dimensions", { try NEFFigures.rmse(t: t, output: ok.map { $0 + $0 }, ideal: ok) }),
    ]
    for (reason, body) in cases {
      XCTAssertThrowsError(try body(), reason) { XCTAssertTrue("\($0)".contains(reason), "\($0)") }
    }
  }
}
