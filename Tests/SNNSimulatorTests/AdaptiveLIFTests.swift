import Foundation
import SwiftSNN
import XCTest

/// Nengo's `AdaptiveLIF` and `AdaptiveLIFRate` (their traces against Nengo 4.1 are in
/// `NengoFixtureTests`: `adaptive_lif`, `adaptive_lifrate`): the adaptation's fixed point,
/// the limit without adaptation, checks, probes and the network file.
final class AdaptiveLIFTests: XCTestCase {
  /// A node holds each neuron at one current (gain 1, bias 0), no synapses.
  private func network(_ type: NeuronType, currents: [Double]) throws -> (
    Network, output: ProbeID, adaptation: ProbeID?
  ) {
    var net = Network(seed: 3)
    net.config.connection.synapse = nil
    let node = try net.add(Node(constant: currents, label: "J"))
    let ens = try net.add(
      Ensemble(
        nNeurons: currents.count, dimensions: 1, neuronType: type, gain: .init(repeating: 1, count: currents.count),
        bias: .init(repeating: 0, count: currents.count), label: "adaptive"))
    try net.connect(.node(node), .neurons(ens))
    let output = try net.probe(.neurons(ens))
    let adaptation = type.model.auxiliaryState == nil ? nil : try net.probe(.neurons(ens), attribute: .adaptation)
    return (net, output, adaptation)
  }

  // MARK: - AdaptiveLIFRate

  /// With a constant J the state settles where `n = inc_n r(J - n)` (the update's fixed
  /// point): found here by bisection on LIFRate's closed form, independently of the step.
  func testRate_SettlesAtTheAdaptationFixedPoint() throws {
    let lif = LIFParameters(tauRC: 0.02, tauRef: 0.002, amplitude: 0.7)
    let (tauN, incN) = (0.05, 0.02)
    let currents = [1.5, 3, 8]
    let (net, output, adaptation) = try network(.adaptiveLIFRate(tauN: tauN, incN: incN, lif), currents: currents)
    for precision in Precision.allCases {
      let sim = try Simulator(
        net, dt: 0.001, batchSize: 1, seed: 0, threads: 1, options: EngineOptions(precision: precision))
      try sim.run(steps: 3000)  // 60 tau_n
      let rates = sim.data(output)
      let states = sim.data(try XCTUnwrap(adaptation))
      for (i, j) in currents.enumerated() {
        var (lo, hi) = (0.0, j)
        for _ in 0..<200 {
          let n = (lo + hi) / 2
          let r = try XCTUnwrap(LIFRate(lif).rate(current: j - n))
          if n < incN * r { lo = n } else { hi = n }
        }
        let n = (lo + hi) / 2
        let want = try XCTUnwrap(LIFRate(lif).rate(current: j - n))
        let tolerance = precision == .float64 ? 1e-9 : 1e-4
        XCTAssertEqual(states.double(0, 2999, i), n, accuracy: tolerance * max(n, 1), "\(precision) J \(j)")
        XCTAssertEqual(rates.double(0, 2999, i), want, accuracy: tolerance * max(want, 1), "\(precision) J \(j)")
        XCTAssertLessThan(want, try XCTUnwrap(LIFRate(lif).rate(current: j)), "adaptation lowers the rate")
      }
    }
  }

  /// Gain, bias, rate curve and limits are LIFRate's (Nengo's, without the adaptation).
  func testGainBiasAndRate_AreLIFRates() throws {
    let lif = LIFParameters(tauRC: 0.03, tauRef: 0.004, amplitude: 0.5)
    for type in [NeuronType.adaptiveLIFRate(tauN: 0.1, incN: 0.2, lif), .adaptiveLIF(tauN: 0.1, incN: 0.2, lif)] {
      let a = try type.gainBias(maxRate: 150, intercept: -0.2, object: "a")
      let b = try NeuronType.lifRate(lif).gainBias(maxRate: 150, intercept: -0.2, object: "a")
      XCTAssertEqual(a.gain, b.gain)
      XCTAssertEqual(a.bias, b.bias)
      XCTAssertEqual(type.model.rate(current: 2.5), LIFRate(lif).rate(current: 2.5))
      XCTAssertEqual(type.model.highestRate(dt: 0.001), 250)
      XCTAssertEqual(type.model.auxiliaryState, "adaptation")
    }
  }

  // MARK: - AdaptiveLIF

