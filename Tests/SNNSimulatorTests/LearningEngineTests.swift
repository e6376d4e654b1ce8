import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// The engine's learning rules against real Nengo 4.1: the fixtures of
/// `Fixtures/nengo-learning/` and `Fixtures/nengo-nef/nef_pes.json` rebuilt through the
/// public API from their explicit parameters, with SwiftSNN's own decoders, run in every
/// configuration: float64 gives Nengo's spikes and its decoded and weights probes to 1e-9
/// of their largest values, float32 to 1e-3 where its rounding allows; every example of a
/// batch, any thread count, learns the same.
final class LearningEngineTests: XCTestCase {
  private static let root = TestPaths.packageRoot.appendingPathComponent("Tests/SNNSimulatorTests/Fixtures")

  private struct Config: CustomStringConvertible {
    let precision: Precision
    let batchSize: Int
    let examples: Int
    let threads: Int
    var description: String { "\(precision) batch \(batchSize) examples \(examples) threads \(threads)" }
  }

  private static let configurations = [Precision.float64, .float32].flatMap { p in
    [
      Config(precision: p, batchSize: 1, examples: 1, threads: 1),
      Config(precision: p, batchSize: 4, examples: 3, threads: 2),  // a partial batch, two workers
    ]
  }

  /// Issue 14's PES fixture: decoded pre -> post from function 0, error ensemble.
  func testPES_NengoNEFFixture() throws { try check("nengo-nef/nef_pes") }
  /// PES on a decoded connection, its own pre synapse (Lowpass(0.01)).
  func testPES_Decoded() throws { try check("nengo-learning/learn_pes_decoded") }
  /// PES on a decoded connection into neurons: the local error through the post's
  /// scaled encoders; unfiltered pre activities.
  func testPES_DecodedIntoNeurons() throws { try check("nengo-learning/learn_pes_neurons") }
  /// PES on a sliced decoded connection, `pre[1] -> post[0]`, its error from sliced
  /// connections.
  func testPES_DecodedSlices() throws { try check("nengo-learning/learn_pes_slices") }
  /// PES on a connection solved with `weights: true` (full weights into the post neurons,
  /// the local error through the post's scaled encoders).
  func testPES_WeightsSolver() throws { try check("nengo-learning/learn_pes_weights_solver") }
  /// PES on a connection between neurons (a 25 x 20 weight matrix).
  func testPES_NeuronsToNeurons() throws { try check("nengo-learning/learn_pes_neurons_to_neurons") }
  /// PES from neurons into an ensemble's vector space: the 1 x 20 transform learns, the
  /// post's encoders stay apart from it.
  func testPES_NeuronsToEnsemble() throws { try check("nengo-learning/learn_pes_neurons_to_ensemble") }
  /// BCM between neurons (pre, post and theta filters).
  func testBCM() throws { try check("nengo-learning/learn_bcm") }
  /// Oja between neurons (its own post synapse, beta 0.5).
  func testOja() throws { try check("nengo-learning/learn_oja") }
  /// RLS on a decoded connection (its inverse correlation matrix per example).
  func testRLS() throws { try check("nengo-learning/learn_rls") }
  /// Voja: the post's encoders learn from its whole decoded input (two connections), with
  /// a learning signal switching it on at 0.2 s.
  func testVoja() throws { try check("nengo-learning/learn_voja") }

