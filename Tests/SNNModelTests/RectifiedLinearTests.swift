import SwiftSNN
import XCTest
import _SNNTestSupport

/// RectifiedLinear, SpikingRectifiedLinear and the spiking wrappers over them.
final class RectifiedLinearTests: XCTestCase {
  func testGainBias_MatchesNengo_AndItsInverseRoundTrips() throws {
    let (gain, bias) = try NeuronType.rectifiedLinear().gainBias(maxRate: 100, intercept: 0.2, object: "e")
    XCTAssertEqual(gain, 125, accuracy: 1e-12)
    XCTAssertEqual(bias, -25, accuracy: 1e-12)
    // nengo.RectifiedLinear().gain_bias([250], [-0.3]) in Nengo 4.1.
    let nengo = try RectifiedLinear().gainBias(maxRate: 250, intercept: -0.3, object: "e")
    XCTAssertEqual(nengo.gain, 192.3076923076923, accuracy: 1e-12)
    XCTAssertEqual(nengo.bias, 57.692307692307686, accuracy: 1e-12)
    let back = try XCTUnwrap(RectifiedLinear().maxRateIntercept(gain: nengo.gain, bias: nengo.bias))
    XCTAssertEqual(back.maxRate, 250, accuracy: 1e-9)
    XCTAssertEqual(back.intercept, -0.3, accuracy: 1e-12)
  }

  func testWrappers_TakeTheirBasesRuleAndScaleItsRate() throws {
    let poisson = PoissonSpiking(base: RectifiedLinear(amplitude: 2), amplitude: 0.5)
    XCTAssertEqual(poisson.name, "PoissonSpiking(RectifiedLinear)")
    XCTAssertTrue(poisson.isSpiking)
    XCTAssertEqual(try XCTUnwrap(poisson.rate(current: 3)), 2 * 3 * 0.5)
    let a = try poisson.gainBias(maxRate: 100, intercept: 0.2, object: "e")
    XCTAssertEqual(a.gain, 125, accuracy: 1e-12)
    XCTAssertEqual(poisson.highestRate(dt: 0.001), 1000)
    XCTAssertEqual(SpikingRectifiedLinear().highestRate(dt: 0.002), 500)
  }

  func testWrapperOfASpikingBase_IsRefused() {
    var net = Network(seed: 0)
    XCTAssertThrowsError(
      try net.add(Ensemble(nNeurons: 1, dimensions: 1, neuronType: .poissonSpiking(base: .lif), label: "p"))
    ) { XCTAssertTrue("\($0)".contains("must be a rate type"), "\($0)") }
  }
}