  /// With inc_n = 0 the adaptation stays 0 and the spikes are LIF's, step for step.
  func testSpiking_WithoutIncrement_IsLIF() throws {
    let currents = [1.2, 2, 5, 20]
    let (adaptive, a, state) = try network(.adaptiveLIF(tauN: 0.1, incN: 0), currents: currents)
    let (plain, p, _) = try network(.lif, currents: currents)
    for precision in Precision.allCases {
      let options = EngineOptions(precision: precision)
      let simA = try Simulator(adaptive, dt: 0.001, batchSize: 2, seed: 7, threads: 2, options: options)
      let simP = try Simulator(plain, dt: 0.001, batchSize: 2, seed: 7, threads: 2, options: options)
      try simA.run(steps: 300)
      try simP.run(steps: 300)
      XCTAssertEqual(simA.data(a).values, simP.data(p).values, "\(precision)")
      XCTAssertTrue(simA.data(try XCTUnwrap(state)).values.allSatisfy { $0 == 0 })
    }
  }

  /// Each spike adds `(dt / tau_n) inc_n amplitude / dt` to n, which then decays by
  /// `1 - dt / tau_n` a step; the adaptation slows the neuron down.
  func testSpiking_EachSpikeRaisesAdaptation() throws {
    let (tauN, incN) = (0.2, 0.05)
    let (net, output, adaptation) = try network(.adaptiveLIF(tauN: tauN, incN: incN), currents: [3])
    let sim = try Simulator(net, dt: 0.001, batchSize: 1, seed: 0, threads: 1, options: .init(precision: .float64))
    try sim.run(steps: 500)
    let spikes = sim.data(output)
    let states = sim.data(try XCTUnwrap(adaptation))
    var n = 0.0
    var intervals: [Int] = []
    var last: Int?
    for t in 0..<500 {
      let s = spikes.double(0, t, 0)
      n += (0.001 / tauN) * (incN * s - n)
      XCTAssertEqual(states.double(0, t, 0), n, accuracy: 1e-12, "step \(t)")
      if s > 0 {
        if let last { intervals.append(t - last) }
        last = t
      }
    }
    XCTAssertGreaterThan(intervals.last ?? 0, intervals.first ?? .max, "the inter-spike interval grows")
  }

  // MARK: - Checks, probes, file

  func testValidation_NamesTheParameter() {
    var net = Network(seed: 0)
    XCTAssertThrowsError(
      try net.add(Ensemble(nNeurons: 1, dimensions: 1, neuronType: .adaptiveLIF(tauN: 0), label: "a"))
    ) { XCTAssertEqual(($0 as? ModelError)?.attribute, "tau_n", "\($0)") }
    XCTAssertThrowsError(
      try net.add(Ensemble(nNeurons: 1, dimensions: 1, neuronType: .adaptiveLIFRate(incN: -1), label: "a"))
    ) { XCTAssertEqual(($0 as? ModelError)?.attribute, "inc_n", "\($0)") }
  }

  func testProbe_AdaptationOfLIF_IsRefused() throws {
    var net = Network(seed: 0)
    let e = try net.add(Ensemble(nNeurons: 2, dimensions: 1, neuronType: .lif, label: "plain"))
    XCTAssertThrowsError(try net.probe(.neurons(e), attribute: .adaptation)) {
      XCTAssertTrue("\($0)".contains("LIF neurons have no adaptation"), "\($0)")
    }
    XCTAssertThrowsError(try net.probe(.neurons(e), attribute: .recovery)) {
      XCTAssertTrue("\($0)".contains("no recovery"), "\($0)")
    }
  }

  func testNetworkFile_RoundTripsEveryNewType() throws {
    let types: [NeuronType] = [
      .adaptiveLIF(tauN: 0.3, incN: 0.02, LIFParameters(tauRC: 0.03, tauRef: 0.001, minVoltage: -1, amplitude: 0.5)),
      .adaptiveLIFRate(tauN: 0.5, incN: 0.1, LIFParameters(tauRC: 0.01, amplitude: 2)),
      .izhikevich(tauRecovery: 0.1, coupling: 0.26, resetVoltage: -55, resetRecovery: 4),
      .stochasticSpiking(base: .lifRate, amplitude: 0.25),
    ]
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("neurons-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var net = Network(seed: 4)
    for (k, type) in types.enumerated() {
      let e = try net.add(Ensemble(nNeurons: 3, dimensions: 1, neuronType: type, label: "e\(k)"))
      if let state = type.model.auxiliaryState {
        _ = try net.probe(.neurons(e), attribute: try XCTUnwrap(Probe.Attribute(rawValue: state)))
      }
    }
    let url = dir.appendingPathComponent("net.json")
    try NetworkFile.save(NetworkDocument(network: net), to: url)
    let text = try String(contentsOf: url, encoding: .utf8)
    for name in ["AdaptiveLIF", "AdaptiveLIFRate", "Izhikevich", "StochasticSpiking"] {
      XCTAssertTrue(text.contains(#""type": "\#(name)""#), name)
    }
    let loaded = try NetworkFile.load(url: url).network
    XCTAssertEqual(loaded, net)
    XCTAssertEqual(loaded.ensembles.map(\.neuronType), types)
  }
}
