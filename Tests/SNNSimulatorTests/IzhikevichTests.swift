import SwiftSNN
import XCTest

/// Nengo's `Izhikevich`: its settled rate curve and generic gain/bias against numbers
/// printed by Nengo 4.1 (`nengo.Izhikevich().rates(J, 1, 0)`, `.gain_bias(...)`,
/// `.max_rates_intercepts(...)`); its traces are `NengoFixtureTests.testIzhikevich`.
final class IzhikevichTests: XCTestCase {
  /// `nengo.Izhikevich().rates([3.5, 3.9, 4, 4.1, 4.5, 5, 6], 1, 0)`.
  func testRate_IsNengosSettledRate() {
    let currents = [3.5, 3.9, 4, 4.1, 4.5, 5, 6]
    let nengo: [Double] = [0, 6, 6, 7, 8, 9, 12]
    for (j, want) in zip(currents, nengo) { XCTAssertEqual(Izhikevich().rate(current: j), want, "J \(j)") }
    // Below the resting state's end (J = 4) the only spikes are the start's transient.
    XCTAssertEqual(Izhikevich().threshold, 4, accuracy: 1e-12)
    XCTAssertEqual(Izhikevich(coupling: 0.25).threshold, 1.015625, accuracy: 1e-12)
  }

  /// The grid of currents depends on the ensemble's largest max rate: a neuron's gain is
  /// not the same alone and beside a faster one (Nengo's numbers, to the last bits).
  func testGainBias_DependsOnTheWholeEnsemble_AsNengos() throws {
    let pair = try Izhikevich().gainBias(maxRates: [250, 300], intercepts: [0.1, -0.3], object: "i")
    XCTAssertEqual(pair.gain[0], 123.63000000000002, accuracy: 1e-12)
    XCTAssertEqual(pair.gain[1], 106.11, accuracy: 1e-12)
    XCTAssertEqual(pair.bias[0], -8.763000000000005, accuracy: 1e-12)
    XCTAssertEqual(pair.bias[1], 35.43300000000001, accuracy: 1e-12)
    let alone = try Izhikevich().gainBias(maxRate: 250, intercept: 0.1, object: "i")
    XCTAssertEqual(alone.gain, 123.58666666666667, accuracy: 1e-9)
    XCTAssertEqual(alone.bias, -8.75866666666667, accuracy: 1e-9)
    // The builder asks for the whole ensemble at once.
    var net = Network(seed: 1)
    let e = try net.add(
      Ensemble(
        nNeurons: 2, dimensions: 1, neuronType: .izhikevich(), maxRates: .values([250, 300]),
        intercepts: .values([0.1, -0.3]), label: "i"))
    let built = try Builder.build(net, dt: 0.001).ensembles[e.index]
    XCTAssertEqual(built.gain, pair.gain)
    XCTAssertEqual(built.bias, pair.bias)
  }

  /// `nengo.Izhikevich().max_rates_intercepts([5, 8], [4, 6])`: ([18, 29], [-0.06, -0.28]).
  func testMaxRateIntercept_IsNengosGridInverse() throws {
    for (gain, bias, rate, intercept) in [(5.0, 4.0, 18.0, -0.06), (8, 6, 29, -0.28)] {
      let got = try XCTUnwrap(Izhikevich().maxRateIntercept(gain: gain, bias: bias))
      XCTAssertEqual(got.maxRate, rate)
      XCTAssertEqual(got.intercept, intercept, accuracy: 1e-12)
    }
  }

  func testGainBias_UnreachableRate_NamesMaxRates() {
    XCTAssertThrowsError(try Izhikevich().gainBias(maxRate: 5000, intercept: 0, object: "i")) {
      XCTAssertEqual(($0 as? ModelError)?.attribute, "max_rates", "\($0)")
    }
    XCTAssertThrowsError(try Izhikevich().gainBias(maxRate: 0, intercept: 0, object: "i")) {
      XCTAssertEqual(($0 as? ModelError)?.attribute, "max_rates", "\($0)")
    }
    XCTAssertThrowsError(try Izhikevich().gainBias(maxRate: 100, intercept: 1, object: "i")) {
      XCTAssertEqual(($0 as? ModelError)?.attribute, "intercepts", "\($0)")
    }
    var net = Network(seed: 0)
    XCTAssertThrowsError(
      try net.add(Ensemble(nNeurons: 1, dimensions: 1, neuronType: .izhikevich(tauRecovery: -1), label: "i"))
    ) { XCTAssertEqual(($0 as? ModelError)?.attribute, "tau_recovery", "\($0)") }
  }

  /// The engine's step and the model's rate curve are two implementations of Nengo's
  /// `settled_firingrate`: from v = u = 0, the spikes of steps 2...1001 at dt 1 ms are the
  /// rate, exactly in float64 (all six of Nengo's parameter sets).
  func testEngine_CountsTheModelsSettledRate() throws {
    let currents = [-40, 3.5, 4.5, 7, 15, 40, 200]
    let models = [
      Izhikevich(), Izhikevich(resetVoltage: -55, resetRecovery: 4), Izhikevich(resetVoltage: -50, resetRecovery: 2),
      Izhikevich(tauRecovery: 0.1), Izhikevich(coupling: 0.25), Izhikevich(tauRecovery: 0.1, coupling: 0.26),
    ]
    for model in models {
      var net = Network(seed: 2)
      net.config.connection.synapse = nil
      let node = try net.add(Node(constant: currents, label: "J"))
      let n = currents.count
      let e = try net.add(
        Ensemble(
          nNeurons: n, dimensions: 1, neuronType: .model(model), gain: .init(repeating: 1, count: n),
          bias: .init(repeating: 0, count: n), initialVoltage: .values(.init(repeating: 0, count: n)), label: "i"))
      try net.connect(.node(node), .neurons(e))
      let probe = try net.probe(.neurons(e))
      let sim = try Simulator(net, dt: 0.001, batchSize: 1, seed: 0, threads: 1, options: .init(precision: .float64))
      try sim.run(steps: 1001)
      let data = sim.data(probe)
      for (i, j) in currents.enumerated() {
        let spikes = (1..<1001).filter { data.double(0, $0, i) > 0 }.count
        XCTAssertEqual(Double(spikes), model.rate(current: j), "\(model) J \(j)")
      }
    }
  }

  /// A reset restores v (seeded U(0, 1)) and u = 0: the same run twice gives the same
  /// spikes, voltages and recovery.
  func testReset_RestoresVoltageAndRecovery() throws {
    var net = Network(seed: 5)
    net.config.connection.synapse = nil
    let node = try net.add(Node(constant: [10, 20], label: "J"))
    let e = try net.add(
      Ensemble(nNeurons: 2, dimensions: 1, neuronType: .izhikevich(), gain: [1, 1], bias: [0, 0], label: "i"))
    try net.connect(.node(node), .neurons(e))
    let probes = try [Probe.Attribute.output, .voltage, .recovery].map { try net.probe(.neurons(e), attribute: $0) }
    let sim = try Simulator(net, dt: 0.001, batchSize: 1, seed: 0, threads: 1)
    try sim.run(steps: 100)
    let first = probes.map { sim.data($0).values }
    XCTAssertGreaterThan(first[0].filter { $0 > 0 }.count, 2, "J 10 and 20 fire")
    sim.reset()
    try sim.run(steps: 100)
    XCTAssertEqual(probes.map { sim.data($0).values }, first)
  }
}
