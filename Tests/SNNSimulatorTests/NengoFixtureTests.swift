import Foundation
import SwiftSNN
import _SNNTestSupport
import XCTest

/// Rebuilds the networks of `Fixtures/nengo/*.json` (made by real Nengo 4.1 with
/// `scripts/nengo_fixtures.py`) and compares every probe trace with Nengo's.
///
/// Nengo computes in float64 and SwiftSNN in float32, so values are compared with a
/// relative tolerance and spikes must agree at (almost) every step: a spike may move by a
/// step only where Nengo's voltage crossed the threshold within float32 rounding.
final class NengoFixtureTests: XCTestCase {
  private static let directory = TestPaths.packageRoot.appendingPathComponent("Tests/SNNSimulatorTests/Fixtures/nengo")

  private struct Replay {
    let name: String
    let simulator: Simulator
    let probes: [(name: String, id: ProbeID, expected: [[Double]], isSpikes: Bool)]
  }

  private func load(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: Self.directory.appendingPathComponent("\(name).json"))
    return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  private func neuronType(_ d: [String: Any]) throws -> NeuronType {
    let type = try XCTUnwrap(d["type"] as? String)
    let amplitude = d["amplitude"] as? Double ?? 1
    func lif() -> LIFParameters {
      LIFParameters(
        tauRC: d["tau_rc"] as? Double ?? 0.02, tauRef: d["tau_ref"] as? Double ?? 0.002,
        minVoltage: d["min_voltage"] as? Double ?? 0, amplitude: amplitude)
    }
    switch type {
    case "LIF": return .lif(lif())
    case "LIFRate": return .lifRate(lif())
    case "RectifiedLinear": return .rectifiedLinear(amplitude: amplitude)
    case "SpikingRectifiedLinear": return .spikingRectifiedLinear(amplitude: amplitude)
    case "PoissonSpiking":
      return .poissonSpiking(base: try neuronType(try XCTUnwrap(d["base"] as? [String: Any])), amplitude: amplitude)
    case "RegularSpiking":
      return .regularSpiking(base: try neuronType(try XCTUnwrap(d["base"] as? [String: Any])), amplitude: amplitude)
    default: throw XCTSkip("neuron type \(type) not replayed")
    }
  }

  private func synapse(_ any: Any?) throws -> Synapse? {
    guard let d = any as? [String: Any] else { return nil }
    let tau = try XCTUnwrap(d["tau"] as? Double)
    switch d["type"] as? String {
    case "Lowpass": return .lowpass(tau)
    case "Alpha": return .alpha(tau)
    default: throw XCTSkip("synapse \(d) not replayed")
    }
  }

  private func matrix(_ rows: [[Double]]) throws -> Matrix {
    try Matrix(rows.map { $0.map(Float.init) })
  }

  private func replay(_ name: String) throws -> Replay {
    let f = try load(name)
    let dt = try XCTUnwrap(f["dt"] as? Double)
    let steps = try XCTUnwrap(f["steps"] as? Int)
    var net = Network(seed: 0, label: name)
    var endpoints: [String: (node: NodeID?, ensemble: EnsembleID?)] = [:]
    var nodeOutputs: [(NodeID, [[Double]])] = []
    for n in try XCTUnwrap(f["nodes"] as? [[String: Any]]) {
      let label = try XCTUnwrap(n["name"] as? String)
      let id = try net.add(Node(size: try XCTUnwrap(n["size"] as? Int), label: label))
      endpoints[label] = (id, nil)
      nodeOutputs.append((id, try XCTUnwrap(n["output"] as? [[Double]])))
    }
    for e in try XCTUnwrap(f["ensembles"] as? [[String: Any]]) {
      let label = try XCTUnwrap(e["name"] as? String)
      let state = e["initial_state"] as? [String: Any] ?? [:]
      let voltage = (state["voltage"] as? [Double]).map { Distribution.values($0) }
      let id = try net.add(
        Ensemble(
          nNeurons: try XCTUnwrap(e["n_neurons"] as? Int), dimensions: try XCTUnwrap(e["dimensions"] as? Int),
          neuronType: try neuronType(try XCTUnwrap(e["neuron_type"] as? [String: Any])),
          gain: e["gain"] as? [Double], bias: e["bias"] as? [Double], radius: e["radius"] as? Double,
          encoders: try matrix(try XCTUnwrap(e["encoders"] as? [[Double]])), initialVoltage: voltage,
          initialRefractory: state["refractory_time"] as? [Double], label: label))
      endpoints[label] = (nil, id)
    }
    func endpoint(_ label: String, _ kind: String) throws -> Endpoint {
      let e = try XCTUnwrap(endpoints[label], "unknown object \(label)")
      if let node = e.node { return .node(node) }
      let ens = try XCTUnwrap(e.ensemble)
      return kind == "ensemble" ? .ensemble(ens) : .neurons(ens)
    }
    for c in try XCTUnwrap(f["connections"] as? [[String: Any]]) {
      let pre = try endpoint(try XCTUnwrap(c["pre"] as? String), c["pre_kind"] as? String ?? "neurons")
      let post = try endpoint(try XCTUnwrap(c["post"] as? String), c["post_kind"] as? String ?? "neurons")
      let transform: Transform
      switch c["transform"] {
      case let s as Double: transform = .scalar(Float(s))
      case let v as [Double]: transform = .vector(v.map(Float.init))
      case let m as [[Double]]: transform = .matrix(try matrix(m))
      default: throw XCTSkip("transform \(String(describing: c["transform"]))")
      }
      try net.connect(pre, post, transform: transform, synapse: try synapse(c["synapse"]))
    }
    var probes: [(String, ProbeID, [[Double]], Bool)] = []
    for p in try XCTUnwrap(f["probes"] as? [[String: Any]]) {
      let label = try XCTUnwrap(p["name"] as? String)
      let target = try endpoint(try XCTUnwrap(p["target"] as? String), "neurons")
      let attr: Probe.Attribute = (p["attr"] as? String) == "voltage" ? .voltage : .output
      let id = try net.probe(target, attribute: attr, synapse: try synapse(p["synapse"]), label: label)
      var spikes = false
      if case .neurons(let e) = target, attr == .output, p["synapse"] as? [String: Any] == nil {
        spikes = net.ensembles[e.index].neuronType?.isSpiking ?? false
      }
      probes.append((label, id, try XCTUnwrap(p["data"] as? [[Double]]), spikes))
    }
    let sim = try Simulator(net, dt: dt, batchSize: 1, seed: 0, threads: 1)
    for (id, rows) in nodeOutputs {
      try sim.setInput(id, sequence: rows.prefix(steps).flatMap { $0.map(Float.init) }, steps: steps)
    }
    sim.run(steps: steps)
    return Replay(name: name, simulator: sim, probes: probes)
  }

