import SwiftSNN
import XCTest

/// The highest rate a neuron type reaches at a time step, against the simulator.
final class DiagnosisRateLimitTests: XCTestCase {
  func testHighestRate_ClosedForms() {
    XCTAssertEqual(Diagnosis.highestRate(of: .lif, dt: 0.001), 500, accuracy: 1e-9)
    XCTAssertEqual(Diagnosis.highestRate(of: .lif(LIFParameters(tauRef: 0.0025)), dt: 0.001), 400, accuracy: 1e-9)
    XCTAssertEqual(
      Diagnosis.highestRate(of: .lif(LIFParameters(tauRef: 0.0035)), dt: 0.001), 1 / 0.0035, accuracy: 1e-9)
    XCTAssertEqual(Diagnosis.highestRate(of: .lif(LIFParameters(tauRef: 0.0005)), dt: 0.001), 1000, accuracy: 1e-9)
    XCTAssertEqual(Diagnosis.highestRate(of: .lif, dt: 0.0001), 500, accuracy: 1e-6)
    XCTAssertEqual(Diagnosis.highestRate(of: .poissonSpiking(base: .rectifiedLinear()), dt: 0.001), 1000)
    XCTAssertEqual(Diagnosis.highestRate(of: .spikingRectifiedLinear(), dt: 0.002), 500)
    XCTAssertEqual(Diagnosis.highestRate(of: .lifRate, dt: 0.001), 500, accuracy: 1e-9)
    XCTAssertEqual(Diagnosis.threshold(of: .lif), 1)
    XCTAssertEqual(Diagnosis.threshold(of: .poissonSpiking(base: .rectifiedLinear())), 0)
  }

  /// A LIF neuron driven by an enormous current fires at exactly the computed limit.
  func testHighestRate_IsWhatTheSimulatorReaches() throws {
    for tauRef in [0.0005, 0.002, 0.0025, 0.0035] {
      var net = Network(seed: 1)
      let type = NeuronType.lif(LIFParameters(tauRef: tauRef))
      let e = try net.add(Ensemble(nNeurons: 1, dimensions: 1, neuronType: type, gain: [1], bias: [1e5]))
      let p = try net.probe(.neurons(e), mode: .sum)
      let sim = try Simulator(net, dt: 0.001, batchSize: 1)
      try sim.run(steps: 1000)
      let spikes = Double(sim.data(p).values[0]) * 0.001
      XCTAssertEqual(spikes, Diagnosis.highestRate(of: type, dt: 0.001), accuracy: 1.5, "tau_ref \(tauRef)")
    }
  }
}
