import SwiftSNN
import XCTest

/// Nengo's `StochasticSpiking`: every step's count is `floor(e)` or `floor(e) + 1` for
/// `e = |rate| dt`, with the rate's sign, and the totals agree with their mean; an
/// example's spikes do not depend on its batch or thread. (Against Nengo's own counts:
/// `NengoFixtureTests.testStochasticSpiking_CountsAgreeWithNengoStatistics`.)
final class StochasticSpikingTests: XCTestCase {
  /// Per neuron of each group: `rate(J)` with J from a node (gain 1, bias 0).
  private func network(base: NeuronType, amplitude: Double, currents: [Double]) throws -> (
    Network, spikes: ProbeID, rates: ProbeID
  ) {
    var net = Network(seed: 9)
    net.config.connection.synapse = nil
    let node = try net.add(Node(constant: currents, label: "J"))
    let e = try net.add(
      Ensemble(
        nNeurons: currents.count, dimensions: 1, neuronType: .stochasticSpiking(base: base, amplitude: amplitude),
        gain: .init(repeating: 1, count: currents.count), bias: .init(repeating: 0, count: currents.count),
        label: "s"))
    try net.connect(.node(node), .neurons(e))
    let spikes = try net.probe(.neurons(e))
    let rates = try net.probe(.neurons(e), attribute: .rateOut)
    return (net, spikes, rates)
  }

  /// LIFRate (amplitude 0.8, tau_ref 0.2 ms: up to ~4 spikes a step) and Tanh (negative
  /// rates) over 8 examples x 500 steps, in both precisions.
  func testCounts_AreFloorOrFloorPlusOne_AndAverageTheRate() throws {
    let cases: [(NeuronType, Double, [Double])] = [
      (.lifRate(LIFParameters(tauRef: 0.0002, amplitude: 0.8)), 0.5, [0.5, 1.05, 1.5, 3, 30, 300]),
      (.tanh(tauRef: 0.002), 0.5, [-2, -0.3, 0, 0.2, 0.9, 3]),
    ]
    for (base, amplitude, currents) in cases {
      let (net, spikesID, ratesID) = try network(base: base, amplitude: amplitude, currents: currents)
      for precision in Precision.allCases {
        let sim = try Simulator(
          net, dt: 0.001, batchSize: 8, seed: 1, threads: 2, options: EngineOptions(precision: precision))
        sim.reset(exampleIDs: Array(0..<8))
        try sim.run(steps: 500)
        let spikes = sim.data(spikesID)
        let rates = sim.data(ratesID)
        let height = amplitude / 0.001
        for i in currents.indices {
          var total = 0.0
          var mean = 0.0
          var variance = 0.0
          for b in 0..<8 {
            for t in 0..<500 {
              let rate = rates.double(b, t, i)
              let e = abs(rate) * 0.001
              let count = spikes.double(b, t, i) / height  // float32: a spike is 499.99997, not 500
              let floor = e.rounded(.down)
              XCTAssertTrue(
                abs(abs(count) - floor) < 1e-6 || abs(abs(count) - floor - 1) < 1e-6,
                "\(base.name) \(precision) J \(currents[i]): \(count) for e \(e)")
              XCTAssertTrue(count == 0 || (count > 0) == (rate > 0), "a spike has its rate's sign")
              total += abs(count)
              mean += e
              variance += (e - floor) * (1 - (e - floor))
            }
          }
          XCTAssertEqual(total, mean, accuracy: 4 * variance.squareRoot() + 1e-6, "\(base.name) J \(currents[i])")
        }
      }
    }
  }

  /// Example 5's spikes are the same alone (batch 1, one thread) and in a batch of 8 run by
  /// two threads.
  func testSpikes_DependOnTheExampleOnly() throws {
    let (net, spikesID, _) = try network(base: .rectifiedLinear(amplitude: 1), amplitude: 1, currents: [50, 400, 1700])
    let batch = try Simulator(net, dt: 0.001, batchSize: 8, seed: 3, threads: 2)
    batch.reset(exampleIDs: Array(0..<8))
    try batch.run(steps: 200)
    let alone = try Simulator(net, dt: 0.001, batchSize: 1, seed: 3, threads: 1)
    alone.reset(exampleIDs: [5])
    try alone.run(steps: 200)
    XCTAssertEqual(
      (0..<200).flatMap { t in (0..<3).map { batch.data(spikesID).double(5, t, $0) } },
      (0..<200).flatMap { t in (0..<3).map { alone.data(spikesID).double(0, t, $0) } })
    XCTAssertNotEqual(
      (0..<200).map { batch.data(spikesID).double(5, $0, 0) }, (0..<200).map { batch.data(spikesID).double(4, $0, 0) },
      "two examples draw from two streams")
  }

  /// StochasticSpiking(Tanh) below its intercept spikes negatively; the spikes reach a
  /// RectifiedLinear population (identity, no synapse) the same on the event-driven and the
  /// dense path, and its input current is the spike output itself.
  func testNegativeSpikes_ReachThePostPopulation_OnBothPaths() throws {
    var net = Network(seed: 0)
    net.config.connection.synapse = nil
    let u = try net.add(Node(constant: [-1, -0.4, 2], label: "u"))
    let s = try net.add(
      Ensemble(
        nNeurons: 3, dimensions: 1, neuronType: .stochasticSpiking(base: .tanh(tauRef: 0.0025)), gain: [1, 1, 1],
        bias: [0, 0, 0], label: "s"))
    let r = try net.add(
      Ensemble(
        nNeurons: 3, dimensions: 1, neuronType: .rectifiedLinear(), gain: [1, 1, 1], bias: [0, 0, 0], label: "r"))
    try net.connect(.node(u), .neurons(s))
    try net.connect(.neurons(s), .neurons(r))
    let input = try net.probe(.neurons(r), attribute: .input)
    let spikes = try net.probe(.neurons(s))
    for precision in Precision.allCases {
      var traces: [[Double]] = []
      for path in [SynapticPathChoice.event, .dense] {
        let sim = try Simulator(
          net, batchSize: 2, seed: 1, threads: 2, options: EngineOptions(path: path, precision: precision))
        try sim.run(steps: 100)
        traces.append((0..<100).flatMap { t in (0..<3).map { sim.data(input).double(1, t, $0) } })
        let emitted = (0..<100).flatMap { t in (0..<3).map { sim.data(spikes).double(1, t, $0) } }
        XCTAssertEqual(traces.last, emitted, "\(precision) \(path): J of r is the spikes of s")
      }
      XCTAssertEqual(traces[0], traces[1], "\(precision): event-driven and dense paths must agree")
      XCTAssertGreaterThan(traces[0].filter { $0 < 0 }.count, 10, "the test must see negative spikes")
    }
  }
}
