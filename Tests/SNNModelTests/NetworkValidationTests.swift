import SwiftSNN
import XCTest
import _SNNTestSupport

/// The model's shape validation and config defaults.
final class NetworkValidationTests: XCTestCase {
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
