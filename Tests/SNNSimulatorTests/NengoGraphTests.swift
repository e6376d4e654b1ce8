import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// The engine's signal graph against real Nengo 4.1: passthrough nodes, node functions of
/// time and input, connections into nodes (with and without synapses, slices and
/// transforms), process nodes, probes' `sample_every` and Direct ensembles. The fixtures
/// of `Fixtures/nengo-graph/` (scripts/nengo_graph_fixtures.py) are rebuilt through the
/// public API from their explicit parameters, with SwiftSNN's own decoders, and run in
/// every configuration: both precisions, both synaptic paths, 1 and 2 threads, a full
/// batch of one and a partial batch (3 examples in a batch of 4).
final class NengoGraphTests: XCTestCase {
  private static let fixtures = TestPaths.packageRoot.appendingPathComponent(
    "Tests/SNNSimulatorTests/Fixtures/nengo-graph")

  private struct Config: CustomStringConvertible {
    let precision: Precision
    var path: SynapticPathChoice = .auto
    var threads = 1
    var batchSize = 1
    var examples = 1
    var description: String { "\(precision) \(path.rawValue) threads \(threads) batch \(examples)/\(batchSize)" }
  }

  private static let configurations: [Config] = Precision.allCases.flatMap { precision in
    [
      Config(precision: precision),
      Config(precision: precision, path: .dense, threads: 2),
      Config(precision: precision, threads: 2, batchSize: 4, examples: 3),
      Config(precision: precision, path: .dense, threads: 1, batchSize: 4, examples: 3),
    ]
  }

  /// The node functions the fixture script names (its NODE_FUNCTIONS).
  private static let nodeFunctions: [String: @Sendable (Double, [Double]) -> [Double]] = [
    "scale_by_t": { t, x in x.map { $0 * (1 + t) } },
    "product": { _, x in [x[0] * x[1]] },
    "clip": { _, x in x.map { min(max($0, -0.5), 0.5) } },
  ]

  func testPassthroughChain() throws { try check("graph_passthrough_chain") }
  func testNodeFunctionOfDecodedInput() throws { try check("graph_node_function") }
  func testNodeToNodeWithSynapses() throws { try check("graph_node_synapse") }
  func testProcessNodes() throws { try check("graph_processes") }
  func testSampleEvery() throws { try check("graph_sample_every") }
  func testDirectEnsembles() throws { try check("graph_direct") }

  /// Float64: spikes identical to Nengo's, every other probe within 1e-9 of its largest
  /// value. Float32: within 1e-3, spikes identical. Every example and every
  /// configuration of one precision and path give the same numbers bit for bit (the two
  /// paths add a decoded connection's rows in different orders: their sums may differ in
  /// the last bit).
  private func check(_ name: String) throws {
    var reference: [String: [[Double]]] = [:]
    for config in Self.configurations {
      let (sim, probes) = try run(name, config)
      var all: [[Double]] = []
      for probe in probes {
        let label = "\(name): \(probe.name) \(config)"
        let data = sim.data(probe.id)
        XCTAssertEqual(data.batchSize, config.examples, label)
        all.append(data.doubleValues)
        for b in 0..<config.examples {
          if let spikeSteps = probe.spikeSteps {
            for (i, steps) in spikeSteps.enumerated() {
              let got = (0..<data.steps).filter { data.double(b, $0, i) != 0 }.map { $0 + 1 }
              XCTAssertEqual(got, Array(Set(steps)).sorted(), "\(label) neuron \(i) spike steps")
            }
          } else if let expected = probe.expected {
            XCTAssertEqual(data.steps, expected.count, "\(label) rows")
            let scale = max(expected.joined().map(abs).max() ?? 1, 1e-300)
            var worst = 0.0
            for (t, row) in expected.enumerated() where t < data.steps {
              for (i, v) in row.enumerated() { worst = max(worst, abs(data.double(b, t, i) - v) / scale) }
            }
            XCTAssertLessThanOrEqual(
              worst, config.precision == .float64 ? 1e-9 : 1e-3, "\(label) example \(b) worst relative error")
          }
        }
      }
      let key = "\(config.precision) \(config.path)"
      if let first = reference[key] {
        for (k, values) in all.enumerated() {
          let one = first[k]
          for b in 0..<config.examples {
            XCTAssertEqual(
              Array(values[(b * one.count)..<((b + 1) * one.count)]), one, "\(name) probe \(k) example \(b) \(config)")
          }
        }
      } else {
        reference[key] = all.map { Array($0.prefix($0.count / config.examples)) }
      }
    }
  }

  private struct FixtureProbe {
    let name: String
    let id: ProbeID
    let spikeSteps: [[Int]]?
    let expected: [[Double]]?
  }

