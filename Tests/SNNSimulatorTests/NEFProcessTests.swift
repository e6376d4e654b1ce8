import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

@testable import SNNModel

/// Node processes against real Nengo 4.1 (the steps at which a node's output changed in
/// `nengo.Simulator(optimize=False)`, quoted below), closed forms and WhiteSignal's
/// defining properties.
final class NEFProcessTests: XCTestCase {
  /// The (step, value) pairs at which dimension 0 of the output changes, from step 1.
  private func changes(_ process: NodeProcess, steps: Int, dt: Double = 0.001) throws -> [[Double]] {
    let signal = try process.signal(dt: dt, seed: 0, object: "u")
    var out: [[Double]] = []
    var last: Double?
    for k in 1...steps {
      let v = signal.output(step: k)[0]
      if v != last { out.append([Double(k), v]) }
      last = v
    }
    return out
  }
}

// MARK: - PresentInput and Piecewise against Nengo

extension NEFProcessTests {
  func testPresentInput_SwitchesAtNengosSteps() throws {
    let inputs = try DoubleMatrix([[1], [2], [3]])
    XCTAssertEqual(
      try changes(.presentInput(PresentInput(inputs: inputs, presentationTime: 0.1)), steps: 400),
      [[1, 1], [101, 2], [201, 3], [301, 1]])
    // A presentation time that is no multiple of dt (Nengo: 4, 3, 3, 4, 3, 3, ... steps).
    XCTAssertEqual(
      try changes(.presentInput(PresentInput(inputs: inputs, presentationTime: 0.0033)), steps: 25),
      [[1, 1], [5, 2], [8, 3], [11, 1], [15, 2], [18, 3], [21, 1], [25, 2]])
  }

  func testPiecewise_SwitchesAtNengosSteps() throws {
    XCTAssertEqual(
      try changes(.piecewise(Piecewise([0.5: [1], 0.75: [-1], 1: [0]])), steps: 1200),
      [[1, 0], [500, 1], [750, -1], [1000, 0]])
    XCTAssertEqual(
      try changes(.piecewise(Piecewise([0.0105: [2], 0.0203: [3]])), steps: 30),
      [[1, 0], [11, 2], [20, 3]])
    XCTAssertEqual(
      try changes(.piecewise(Piecewise([0.002: [2], 0.006: [4]], interpolation: .linear)), steps: 9),
      [[1, 0], [2, 2], [3, 2.5], [4, 3], [5, 3.5], [6, 4], [7, 0]])
  }

  func testPiecewise_VectorValuesAndBadData() throws {
    let p = try Piecewise([0: [1, 2], 0.01: [3, 4]])
    let s = try NodeProcess.piecewise(p).signal(dt: 0.001, seed: 0, object: "u")
    XCTAssertEqual(s.output(step: 3), [1, 2])
    XCTAssertEqual(s.output(step: 10), [3, 4])
    XCTAssertThrowsError(try Piecewise([0: [1], 1: [1, 2]])) {
      XCTAssertEqual(($0 as? ModelError)?.attribute, "data")
    }
    XCTAssertThrowsError(try Piecewise([:]))
    XCTAssertThrowsError(try Piecewise([.nan: [1]]))
  }

  func testPresentInput_BadParameters_NameTheNode() throws {
    let inputs = try DoubleMatrix([[1]])
    for (p, attribute) in [
      (PresentInput(inputs: inputs, presentationTime: 0), "presentation_time"),
      (PresentInput(inputs: try DoubleMatrix(rows: 0, cols: 1, values: []), presentationTime: 1), "inputs"),
    ] {
      XCTAssertThrowsError(try NodeProcess.presentInput(p).signal(dt: 0.001, seed: 0, object: "stim")) {
        XCTAssertEqual(($0 as? ModelError)?.object, "stim")
        XCTAssertEqual(($0 as? ModelError)?.attribute, attribute)
      }
    }
  }
}

// MARK: - WhiteSignal

extension NEFProcessTests {
  func testInverseRealFFT_MatchesClosedForm() {
    // X_1 = 2 + 1i, X_3 = 3 (Nyquist, n = 6): x_k = (2/6)(2 cos(2 pi k/6) - sin(2 pi k/6)) + (3/6)(-1)^k.
    let x = WhiteSignal.inverseRealFFT([(j: 1, re: 2, im: 1), (j: 3, re: 3, im: 5)], length: 6)
    for k in 0..<6 {
      let a = 2 * Double.pi * Double(k) / 6
      let want = (2 * cos(a) - sin(a)) / 3 + (k % 2 == 0 ? 0.5 : -0.5)
      XCTAssertEqual(x[k], want, accuracy: 1e-14, "sample \(k)")
    }
  }