  /// Where float32 parts from Nengo within 1 s (spikes differ, or a probe by more than
  /// 1e-3 of its largest value). Measured: in `nef_pes` the pre ensemble, fed only by the
  /// stimulus, has a float32 voltage tie at step 159 (no learning involved); PES then
  /// carries the difference into post, error and the weights. In `learn_oja` one post
  /// neuron's spikes part (its weights stay within 1e-4). In `learn_pes_weights_solver` an
  /// error neuron's spikes part at step 702, and PES carries that into post and the
  /// weights. Everywhere else float32 keeps every spike and every probe within 1e-3.
  private static let float32Exceptions: Set<String> = [
    "nengo-nef/nef_pes: pre_spikes", "nengo-nef/nef_pes: post_spikes", "nengo-nef/nef_pes: error_spikes",
    "nengo-nef/nef_pes: pre_decoded", "nengo-nef/nef_pes: post_decoded", "nengo-nef/nef_pes: error_decoded",
    "nengo-nef/nef_pes: weights", "nengo-learning/learn_oja: post_spikes",
    "nengo-learning/learn_pes_weights_solver: error_spikes", "nengo-learning/learn_pes_weights_solver: post_spikes",
    "nengo-learning/learn_pes_weights_solver: post_decoded", "nengo-learning/learn_pes_weights_solver: weights",
  ]

  /// Float64 against Nengo (spikes identical, probes within 1e-9 of their largest value),
  /// float32 within 1e-3 except ``float32Exceptions``; every example and configuration of
  /// one precision the same bit for bit.
  private func check(_ name: String) throws {
    var reference: [Precision: [[Double]]] = [:]
    for config in Self.configurations {
      let (sim, probes) = try run(name, config)
      var all: [[Double]] = []
      for probe in probes {
        let label = "\(name): \(probe.name)"
        let data = sim.data(probe.id)
        XCTAssertEqual(data.batchSize, config.examples, "\(label) \(config)")
        all.append(data.doubleValues)
        for b in 0..<config.examples {
          var parts = false
          defer {
            if config.precision == .float32 {
              XCTAssertEqual(parts, Self.float32Exceptions.contains(label), "\(label): parts from Nengo in \(config)")
            }
          }
          if let spikeSteps = probe.spikeSteps {
            for (i, steps) in spikeSteps.enumerated() {
              let got = (0..<data.steps).filter { data.double(b, $0, i) != 0 }.map { $0 + 1 }
              if config.precision == .float64 {
                XCTAssertEqual(got, steps, "\(label) neuron \(i) spike steps, \(config)")
              } else if got != steps {
                parts = true
              }
            }
          } else if let expected = probe.expected {
            XCTAssertEqual(data.steps / probe.every, expected.count, label)
            let scale = expected.joined().map(abs).max() ?? 1
            var worst = 0.0
            for (r, row) in expected.enumerated() where (r + 1) * probe.every <= data.steps {
              let t = (r + 1) * probe.every - 1
              XCTAssertEqual(data.size, row.count, label)
              for (i, v) in row.enumerated() where i < data.size {
                worst = max(worst, abs(data.double(b, t, i) - v) / scale)
              }
            }
            if config.precision == .float64 {
              XCTAssertLessThanOrEqual(worst, 1e-9, "\(label) worst relative error, \(config)")
            } else if worst > 1e-3 {
              parts = true
            }
          }
        }
      }
      if let first = reference[config.precision] {
        for (k, values) in all.enumerated() {
          let one = first[k]
          for b in 0..<config.examples {
            XCTAssertEqual(
              Array(values[(b * one.count)..<((b + 1) * one.count)]), one, "\(name) probe \(k) example \(b) \(config)")
          }
        }
      } else {
        reference[config.precision] = all
      }
    }
  }

  private struct FixtureProbe {
    let name: String
    let id: ProbeID
    let spikeSteps: [[Int]]?
    let expected: [[Double]]?
    /// Steps between recorded rows of `expected` (Nengo's `sample_every / dt`).
    let every: Int
  }

