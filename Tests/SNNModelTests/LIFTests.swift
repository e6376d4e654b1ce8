import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// LIF and LIFRate: Nengo's gain/bias rule, its inverse, the rate curve and the limits.
final class LIFTests: XCTestCase {
  func testGainBias_MaxRate100Intercept0_GivesNengoGainAndBias() throws {
    // Nengo 4.1 prints gain 2.0332447817197368, bias 1 for this neuron.
    let (gain, bias) = try NeuronType.lif.gainBias(maxRate: 100, intercept: 0, object: "e")
    XCTAssertEqual(gain, 2.0332447817197368, accuracy: 1e-12)
    XCTAssertEqual(bias, 1, accuracy: 1e-12)
  }

  func testGainBias_MatchesNengo_AndItsInverseRoundTrips() throws {
    // nengo.LIF().gain_bias([250, 150], [-0.3, 0.4]) in Nengo 4.1.
    let nengo = [
      (250.0, -0.3, 7.314101495980803, 3.194230448794241), (150.0, 0.4, 6.341901848277691, -1.5367607393110765),
    ]
    for (rate, intercept, gain, bias) in nengo {
      let got = try LIF().gainBias(maxRate: rate, intercept: intercept, object: "e")
      XCTAssertEqual(got.gain, gain, accuracy: 1e-12)
      XCTAssertEqual(got.bias, bias, accuracy: 1e-12)
      let back = try XCTUnwrap(LIFRate().maxRateIntercept(gain: gain, bias: bias))
      XCTAssertEqual(back.maxRate, rate, accuracy: 1e-9)
      XCTAssertEqual(back.intercept, intercept, accuracy: 1e-12)
    }
  }

  func testGainBias_PutThresholdAtInterceptAndMaxRateAtOne() throws {
    let p = LIFParameters()
    let (gain, bias) = try NeuronType.lif.gainBias(maxRate: 250, intercept: -0.3, object: "e")
    XCTAssertEqual(gain * -0.3 + bias, 1, accuracy: 1e-12)
    let j = gain + bias
    XCTAssertEqual(1 / (p.tauRef + p.tauRC * log1p(1 / (j - 1))), 250, accuracy: 1e-9)
    XCTAssertEqual(try XCTUnwrap(LIF().rate(current: j)), 250, accuracy: 1e-9)
  }

  func testRateAboveOneOverTauRef_Throws() {
    XCTAssertThrowsError(try NeuronType.lif.gainBias(maxRate: 600, intercept: 0, object: "hidden")) { error in
      XCTAssertEqual((error as? ModelError)?.attribute, "max_rates")
    }
  }

  func testRate_ClosedFormOnlyWithResetToZero() {
    XCTAssertEqual(LIF().rate(current: 1), 0)
    XCTAssertNil(LIF(LIFParameters(reset: .subtract)).rate(current: 2))
    XCTAssertEqual(
      try XCTUnwrap(LIFRate(LIFParameters(amplitude: 2)).rate(current: 2)), 2 / (0.002 + 0.02 * log(2)), accuracy: 1e-9)
  }

  func testHighestRate_IsOneOverTauRefCappedByOneSpikePerStep() {
    XCTAssertEqual(LIF(LIFParameters(tauRef: 0.0025)).highestRate(dt: 0.001), 400, accuracy: 1e-9)
    XCTAssertEqual(LIF(LIFParameters(tauRef: 0.0005)).highestRate(dt: 0.001), 1000, accuracy: 1e-9)
    XCTAssertEqual(LIF(LIFParameters(tauRef: 0)).highestRate(dt: 0.002), 500, accuracy: 1e-9)
  }

  func testNeuronType_NamesTheSameModelWhicheverCase() {
    XCTAssertEqual(NeuronType(LIF()), .lif)
    XCTAssertEqual(NeuronType.model(LIF()), .lif)
    XCTAssertNotEqual(NeuronType.model(LIF()), .lifRate)
    XCTAssertEqual(NeuronType(PoissonSpiking(base: RectifiedLinear())), .poissonSpiking(base: .rectifiedLinear()))
    guard case .lif = NeuronType(LIF()) else { return XCTFail("a LIF model is named by .lif") }
  }
}
