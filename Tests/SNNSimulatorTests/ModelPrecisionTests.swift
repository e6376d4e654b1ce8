import SwiftSNN
import XCTest

/// The model holds transforms, encoders and node values in float64; a float64 simulation
/// uses them as given, a float32 one rounds each to `Float` first.
final class ModelPrecisionTests: XCTestCase {
  private let third = 1.0 / 3

  /// Node `u` (default (1/3, 0.1)) -> ens.neurons (gain 1, bias 0) by `transform`, and
  /// -> ens (encoders `encoders`, radius 1); the neurons' input J is probed.
  private func network(transform: Transform, encoders: DoubleMatrix, u: [Double]? = nil) throws -> (Network, ProbeID) {
    var net = Network(seed: 0)
    net.config.connection.synapse = nil
    let u = try net.add(Node(constant: u ?? [third, 0.1], label: "u"))
    let a = try net.add(
      Ensemble(
        nNeurons: 2, dimensions: 2, neuronType: .rectifiedLinear(), gain: [1, 1], bias: [0, 0], encoders: encoders,
        label: "a"))
    try net.connect(.node(u), .neurons(a), transform: transform, synapse: nil, label: "direct")
    try net.connect(.node(u), .ensemble(a), transform: .identity, synapse: nil, label: "decoded")
    let probe = try net.probe(.neurons(a), attribute: .input, label: "J")
    return (net, probe)
  }

  private func current(_ net: Network, _ probe: ProbeID, _ precision: Precision) throws -> [Double] {
    let sim = try Simulator(net, dt: 0.001, seed: 0, options: EngineOptions(precision: precision))
    try sim.run(steps: 1)
    let data = sim.data(probe)
    return (0..<data.size).map { data.double(0, 0, $0) }
  }

  func testFloat64_UsesTheModelsValuesUnrounded() throws {
    let encoders = try DoubleMatrix([[0.6, 0.8], [1, 0]])
    let (net, probe) = try network(transform: .vector([0.1, third]), encoders: encoders)
    let j = try current(net, probe, .float64)
    // J0 = 0.1 * (1/3) + (0.6 * 1/3 + 0.8 * 0.1); J1 = (1/3) * 0.1 + 1 * (1/3).
    XCTAssertEqual(j[0], 0.1 * third + (0.6 * third + 0.8 * 0.1), accuracy: 1e-15)
    XCTAssertEqual(j[1], third * 0.1 + third, accuracy: 1e-15)
    // float32's rounding of 0.1 and 1/3 alone moves J by ~1e-8 relative.
    XCTAssertGreaterThan(abs(j[1] - Double(Float(third) * Float(0.1) + Float(third))), 1e-9)
  }

  func testFloat32_EqualsTheModelRoundedToFloatFirst() throws {
    let encoders = try DoubleMatrix([[0.6, 0.8], [1, 0]])
    let (net, probe) = try network(transform: .vector([0.1, third]), encoders: encoders)
    let rounded = { (x: Double) in Double(Float(x)) }
    let (netRounded, _) = try network(
      transform: .vector([rounded(0.1), rounded(third)]),
      encoders: try DoubleMatrix(rows: 2, cols: 2, values: encoders.values.map(rounded)),
      u: [rounded(third), rounded(0.1)])
    let j32 = try current(net, probe, .float32)
    XCTAssertEqual(j32, try current(netRounded, probe, .float32))
    XCTAssertNotEqual(j32, try current(net, probe, .float64))
  }

  func testFloat32_ValueBeyondFloatRange_BuildErrorNamesTheConnection() throws {
    let (net, _) = try network(transform: .vector([1e39, 1]), encoders: try DoubleMatrix([[1, 0], [0, 1]]))
    XCTAssertThrowsError(try Simulator(net, dt: 0.001, seed: 0, options: EngineOptions(precision: .float32))) {
      let text = "\($0)"
      XCTAssertTrue(text.contains("direct") && text.contains("float32 range"), text)
    }
    XCTAssertNoThrow(try Simulator(net, dt: 0.001, seed: 0, options: EngineOptions(precision: .float64)))
  }
}