  private func run(_ name: String, _ config: Config) throws -> (Simulator, [FixtureProbe]) {
    let data = try Data(contentsOf: Self.root.appendingPathComponent("\(name).json"))
    let f = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let dt = try XCTUnwrap(f["dt"] as? Double)
    let steps = try XCTUnwrap(f["steps"] as? Int)
    var net = Network(seed: 0, label: name)
    var endpoints: [String: Endpoint] = [:]
    var inputs: [(NodeID, [Double])] = []
    for case let n as [String: Any] in try XCTUnwrap(f["nodes"] as? [Any]) {
      let rows = try XCTUnwrap(n["output"] as? [[Double]])
      let label = try XCTUnwrap(n["name"] as? String)
      let id = try net.add(Node(size: try XCTUnwrap(n["size"] as? Int), label: label))
      endpoints[label] = .node(id)
      inputs.append((id, rows.prefix(steps).flatMap { $0 }))
    }
    for case let e as [String: Any] in try XCTUnwrap(f["ensembles"] as? [Any]) {
      let label = try XCTUnwrap(e["name"] as? String)
      let voltage = try XCTUnwrap((e["initial_state"] as? [String: Any])?["voltage"] as? [Double])
      let id = try net.add(
        Ensemble(
          nNeurons: try XCTUnwrap(e["n_neurons"] as? Int), dimensions: try XCTUnwrap(e["dimensions"] as? Int),
          neuronType: .lif, gain: try XCTUnwrap(e["gain"] as? [Double]), bias: try XCTUnwrap(e["bias"] as? [Double]),
          radius: try XCTUnwrap(e["radius"] as? Double),
          encoders: try DoubleMatrix(try XCTUnwrap(e["encoders"] as? [[Double]])),
          initialVoltage: .values(voltage),
          evalPoints: try DoubleMatrix(try XCTUnwrap(e["eval_points"] as? [[Double]])),
          label: label))
      endpoints[label] = .ensemble(id)
    }
    var connections: [String: Int] = [:]
    for case let c as [String: Any] in try XCTUnwrap(f["connections"] as? [Any]) {
      let label = try XCTUnwrap(c["name"] as? String)
      var pre = try XCTUnwrap(endpoints[try XCTUnwrap(c["pre"] as? String)])
      let post: Endpoint
      switch c["post_kind"] as? String {
      case "learning_rule": post = .learningRule(try XCTUnwrap(connections[try XCTUnwrap(c["post"] as? String)]))
      case "neurons":
        guard case .ensemble(let id) = try XCTUnwrap(endpoints[try XCTUnwrap(c["post"] as? String)]) else {
          throw XCTSkip("neurons of a node")
        }
        post = .neurons(id)
      default: post = try XCTUnwrap(endpoints[try XCTUnwrap(c["post"] as? String)])
      }
      if c["pre_kind"] as? String == "neurons", case .ensemble(let id) = pre { pre = .neurons(id) }
      let transform: Transform
      if let s = c["transform"] as? Double {
        transform = .scalar(s)
      } else {
        transform = .matrix(try DoubleMatrix(try XCTUnwrap(c["transform"] as? [[Double]])))
      }
      var solver = Solver.default
      if let s = c["solver"] as? [String: Any], s["weights"] as? Bool == true {
        XCTAssertEqual(s["type"] as? String, "LstsqL2")
        solver = .lstsqL2(reg: try XCTUnwrap(s["reg"] as? Double), weights: true)
      }
      let function: ConnectionFunction
      switch c["function"] as? String {
      case nil, "identity": function = .identity
      case "zero": function = ConnectionFunction { x in x.map { 0 * $0 } }
      case let other: throw XCTSkip("function \(other ?? "") not rebuilt here")
      }
      connections[label] = try net.connect(
        pre, post, transform: transform, synapse: try synapse(c["synapse"]), label: label,
        preSlice: c["pre_slice"] as? [Int], postSlice: c["post_slice"] as? [Int], function: function, solver: solver,
        learningRule: try rule(c["learning_rule"]))
    }
    var probes: [FixtureProbe] = []
    for case let p as [String: Any] in try XCTUnwrap(f["probes"] as? [Any]) {
      let label = try XCTUnwrap(p["name"] as? String)
      let target = p["target"] as? String ?? ""
      let every = Int(((p["sample_every"] as? Double ?? dt) / dt).rounded())
      switch (p["target_kind"] as? String, p["attr"] as? String) {
      case ("neurons", _):
        guard case .ensemble(let id) = try XCTUnwrap(endpoints[target]) else { continue }
        probes.append(
          FixtureProbe(
            name: label, id: try net.probe(.neurons(id), label: label), spikeSteps: p["spike_steps"] as? [[Int]],
            expected: nil, every: 1))
      case ("ensemble", _):
        probes.append(
          FixtureProbe(
            name: label,
            id: try net.probe(try XCTUnwrap(endpoints[target]), synapse: try synapse(p["synapse"]), label: label),
            spikeSteps: nil, expected: try XCTUnwrap(p["data"] as? [[Double]]), every: every))
      case ("connection", "weights"):
        probes.append(
          FixtureProbe(
            name: label,
            id: try net.probe(.learningRule(try XCTUnwrap(connections[target])), attribute: .weights, label: label),
            spikeSteps: nil, expected: try XCTUnwrap(p["data"] as? [[Double]]), every: every))
      case ("learning_rule", "activities"), ("learning_rule", "pre_filtered"):
        probes.append(
          FixtureProbe(
            name: label,
            id: try net.probe(.learningRule(try XCTUnwrap(connections[target])), attribute: .activities, label: label),
            spikeSteps: nil, expected: try XCTUnwrap(p["data"] as? [[Double]]), every: every))
      case ("learning_rule", "inv_gamma"):
        probes.append(
          FixtureProbe(
            name: label,
            id: try net.probe(
              .learningRule(try XCTUnwrap(connections[target])), attribute: .inverseGamma, label: label),
            spikeSteps: nil, expected: try XCTUnwrap(p["data"] as? [[Double]]), every: every))
      case ("learning_rule", "scaled_encoders"):
        probes.append(
          FixtureProbe(
            name: label,
            id: try net.probe(
              .learningRule(try XCTUnwrap(connections[target])), attribute: .scaledEncoders, label: label),
            spikeSteps: nil, expected: try XCTUnwrap(p["data"] as? [[Double]]), every: every))
      default: continue
      }
    }
    let sim = try Simulator(
      net, dt: dt, batchSize: config.batchSize, seed: 0, threads: config.threads,
      options: EngineOptions(precision: config.precision))
    for (id, one) in inputs {
      try sim.setInput(id, sequence: Array((0..<config.examples).map { _ in one }.joined()), steps: steps)
    }
    sim.reset(exampleIDs: (0..<UInt64(config.examples)).map { $0 })
    try sim.run(steps: steps)
    return (sim, probes)
  }

