import Foundation
import SwiftSNN
import XCTest

/// Nengo's `Tanh`: its gain/bias rule and inverse, the engine's step and the network file,
/// against numbers printed by Nengo 4.1 (`nengo.Tanh().gain_bias([250, 150], [-0.3, 0.4])`,
/// `max_rates_intercepts` of the result, and `step` on J = -2, -0.5, 0, 0.7, 3).
final class TanhTests: XCTestCase {
  private let nengoGainBias = [
    (250.0, -0.3, 0.5639757956897796, 0.16919273870693388), (150.0, 0.4, 0.6570478003035585, -0.2628191201214234),
  ]
  private let currents: [Float] = [-2, -0.5, 0, 0.7, 3]
  private let nengoRates = [-385.6110320303268, -184.8468629040039, 0, 241.74711084686535, 398.0219014746922]

  func testGainBias_MatchesNengo_AndItsInverseRoundTrips() throws {
    for (rate, intercept, gain, bias) in nengoGainBias {
      let got = try Tanh().gainBias(maxRate: rate, intercept: intercept, object: "s")
      XCTAssertEqual(got.gain, gain, accuracy: 1e-12)
      XCTAssertEqual(got.bias, bias, accuracy: 1e-12)
      let back = try XCTUnwrap(Tanh().maxRateIntercept(gain: gain, bias: bias))
      XCTAssertEqual(back.maxRate, rate, accuracy: 1e-9)
      XCTAssertEqual(back.intercept, intercept, accuracy: 1e-12)
    }
  }

  func testGainBias_RateNotBelowOneOverTauRef_NamesMaxRates() {
    XCTAssertThrowsError(try Tanh().gainBias(maxRate: 400, intercept: 0, object: "s")) {
      XCTAssertEqual(($0 as? ModelError)?.attribute, "max_rates")
    }
    var net = Network(seed: 0)
    XCTAssertThrowsError(try net.add(Ensemble(nNeurons: 1, dimensions: 1, neuronType: .tanh(tauRef: 0), label: "s"))) {
      XCTAssertTrue("\($0)".contains("tau_ref"), "\($0)")
    }
  }

  func testRateCurveAndLimits() throws {
    for (j, rate) in zip([-2, -0.5, 0, 0.7, 3.0], nengoRates) {
      XCTAssertEqual(try XCTUnwrap(Tanh().rate(current: j)), rate, accuracy: 1e-9)
    }
    XCTAssertEqual(Tanh(tauRef: 0.005).highestRate(dt: 0.001), 200, accuracy: 1e-9)
    XCTAssertFalse(NeuronType.tanh().isSpiking)
    XCTAssertEqual(NeuronType.tanh().name, "Tanh")
  }

  /// A node holds each neuron at one of the currents (gain 1, bias 0).
  private func network(_ type: NeuronType = .tanh()) throws -> (Network, ProbeID) {
    var net = Network(seed: 1)
    net.config.connection.synapse = nil
    let node = try net.add(Node(constant: currents.map(Double.init), label: "J"))
    let ens = try net.add(
      Ensemble(
        nNeurons: currents.count, dimensions: 1, neuronType: type, gain: .init(repeating: 1, count: currents.count),
        bias: .init(repeating: 0, count: currents.count), label: "tanh"))
    try net.connect(.node(node), .neurons(ens))
    let probe = try net.probe(.neurons(ens))
    return (net, probe)
  }

  func testEngine_OutputsNengosRates() throws {
    let (net, probe) = try network()
    let sim = try Simulator(net, dt: 0.001, batchSize: 2, seed: 0, threads: 2)
    try sim.run(steps: 3)
    for b in 0..<2 {
      for row in sim.data(probe).trace(example: b) {
        for (got, want) in zip(row, nengoRates) { XCTAssertEqual(Double(got), want, accuracy: abs(want) * 1e-6) }
      }
    }
  }

  func testBuilder_GainAndBiasFromMaxRatesAndIntercepts() throws {
    var net = Network(seed: 2)
    let ens = try net.add(
      Ensemble(
        nNeurons: 2, dimensions: 1, neuronType: .tanh(), maxRates: .values([250, 150]),
        intercepts: .values([-0.3, 0.4]), label: "s"))
    let built = try Builder.build(net, dt: 0.001).ensembles[ens.index]
    for (k, (_, _, gain, bias)) in nengoGainBias.enumerated() {
      XCTAssertEqual(built.gain[k], gain, accuracy: 1e-12)
      XCTAssertEqual(built.bias[k], bias, accuracy: 1e-12)
    }
  }

  func testNetworkFile_RoundTripsAndRuns() throws {
    let (net, probe) = try network(.tanh(tauRef: 0.004))
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tanh-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("net.json")
    try NetworkFile.save(NetworkDocument(network: net), to: url)
    XCTAssertTrue(try String(contentsOf: url, encoding: .utf8).contains(#""type": "Tanh""#))
    let loaded = try NetworkFile.load(url: url).network
    XCTAssertEqual(loaded, net)
    XCTAssertEqual(loaded.ensembles[0].neuronType, .tanh(tauRef: 0.004))
    let sim = try Simulator(loaded, dt: 0.001, batchSize: 1, seed: 0, threads: 1)
    try sim.run(steps: 1)
    XCTAssertEqual(Double(sim.data(probe).values[4]), 250 * Foundation.tanh(3), accuracy: 1e-4)
  }
}
