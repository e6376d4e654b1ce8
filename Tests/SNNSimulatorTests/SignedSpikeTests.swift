import SwiftSNN
import XCTest

/// RegularSpiking and PoissonSpiking over a rate curve with negative rates (Nengo's `Tanh`
/// below its intercept) emit negative spikes, and they must reach the next population on
/// the event-driven path as they do on the dense one.
final class SignedSpikeTests: XCTestCase {
  /// u = -1 into two RegularSpiking(Tanh) neurons (gain 1, bias 0: J = -1), whose spikes
  /// drive two RectifiedLinear neurons through the identity with no synapse; the
  /// RectifiedLinear input current is then the spike output itself.
  private func network(poisson: Bool = false) throws -> (Network, ProbeID) {
    var net = Network(seed: 0)
    net.config.connection.synapse = nil
    let u = try net.add(Node(constant: [-1, -0.4], label: "u"))
    let s = try net.add(
      Ensemble(
        nNeurons: 2, dimensions: 1,
        neuronType: poisson
          ? .poissonSpiking(base: .tanh(tauRef: 0.0025)) : .regularSpiking(base: .tanh(tauRef: 0.0025)),
        gain: [1, 1],
        bias: [0, 0], initialVoltage: .values([0, 0]), label: "s"))
    let r = try net.add(
      Ensemble(nNeurons: 2, dimensions: 1, neuronType: .rectifiedLinear(), gain: [1, 1], bias: [0, 0], label: "r"))
    try net.connect(.node(u), .neurons(s))
    try net.connect(.neurons(s), .neurons(r))
    let input = try net.probe(.neurons(r), attribute: .input)
    return (net, input)
  }

  func testNegativeSpikes_ReachThePostPopulation_OnBothPaths() throws {
    let (net, input) = try network()
    let dt = 0.001
    // Nengo's Tanh rate: tanh(J) / tau_ref; RegularSpiking integrates it and spikes floor(v).
    let rates = [-1.0, -0.4].map { Foundation.tanh($0) / 0.0025 }
    for precision in [Precision.float64, .float32] {
      var traces: [[Double]] = []
      for path in [SynapticPathChoice.event, .dense] {
        let sim = try Simulator(
          net, batchSize: 1, seed: 1, threads: 1, options: EngineOptions(path: path, precision: precision))
        try sim.run(steps: 20)
        let data = sim.data(input)
        traces.append((0..<20).flatMap { t in (0..<2).map { data.double(0, t, $0) } })
      }
      XCTAssertEqual(traces[0], traces[1], "\(precision): event-driven and dense paths must agree")
      var v = [0.0, 0.0]
      var spikesSeen = 0
      for t in 0..<20 {
        for i in 0..<2 {
          v[i] += rates[i] * dt
          let k = v[i].rounded(.down)
          v[i] -= k
          if k != 0 { spikesSeen += 1 }
          XCTAssertEqual(traces[0][t * 2 + i], k / dt, accuracy: 1e-3, "\(precision) step \(t) neuron \(i)")
        }
      }
      XCTAssertGreaterThan(spikesSeen, 10, "the test must see negative spikes")
    }
  }

  /// PoissonSpiking: Nengo's `sign(r) * poisson(|r| dt)` per step, so every spike is
  /// negative and the mean count per step is `r dt` (here -0.30 and -0.15).
  func testPoissonOfNegativeRates_NegativeCountsWithTheRateAsMean_OnBothPaths() throws {
    let (net, input) = try network(poisson: true)
    let dt = 0.001
    let steps = 4000
    let lambdas = [-1.0, -0.4].map { Foundation.tanh($0) / 0.0025 * dt }
    for precision in [Precision.float64, .float32] {
      var traces: [[Double]] = []
      for path in [SynapticPathChoice.event, .dense] {
        let sim = try Simulator(
          net, batchSize: 1, seed: 1, threads: 1, options: EngineOptions(path: path, precision: precision))
        try sim.run(steps: steps)
        let data = sim.data(input)
        traces.append((0..<steps).flatMap { t in (0..<2).map { data.double(0, t, $0) } })
      }
      XCTAssertEqual(traces[0], traces[1], "\(precision): event-driven and dense paths must agree")
      for i in 0..<2 {
        let raw = (0..<steps).map { traces[0][$0 * 2 + i] * dt }  // spikes of height 1 / dt
        let counts = raw.map { $0.rounded() }
        XCTAssertTrue(
          zip(raw, counts).allSatisfy { abs($0 - $1) < 1e-4 && $1 <= 0 }, "\(precision): whole negative counts")
        let mean = counts.reduce(0, +) / Double(steps)
        // Poisson: variance lambda, so the mean of `steps` counts has sd sqrt(|lambda| / steps).
        let sd = (abs(lambdas[i]) / Double(steps)).squareRoot()
        XCTAssertEqual(mean, lambdas[i], accuracy: 5 * sd, "\(precision) neuron \(i)")
      }
    }
  }
}