  /// The fixture's network, run in `config`.
  private func run(_ name: String, _ config: Config) throws -> (Simulator, [FixtureProbe]) {
    let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("\(name).json"))
    let f = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let dt = try XCTUnwrap(f["dt"] as? Double)
    let steps = try XCTUnwrap(f["steps"] as? Int)
    var net = Network(seed: 0, label: name)
    var nodes: [String: NodeID] = [:]
    var ensembles: [String: EnsembleID] = [:]
    var inputs: [(NodeID, [Double])] = []
    for case let n as [String: Any] in try XCTUnwrap(f["nodes"] as? [Any]) {
      let label = try XCTUnwrap(n["name"] as? String)
      switch n["kind"] as? String {
      case "values":
        let rows = try XCTUnwrap(n["output"] as? [[Double]])
        let id = try net.add(Node(size: rows[0].count, label: label))
        inputs.append((id, rows.prefix(steps).flatMap { $0 }))
        nodes[label] = id
      case "passthrough":
        nodes[label] = try net.add(Node(passthrough: try XCTUnwrap(n["size_in"] as? Int), label: label))
      case "function":
        let function = try XCTUnwrap(Self.nodeFunctions[try XCTUnwrap(n["function"] as? String)])
        nodes[label] = try net.add(
          Node(
            sizeIn: try XCTUnwrap(n["size_in"] as? Int), sizeOut: try XCTUnwrap(n["size_out"] as? Int), label: label,
            function))
      case "piecewise":
        let times = try XCTUnwrap(n["times"] as? [Double])
        let values = try XCTUnwrap(n["values"] as? [[Double]])
        XCTAssertEqual(n["interpolation"] as? String, "zero")
        let piecewise = try Piecewise(Dictionary(uniqueKeysWithValues: zip(times, values)))
        nodes[label] = try net.add(Node(process: .piecewise(piecewise), label: label))
      case "present_input":
        let inputs = try DoubleMatrix(try XCTUnwrap(n["inputs"] as? [[Double]]))
        let process = PresentInput(
          inputs: inputs, presentationTime: try XCTUnwrap(n["presentation_time"] as? Double))
        nodes[label] = try net.add(Node(process: .presentInput(process), label: label))
      case let other: XCTFail("node kind \(other ?? "nil")")
      }
    }
    for case let e as [String: Any] in try XCTUnwrap(f["ensembles"] as? [Any]) {
      let label = try XCTUnwrap(e["name"] as? String)
      let n = try XCTUnwrap(e["n_neurons"] as? Int)
      let d = try XCTUnwrap(e["dimensions"] as? Int)
      if (e["neuron_type"] as? [String: Any])?["type"] as? String == "Direct" {
        ensembles[label] = try net.add(Ensemble(nNeurons: n, dimensions: d, neuronType: .direct, label: label))
        continue
      }
      let voltage = try XCTUnwrap((e["initial_state"] as? [String: Any])?["voltage"] as? [Double])
      ensembles[label] = try net.add(
        Ensemble(
          nNeurons: n, dimensions: d, neuronType: .lif, gain: try XCTUnwrap(e["gain"] as? [Double]),
          bias: try XCTUnwrap(e["bias"] as? [Double]), radius: try XCTUnwrap(e["radius"] as? Double),
          encoders: try DoubleMatrix(try XCTUnwrap(e["encoders"] as? [[Double]])), initialVoltage: .values(voltage),
          evalPoints: try DoubleMatrix(try XCTUnwrap(e["eval_points"] as? [[Double]])), label: label))
    }
    func endpoint(_ name: Any?, _ kind: Any?) throws -> Endpoint {
      let label = try XCTUnwrap(name as? String)
      switch kind as? String {
      case "node": return .node(try XCTUnwrap(nodes[label]))
      case "ensemble": return .ensemble(try XCTUnwrap(ensembles[label]))
      case "neurons": return .neurons(try XCTUnwrap(ensembles[label]))
      case let other: throw XCTSkip("endpoint kind \(other ?? "nil")")
      }
    }
    for case let c as [String: Any] in try XCTUnwrap(f["connections"] as? [Any]) {
      let transform: Transform
      if let s = c["transform"] as? Double {
        transform = .scalar(s)
      } else {
        transform = .matrix(try DoubleMatrix(try XCTUnwrap(c["transform"] as? [[Double]])))
      }
      let function: ConnectionFunction
      switch c["function"] as? String {
      case nil, "identity": function = .identity
      case "square": function = ConnectionFunction { x in x.map { $0 * $0 } }
      case "product": function = ConnectionFunction { x in [x[0] * x[1]] }
      case let other: throw XCTSkip("function \(other ?? "") not rebuilt here")
      }
      try net.connect(
        try endpoint(c["pre"], c["pre_kind"]), try endpoint(c["post"], c["post_kind"]), transform: transform,
        synapse: try synapse(c["synapse"]), label: try XCTUnwrap(c["name"] as? String),
        preSlice: c["pre_slice"] as? [Int], postSlice: c["post_slice"] as? [Int], function: function)
    }
    var probes: [FixtureProbe] = []
    for case let p as [String: Any] in try XCTUnwrap(f["probes"] as? [Any]) {
      let label = try XCTUnwrap(p["name"] as? String)
      let target = try endpoint(p["target"], p["target_kind"])
      let attribute: Probe.Attribute
      switch p["attr"] as? String {
      case "voltage": attribute = .voltage
      default: attribute = .output
      }
      let id = try net.probe(
        target, attribute: attribute, synapse: try synapse(p["synapse"]), label: label,
        sampleEvery: p["sample_every"] as? Double)
      probes.append(
        FixtureProbe(
          name: label, id: id, spikeSteps: p["spike_steps"] as? [[Int]], expected: p["data"] as? [[Double]]))
    }
    let sim = try Simulator(
      net, dt: dt, batchSize: config.batchSize, seed: 0, threads: config.threads,
      options: EngineOptions(path: config.path, precision: config.precision))
    for (id, one) in inputs {
      try sim.setInput(id, sequence: Array((0..<config.examples).map { _ in one }.joined()), steps: steps)
    }
    sim.reset(exampleIDs: (0..<UInt64(config.examples)).map { $0 })
    try sim.run(steps: steps)
    return (sim, probes)
  }

  private func synapse(_ any: Any?) throws -> Synapse? {
    guard let s = any as? [String: Any] else { return nil }
    let tau = try XCTUnwrap(s["tau"] as? Double)
    switch s["type"] as? String {
    case "Lowpass": return .lowpass(tau)
    case "Alpha": return .alpha(tau)
    case let other: throw XCTSkip("synapse \(other ?? "nil")")
    }
  }
}
