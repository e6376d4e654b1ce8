import SwiftSNN
import XCTest

/// Probes of a LIF population's `refractory_time` and of a spiking wrapper's `rate_out`,
/// against Nengo 4.1 (2 neurons each, inputs 1.5 and 3, gain 1, bias 0, dt 1 ms, 12
/// steps; PoissonSpiking with gain 100 over RectifiedLinear(amplitude 0.5)).
final class StateProbeTests: XCTestCase {
  /// `sim.data[Probe(a.neurons, "refractory_time")]` for a LIF starting at v = 0 and 0.5.
  private let nengoRefractory: [[Double]] = [
    [-0.001, -0.001], [-0.002, -0.002], [-0.003, -0.003], [-0.004, -0.004], [-0.005, 0.0024628710262841937],
    [-0.006, 0.0014628710262841937], [-0.007, 0.0004628710262841937], [-0.008, -0.0005371289737158063],
    [-0.009000000000000001, -0.0015371289737158064], [-0.010000000000000002, -0.0025371289737158064],
    [-0.011000000000000003, -0.0035371289737158064], [-0.012000000000000004, -0.004537128973715806],
  ]
  /// `rate_out` of RegularSpiking(LIFRate()) and PoissonSpiking(RectifiedLinear(0.5)).
  private let nengoRegularRate = [41.71490687414833, 98.9187961700029]
  private let nengoPoissonRate = [75.0, 150.0]

  private func network() throws -> (Network, refractory: ProbeID, regular: ProbeID, poisson: ProbeID) {
    var net = Network(seed: 0)
    net.config.connection.synapse = nil
    let u = try net.add(Node(constant: [1.5, 3], label: "u"))
    let a = try net.add(
      Ensemble(
        nNeurons: 2, dimensions: 1, neuronType: .lif, gain: [1, 1], bias: [0, 0], initialVoltage: .values([0, 0.5]),
        label: "a"))
    let r = try net.add(
      Ensemble(
        nNeurons: 2, dimensions: 1, neuronType: .regularSpiking(base: .lifRate), gain: [1, 1], bias: [0, 0],
        initialVoltage: .values([0, 0]), label: "r"))
    let p = try net.add(
      Ensemble(
        nNeurons: 2, dimensions: 1, neuronType: .poissonSpiking(base: .rectifiedLinear(amplitude: 0.5)),
        gain: [100, 100], bias: [0, 0], label: "p"))
    for e in [a, r, p] { try net.connect(.node(u), .neurons(e)) }
    let refractory = try net.probe(.neurons(a), attribute: .refractoryTime)
    let regular = try net.probe(.neurons(r), attribute: .rateOut)
    let poisson = try net.probe(.neurons(p), attribute: .rateOut)
    return (net, refractory, regular, poisson)
  }

  func testProbes_MatchNengo_InBothPrecisions() throws {
    let (net, refractory, regular, poisson) = try network()
    for (precision, tolerance) in [(Precision.float64, 1e-15), (.float32, 1e-6)] {
      let sim = try Simulator(net, batchSize: 2, seed: 3, threads: 2, options: EngineOptions(precision: precision))
      try sim.run(steps: 12)
      let ref = sim.data(refractory)
      for b in 0..<2 {
        for (t, row) in nengoRefractory.enumerated() {
          for i in 0..<2 {
            XCTAssertEqual(ref.double(b, t, i), row[i], accuracy: tolerance * 100, "\(precision) step \(t) neuron \(i)")
          }
        }
        for t in 0..<12 {
          for i in 0..<2 {
            let want = nengoRegularRate[i]
            XCTAssertEqual(sim.data(regular).double(b, t, i), want, accuracy: want * tolerance, "\(precision) regular")
            XCTAssertEqual(
              sim.data(poisson).double(b, t, i), nengoPoissonRate[i], accuracy: 1e-4, "\(precision) poisson")
          }
        }
      }
    }
  }

  func testProbes_OfTypesWithoutTheState_AreRefused() throws {
    var net = Network(seed: 0)
    let relu = try net.add(Ensemble(nNeurons: 2, dimensions: 1, neuronType: .rectifiedLinear(), label: "relu"))
    XCTAssertThrowsError(try net.probe(.neurons(relu), attribute: .refractoryTime)) {
      XCTAssertTrue("\($0)".contains("no refractory_time"), "\($0)")
    }
    XCTAssertThrowsError(try net.probe(.neurons(relu), attribute: .rateOut)) {
      XCTAssertTrue("\($0)".contains("no rate_out"), "\($0)")
    }
  }
}