  func testInverseRealFFT_LongSignal_MatchesClosedFormEverywhere() {
    let n = 1000
    let x = WhiteSignal.inverseRealFFT(
      [(j: 3, re: 0.5, im: -2), (j: 251, re: 1, im: 0.25), (j: 500, re: 4, im: 9)], length: n)
    for k in 0..<n {
      func term(_ j: Int, _ re: Double, _ im: Double) -> Double {
        let a = 2 * Double.pi * Double(j * k % n) / Double(n)
        return 2 * (re * cos(a) - im * sin(a)) / Double(n)
      }
      let want = term(3, 0.5, -2) + term(251, 1, 0.25) + (k % 2 == 0 ? 4.0 : -4.0) / Double(n)
      XCTAssertEqual(x[k], want, accuracy: 1e-15, "sample \(k)")
    }
  }

  func testWhiteSignal_IsPeriodicZeroMeanAndBandLimited() throws {
    let dt = 0.001
    let process = NodeProcess.whiteSignal(WhiteSignal(period: 1, high: 5, rms: 0.3, size: 2))
    let s = try process.signal(dt: dt, seed: 7, object: "stim")
    let n = 1000
    let x = (1...n).map { s.output(step: $0) }
    XCTAssertEqual(s.output(step: 17), s.output(step: 17 + n))  // periodic
    for d in 0..<2 {
      let column = x.map { $0[d] }
      XCTAssertEqual(column.reduce(0, +) / Double(n), 0, accuracy: 1e-14)
      // Fourier amplitude at 6 Hz and 50 Hz (above `high`) is zero; at 1-5 Hz it is not.
      func amplitude(_ hz: Int) -> Double {
        var (re, im) = (0.0, 0.0)
        for (k, v) in column.enumerated() {
          let a = 2 * Double.pi * Double(hz * (k + 1) % n) / Double(n)
          re += v * cos(a)
          im -= v * sin(a)
        }
        return (re * re + im * im).squareRoot() / Double(n)
      }
      XCTAssertLessThan(amplitude(6), 1e-13)
      XCTAssertLessThan(amplitude(50), 1e-13)
      XCTAssertGreaterThan((1...5).map(amplitude).max() ?? 0, 1e-3)
    }
  }

  func testWhiteSignal_PowerAveragesToRMS() throws {
    // E[mean x²] = rms² (Nengo's power correction); 40 seeds of 20 coefficients each put
    // the average within a few percent.
    var sum = 0.0
    for seed in 0..<40 {
      let s = try NodeProcess.whiteSignal(WhiteSignal(period: 2, high: 10, rms: 0.3))
        .signal(dt: 0.001, seed: UInt64(seed), object: "stim")
      sum += (1...2000).reduce(0.0) { $0 + pow(s.output(step: $1)[0], 2) } / 2000
    }
    XCTAssertEqual((sum / 40).squareRoot(), 0.3, accuracy: 0.3 * 0.05)
  }

  func testWhiteSignal_SeedsAndY0() throws {
    let process = NodeProcess.whiteSignal(WhiteSignal(period: 1, high: 5))
    let a = try process.signal(dt: 0.001, seed: 1, object: "s")
    let b = try process.signal(dt: 0.001, seed: 1, object: "s")
    let c = try process.signal(dt: 0.001, seed: ProcessSignal.exampleSeed(1, example: 1), object: "s")
    XCTAssertEqual(a.output(step: 123), b.output(step: 123))
    XCTAssertNotEqual(a.output(step: 123), c.output(step: 123))
    // y0: the first output is the sample closest to y0, and the signal is the same one, rotated.
    let shifted = try NodeProcess.whiteSignal(WhiteSignal(period: 1, high: 5, y0: 0.2))
      .signal(dt: 0.001, seed: 1, object: "s")
    let samples = (0..<1000).map { a.output(step: $0)[0] }
    let closest = samples.min { abs($0 - 0.2) < abs($1 - 0.2) }
    XCTAssertEqual(shifted.output(step: 1)[0], closest)
    XCTAssertEqual(samples.sorted(), (0..<1000).map { shifted.output(step: $0)[0] }.sorted())
  }

  func testWhiteSignal_BadParameters_NameTheNode() {
    for (p, attribute) in [
      (WhiteSignal(period: 1, high: 0.5), "high"),  // below 1 / period
      (WhiteSignal(period: 1, high: 600), "high"),  // above Nyquist at dt 1 ms
      (WhiteSignal(period: 0, high: 5), "period"),
      (WhiteSignal(period: 1, high: 5, rms: -1), "rms"),
      (WhiteSignal(period: 1e9, high: 5), "period"),  // a table too large to build
      (WhiteSignal(period: 1000, high: 400), "period"),  // too long a synthesis
    ] {
      XCTAssertThrowsError(try NodeProcess.whiteSignal(p).signal(dt: 0.001, seed: 0, object: "stim")) {
        XCTAssertEqual(($0 as? ModelError)?.object, "stim")
        XCTAssertEqual(($0 as? ModelError)?.attribute, attribute, "\($0)")
      }
    }
  }
}
