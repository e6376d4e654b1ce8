import Foundation
import SwiftSNN
import _SNNTestSupport
import XCTest

/// Nengo's gain/bias rules and the model's shape validation.
final class GainBiasTests: XCTestCase {
  func testLIF_MaxRate100Intercept0_GivesNengoGainAndBias() throws {
    // Nengo 4.1 prints gain 2.0332447817197368, bias 1 for this neuron.
    let (gain, bias) = try NeuronType.lif.gainBias(maxRate: 100, intercept: 0, object: "e")
    XCTAssertEqual(gain, 2.0332447817197368, accuracy: 1e-12)
    XCTAssertEqual(bias, 1, accuracy: 1e-12)
  }

  func testLIF_GainBias_PutThresholdAtInterceptAndMaxRateAtOne() throws {
    let p = LIFParameters()
    let (gain, bias) = try NeuronType.lif.gainBias(maxRate: 250, intercept: -0.3, object: "e")
    XCTAssertEqual(gain * -0.3 + bias, 1, accuracy: 1e-12)
    let j = gain + bias
    XCTAssertEqual(1 / (p.tauRef + p.tauRC * log1p(1 / (j - 1))), 250, accuracy: 1e-9)
  }

  func testRectifiedLinear_GainBias() throws {
    let (gain, bias) = try NeuronType.rectifiedLinear().gainBias(maxRate: 100, intercept: 0.2, object: "e")
    XCTAssertEqual(gain, 125, accuracy: 1e-12)
    XCTAssertEqual(bias, -25, accuracy: 1e-12)
  }

  func testLIF_RateAboveOneOverTauRef_Throws() {
    XCTAssertThrowsError(try NeuronType.lif.gainBias(maxRate: 600, intercept: 0, object: "hidden")) { error in
      XCTAssertEqual((error as? ModelError)?.attribute, "max_rates")
    }
  }

  func testConnect_MatrixOfWrongShape_NamesBothObjects() throws {
    var net = Network(seed: 0)
    let a = try net.add(Ensemble(nNeurons: 4, dimensions: 1, label: "a"))
    let b = try net.add(Ensemble(nNeurons: 3, dimensions: 1, label: "b"))
    XCTAssertThrowsError(try net.connect(.neurons(a), .neurons(b), transform: .matrix(Matrix(rows: 4, cols: 3)))) {
      let text = "\($0)"
      XCTAssertTrue(text.contains("a.neurons") && text.contains("b.neurons") && text.contains("(4, 3)"), text)
    }
    XCTAssertThrowsError(try net.connect(.neurons(a), .neurons(b), transform: .scalar(1)))
    XCTAssertNoThrow(try net.connect(.neurons(a), .neurons(b), transform: .matrix(Matrix(rows: 3, cols: 4))))
  }

  func testConnect_NaNWeight_IsRefusedWithIndex() throws {
    var net = Network(seed: 0)
    let a = try net.add(Ensemble(nNeurons: 2, dimensions: 1, label: "a"))
    var m = Matrix(rows: 2, cols: 2)
    m[1, 0] = .nan
    XCTAssertThrowsError(try net.connect(.neurons(a), .neurons(a), transform: .matrix(m))) {
      XCTAssertTrue("\($0)".contains("flat index 2"), "\($0)")
    }
  }

  func testConfigDefaults_ApplyToLaterEnsembles() throws {
    var net = Network(seed: 0)
    net.config.ensemble.maxRates = .choice([100])
    net.config.ensemble.intercepts = .choice([0])
    net.config.connection.synapse = nil
    let e = try net.add(Ensemble(nNeurons: 3, dimensions: 1))
    XCTAssertEqual(net.ensembles[e.index].maxRates, .choice([100]))
    try net.connect(.neurons(e), .neurons(e), transform: .scalar(0.5))
    XCTAssertNil(net.connections[0].synapse)
  }
}
