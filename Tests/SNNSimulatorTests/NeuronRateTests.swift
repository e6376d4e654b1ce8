import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// Firing rates of single populations under constant current, against closed forms.
final class NeuronRateTests: XCTestCase {
  /// A network of one constant node driving `n` neurons of `type` with gain 1, bias 0,
  /// so that neuron i receives exactly `currents[i]`.
  private func constantDrive(_ type: NeuronType, currents: [Float], mode: Probe.Mode = .sum) throws -> (
    Network, ProbeID
  ) {
    var net = Network(seed: 3)
    let node = try net.add(Node(constant: currents.map(Double.init), label: "J"))
    let n = currents.count
    let ens = try net.add(
      Ensemble(
        nNeurons: n, dimensions: 1, neuronType: type, gain: [Double](repeating: 1, count: n),
        bias: [Double](repeating: 0, count: n), label: "pop"))
    try net.connect(.node(node), .neurons(ens), transform: .identity, synapse: nil)
    let probe = try net.probe(.neurons(ens), mode: mode)
    return (net, probe)
  }

  func testLIF_ConstantCurrent_MatchesClosedFormRate() throws {
    let currents: [Float] = [0.5, 1.0, 1.05, 1.5, 2, 4, 8, 20]
    let (net, probe) = try constantDrive(.lif, currents: currents)
    let sim = try Simulator(net, dt: 0.001, seed: 1, threads: 1)
    let seconds = 4.0
    try sim.run(steps: Int(seconds / 0.001))
    let counts = sim.data(probe).sum(example: 0).map { Double($0) * 0.001 }
    for (i, j) in currents.enumerated() {
      let expected = j > 1 ? 1 / (0.002 + 0.02 * log(1 + 1 / Double(j - 1))) : 0
      let rate = counts[i] / seconds
      // The spike-time interpolation makes the discrete LIF exact up to one spike of
      // phase (the random initial voltage) over the run.
      XCTAssertEqual(rate, expected, accuracy: max(1.0 / seconds, 0.005 * expected), "J = \(j)")
    }
  }

  func testLIF_CurrentExactlyOne_NeverFires() throws {
    let (net, probe) = try constantDrive(.lif, currents: [1, 1, 1])
    let sim = try Simulator(net, dt: 0.001, seed: 7)
    try sim.run(steps: 2000)
    XCTAssertEqual(sim.data(probe).sum(example: 0), [0, 0, 0])
  }

  func testSpikingRectifiedLinear_CountsAreFloorOfIntegral() throws {
    let currents: [Float] = [0, 10, 123.5, 1000, 2500]
    let (net, probe) = try constantDrive(.spikingRectifiedLinear(), currents: currents)
    let sim = try Simulator(net, dt: 0.001, seed: 2)
    try sim.run(steps: 1000)
    let counts = sim.data(probe).sum(example: 0).map { Double($0) * 0.001 }
    for (i, j) in currents.enumerated() {
      // v0 in [0, 1): the count over 1 s is floor(v0 + J) or one less.
      XCTAssertEqual(counts[i], Double(j), accuracy: 1.0001, "J = \(j)")
    }
  }

  func testPoisson_MeanAndVarianceMatchRate() throws {
    let rates: [Float] = [0, 20, 200, 1000]
    let (net, probe) = try constantDrive(.poissonSpiking(base: .rectifiedLinear()), currents: rates, mode: .everyStep)
    let steps = 20_000
    let sim = try Simulator(net, dt: 0.001, seed: 11)
    try sim.run(steps: steps)
    let data = sim.data(probe)
    for (i, r) in rates.enumerated() {
      let lambda = Double(r) * 0.001
      var sum = 0.0
      var sumSq = 0.0
      for t in 0..<steps {
        let k = Double(data[0, t, i]) * 0.001
        sum += k
        sumSq += k * k
      }
      let mean = sum / Double(steps)
      let variance = sumSq / Double(steps) - mean * mean
      let standardError = (lambda / Double(steps)).squareRoot()
      XCTAssertEqual(mean, lambda, accuracy: max(3 * standardError, 1e-12), "rate \(r) Hz")
      // Poisson: variance equals mean.
      XCTAssertEqual(variance, lambda, accuracy: max(0.05 * lambda, 1e-12), "rate \(r) Hz")
    }
  }

  func testInputProbe_RecordsBiasPlusGainTimesInput() throws {
    var net = Network(seed: 0)
    let node = try net.add(Node(constant: [0.5, -2], label: "x"))
    let ens = try net.add(Ensemble(nNeurons: 2, dimensions: 1, neuronType: .lif, gain: [3, 0.5], bias: [1, -1]))
    try net.connect(.node(node), .neurons(ens), transform: .identity, synapse: nil)
    let probe = try net.probe(.neurons(ens), attribute: .input)
    let sim = try Simulator(net, seed: 0)
    try sim.run(steps: 3)
    for t in 0..<3 {
      XCTAssertEqual(sim.data(probe)[0, t, 0], 1 + 3 * 0.5, accuracy: 1e-6)
      XCTAssertEqual(sim.data(probe)[0, t, 1], -1 + 0.5 * -2, accuracy: 1e-6)
    }
  }
}