  /// Replays a deterministic fixture and compares every probe.
  private func check(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let r = try replay(name)
    for probe in r.probes {
      let got = r.simulator.data(probe.id)
      XCTAssertEqual(got.steps, probe.expected.count, "\(name).\(probe.name): steps", file: file, line: line)
      var spikeMismatches = 0
      var spikeTotal = 0
      var worst = 0.0
      for (t, row) in probe.expected.enumerated() {
        for (i, want) in row.enumerated() {
          let have = Double(got[0, t, i])
          if probe.isSpikes {
            if want != 0 || have != 0 { spikeTotal += 1 }
            if abs(have - want) > 1e-3 * max(abs(want), 1) { spikeMismatches += 1 }
          } else {
            worst = max(worst, abs(have - want) / max(abs(want), 1))
          }
        }
      }
      if probe.isSpikes {
        XCTAssertEqual(spikeMismatches, 0, "\(name).\(probe.name): \(spikeMismatches) of \(spikeTotal) spikes differ", file: file, line: line)
      } else {
        XCTAssertLessThan(worst, 1e-4, "\(name).\(probe.name): worst relative error \(worst)", file: file, line: line)
      }
    }
  }

  func testLIFDefault() throws { try check("lif_default") }
  func testLIFCustomParameters() throws { try check("lif_custom_params") }
  func testLIFAtDt2ms() throws { try check("lif_dt2") }
  func testLIFExplicitGainBias() throws { try check("lif_explicit_gain_bias") }
  func testLIFRate() throws { try check("lifrate") }
  func testRectifiedLinear() throws { try check("relu") }
  func testSpikingRectifiedLinear() throws { try check("spiking_relu") }
  func testRegularSpikingLIFRate() throws { try check("regular_lifrate") }
  func testRegularSpikingRectifiedLinear() throws { try check("regular_relu") }
  func testChainWithoutSynapses_PassesWithinOneStep() throws { try check("chain_no_synapse") }
  func testChainWithSynapses_DelaysOneStepEach() throws { try check("chain_synapses") }
  func testNodeProbes() throws { try check("node_probes") }

  /// PoissonSpiking is random: the mean count per step of each rate group must agree with
  /// Nengo's within 3 standard errors of the difference (both are Poisson samples).
  func testPoissonSpiking_CountsAgreeWithNengoStatistics() throws {
    let r = try replay("poisson_relu")
    let f = try load("poisson_relu")
    let stats = try XCTUnwrap(f["statistics"] as? [String: Any])
    let height = try XCTUnwrap(stats["spike_height"] as? Double)
    let groups = try XCTUnwrap(stats["groups"] as? [[String: Any]])
    let probe = try XCTUnwrap(r.probes.first { $0.name == (stats["probe"] as? String) })
    let data = r.simulator.data(probe.id)
    for g in groups {
      let range = try XCTUnwrap(g["neurons"] as? [Int])
      let expected = try XCTUnwrap(g["expected_count_per_step"] as? Double)
      let nengoMean = try XCTUnwrap(g["observed_mean_count_per_step"] as? Double)
      var total = 0.0
      for t in 0..<data.steps {
        for i in range[0]..<range[1] { total += Double(data[0, t, i]) / height }
      }
      let samples = Double(data.steps * (range[1] - range[0]))
      let mean = total / samples
      // Both means estimate lambda with variance lambda / samples.
      let standardError = (2 * expected / samples).squareRoot()
      XCTAssertEqual(mean, nengoMean, accuracy: 3 * standardError, "group \(range): rate \(expected) per step")
      XCTAssertEqual(mean, expected, accuracy: 3 * (expected / samples).squareRoot(), "group \(range)")
    }
  }
}
