import Foundation
import SwiftSNN
import XCTest

/// Nengo's `Sigmoid`: its gain/bias rule and inverse, the engine's step and the network file,
/// against numbers printed by Nengo 4.1 (`nengo.Sigmoid().gain_bias([250, 150], [-0.3, 0.4])`,
/// `max_rates_intercepts` of the result, and `step` on J = -2, -0.5, 0, 0.7, 3).
final class SigmoidTests: XCTestCase {
  private let nengoGainBias = [
    (250.0, -0.3, 0.3929427875123004, 0.11788283625369012), (150.0, 0.4, -0.8513760396099844, 0.3405504158439938),
  ]
  private let currents: [Float] = [-2, -0.5, 0, 0.7, 3]
  private let nengoRates = [47.68116880884702, 151.01626751925818, 200, 267.27510886726645, 381.0296507289733]

  func testGainBias_MatchesNengo_AndItsInverseRoundTrips() throws {
    for (rate, intercept, gain, bias) in nengoGainBias {
      let got = try Sigmoid().gainBias(maxRate: rate, intercept: intercept, object: "s")
      XCTAssertEqual(got.gain, gain, accuracy: 1e-12)
      XCTAssertEqual(got.bias, bias, accuracy: 1e-12)
      let back = try XCTUnwrap(Sigmoid().maxRateIntercept(gain: gain, bias: bias))
      XCTAssertEqual(back.maxRate, rate, accuracy: 1e-9)
      XCTAssertEqual(back.intercept, intercept, accuracy: 1e-12)
    }
  }

  func testGainBias_RateNotBelowOneOverTauRef_NamesMaxRates() {
    XCTAssertThrowsError(try Sigmoid().gainBias(maxRate: 400, intercept: 0, object: "s")) {
      XCTAssertEqual(($0 as? ModelError)?.attribute, "max_rates")
    }
    var net = Network(seed: 0)
    XCTAssertThrowsError(try net.add(Ensemble(nNeurons: 1, dimensions: 1, neuronType: .sigmoid(tauRef: 0), label: "s")))
    {
      XCTAssertTrue("\($0)".contains("tau_ref"), "\($0)")
    }
  }

  func testRateCurveAndLimits() throws {
    for (j, rate) in zip([-2, -0.5, 0, 0.7, 3.0], nengoRates) {
      XCTAssertEqual(try XCTUnwrap(Sigmoid().rate(current: j)), rate, accuracy: 1e-9)
    }
    XCTAssertEqual(Sigmoid(tauRef: 0.005).highestRate(dt: 0.001), 200, accuracy: 1e-9)
    XCTAssertFalse(NeuronType.sigmoid().isSpiking)
    XCTAssertEqual(NeuronType.sigmoid().name, "Sigmoid")
  }

  /// A node holds each neuron at one of the currents (gain 1, bias 0).
  private func network(_ type: NeuronType = .sigmoid()) throws -> (Network, ProbeID) {
    var net = Network(seed: 1)
    net.config.connection.synapse = nil
    let node = try net.add(Node(constant: currents.map(Double.init), label: "J"))
    let ens = try net.add(
      Ensemble(
        nNeurons: currents.count, dimensions: 1, neuronType: type, gain: .init(repeating: 1, count: currents.count),
        bias: .init(repeating: 0, count: currents.count), label: "sigmoid"))
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
        for (got, want) in zip(row, nengoRates) { XCTAssertEqual(Double(got), want, accuracy: want * 1e-6) }
      }
    }
  }

  func testBuilder_GainAndBiasFromMaxRatesAndIntercepts() throws {
    var net = Network(seed: 2)
    let ens = try net.add(
      Ensemble(
        nNeurons: 2, dimensions: 1, neuronType: .sigmoid(), maxRates: .values([250, 150]),
        intercepts: .values([-0.3, 0.4]), label: "s"))
    let built = try Builder.build(net, dt: 0.001).ensembles[ens.index]
    for (k, (_, _, gain, bias)) in nengoGainBias.enumerated() {
      XCTAssertEqual(built.gain[k], gain, accuracy: 1e-12)
      XCTAssertEqual(built.bias[k], bias, accuracy: 1e-12)
    }
  }

  func testNetworkFile_RoundTripsAndRuns() throws {
    let (net, probe) = try network(.sigmoid(tauRef: 0.004))
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sigmoid-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("net.json")
    try NetworkFile.save(NetworkDocument(network: net), to: url)
    XCTAssertTrue(try String(contentsOf: url, encoding: .utf8).contains(#""type": "Sigmoid""#))
    let loaded = try NetworkFile.load(url: url).network
    XCTAssertEqual(loaded, net)
    XCTAssertEqual(loaded.ensembles[0].neuronType, .sigmoid(tauRef: 0.004))
    let sim = try Simulator(loaded, dt: 0.001, batchSize: 1, seed: 0, threads: 1)
    try sim.run(steps: 1)
    XCTAssertEqual(Double(sim.data(probe).values[2]), 125, accuracy: 1e-4)
  }
}