  private func synapse(_ any: Any?) throws -> Synapse? {
    guard let s = any as? [String: Any] else { return nil }
    XCTAssertEqual(s["type"] as? String, "Lowpass")
    return .lowpass(try XCTUnwrap(s["tau"] as? Double))
  }

  private func rule(_ any: Any?) throws -> LearningRule? {
    guard let r = any as? [String: Any] else { return nil }
    let rate = try XCTUnwrap(r["learning_rate"] as? Double)
    switch r["type"] as? String {
    case "PES": return .pes(PES(learningRate: rate, preSynapse: try synapse(r["pre_synapse"])))
    case "BCM":
      return .bcm(
        BCM(
          learningRate: rate, preSynapse: try synapse(r["pre_synapse"]),
          postSynapse: .some(try synapse(r["post_synapse"])),
          thetaSynapse: try synapse(r["theta_synapse"])))
    case "Oja":
      return .oja(
        Oja(
          learningRate: rate, preSynapse: try synapse(r["pre_synapse"]),
          postSynapse: .some(try synapse(r["post_synapse"])),
          beta: try XCTUnwrap(r["beta"] as? Double)))
    case "RLS": return .rls(RLS(learningRate: rate, preSynapse: try synapse(r["pre_synapse"])))
    case "Voja": return .voja(Voja(learningRate: rate, postSynapse: try synapse(r["post_synapse"])))
    case let other: throw XCTSkip("learning rule \(other ?? "") not rebuilt here")
    }
  }
}
