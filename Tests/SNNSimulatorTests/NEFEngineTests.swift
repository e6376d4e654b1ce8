import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// The engine's decoded connections and decoded probes against real Nengo 4.1: the
/// feed-forward trace fixtures of `Fixtures/nengo-nef/` rebuilt through the public API
/// from their explicit parameters (encoders, gains, biases, eval points, initial voltages),
/// with SwiftSNN's own decoders, run in every configuration.
final class NEFEngineTests: XCTestCase {
  private static let fixtures = TestPaths.packageRoot.appendingPathComponent(
    "Tests/SNNSimulatorTests/Fixtures/nengo-nef")

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
      Config(precision: p, batchSize: 4, examples: 3, threads: 2),  // a partial batch
    ]
  }

  func testCommunicationChannel() throws { try check("communication_channel") }
  func testSquaring() throws { try check("squaring") }
  func testProduct() throws { try check("product") }
  /// Recurrent a -> a (transform 1, Lowpass(0.1)): Nengo's one step of delay per synapse.
  func testIntegrator() throws { try check("integrator") }
  /// Recurrent a -> a with a 2 x 2 transform.
  func testOscillator() throws { try check("oscillator") }

  /// The communication channel with its stimulus as a node function of time,
  /// `sin(2 pi t)`, instead of Nengo's recorded values: the same spikes and probes.
  func testCommunicationChannel_StimulusAsFunctionOfTime() throws {
    try check("communication_channel", stimulus: { t in [sin(2 * .pi * t)] })
  }

  /// The squaring's a -> b decoded into `b.neurons` with transform `encoders / radius`
  /// (`(30, 1)`): each neuron gets `gain * (e · x) / r`, what the ensemble gets, so
  /// Nengo's spikes and decoded values of `b` again.
  func testSquaring_IntoNeuronsWithEncoderTransform() throws {
    try check("squaring", decodedIntoNeurons: true)
  }

  func testDecodedConnectionWithoutSynapse_RefusedNamingIt() throws {
    var net = Network(seed: 0)
    let a = try net.add(Ensemble(nNeurons: 10, dimensions: 1, label: "a"))
    try net.connect(.ensemble(a), .ensemble(a), synapse: nil, label: "loop")
    XCTAssertThrowsError(try Simulator(net, options: EngineOptions(precision: .float64))) {
      XCTAssertTrue("\($0)".contains("loop") && "\($0)".contains("synapse"), "\($0)")
    }
  }

  func testDecodedProbe_FilteredAndSliced() throws {
    // A 2-D ensemble's decoded probe sliced to its second dimension equals the unsliced
    // probe's second column, step for step.
    var net = Network(seed: 3)
    let stim = try net.add(Node(label: "stim") { t in [sin(2 * .pi * t), cos(2 * .pi * t)] })
    let a = try net.add(Ensemble(nNeurons: 80, dimensions: 2, label: "a"))
    try net.connect(.node(stim), .ensemble(a))
    let whole = try net.probe(.ensemble(a), synapse: .lowpass(0.01))
    let second = try net.probe(.ensemble(a), synapse: .lowpass(0.01), slice: [1])
    let sim = try Simulator(net, options: EngineOptions(precision: .float64))
    try sim.run(steps: 300)
    let w = sim.data(whole)
    let s = sim.data(second)
    for t in 0..<300 { XCTAssertEqual(s.double(0, t, 0), w.double(0, t, 1), "step \(t)") }
    // The decoded value follows the stimulus (filtered: lagging by about the synapses).
    XCTAssertEqual(w.double(0, 299, 1), cos(2 * .pi * 0.3), accuracy: 0.25)
  }

  func testNodeFunction_WrongUseRefused() throws {
    var net = Network(seed: 0)
    let stim = try net.add(Node(label: "stim") { t in [t, 2 * t] })
    XCTAssertEqual(net.nodes[stim.index].size, 2)
    let sim = try Simulator(net, options: EngineOptions(precision: .float64))
    XCTAssertThrowsError(try sim.setInput(stim, values: [1, 2])) {
      XCTAssertTrue("\($0)".contains("stim") && "\($0)".contains("function of time"), "\($0)")
    }
    XCTAssertThrowsError(try net.add(Node(label: "bad") { t in [1 / t] })) {
      XCTAssertTrue("\($0)".contains("bad"), "\($0)")
    }
  }

  /// Where the engine's float32 parts from Nengo within 1 s (probe names). Measured: only
  /// in the oscillator, whose recurrence feeds rounding back: 7 of its 60 neurons spike
  /// differently from step 625 on, and its decoded value then differs by up to 2.8% of
  /// its largest value. Everywhere else every spike is Nengo's and every decoded probe
  /// within 1e-3. (The scalar float32 replay of NEFReferenceTests parts elsewhere, in the
  /// communication channel's `b`: its float32 rounding is not the engine's.)
  private static let float32Exceptions: Set<String> = ["oscillator: a_spikes", "oscillator: a_decoded"]

  /// Float64: spikes identical to Nengo's, decoded probes within 1e-9 of the largest
  /// value. Float32: the same within 1e-3, except `float32Exceptions`. Every example of a
  /// batch and every configuration of one precision gives the same numbers bit for bit.
  private func check(
    _ name: String, stimulus: (@Sendable (Double) -> [Double])? = nil, decodedIntoNeurons: Bool = false
  ) throws {
    var reference: [Precision: [[Double]]] = [:]
    for config in Self.configurations {
      let (sim, probes) = try run(name, config, stimulus: stimulus, decodedIntoNeurons: decodedIntoNeurons)
      var all: [[Double]] = []
      for probe in probes {
        let label = "\(name): \(probe.name)"
        let data = sim.data(probe.id)
        XCTAssertEqual(data.batchSize, config.examples, "\(label) \(config)")
        all.append(data.doubleValues)
        for b in 0..<config.examples {
          var parts = false
          var how = ""
          if let spikeSteps = probe.spikeSteps {
            for (i, steps) in spikeSteps.enumerated() {
              let got = (0..<data.steps).filter { data.double(b, $0, i) != 0 }.map { $0 + 1 }
              if got != steps {
                parts = true
                let first =
                  zip(got, steps).first { $0 != $1 }.map { min($0, $1) } ?? min(got.last ?? 0, steps.last ?? 0)
                how += " neuron \(i) from step \(first);"
              }
              if config.precision == .float64 {
                XCTAssertEqual(got, steps, "\(label) neuron \(i) spike steps, \(config)")
              }
            }
          } else if let expected = probe.expected {
            XCTAssertEqual(data.steps, expected.count, label)
            let scale = expected.joined().map(abs).max() ?? 1
            var worst = 0.0
            for (t, row) in expected.enumerated() where t < data.steps {
              for (i, v) in row.enumerated() { worst = max(worst, abs(data.double(b, t, i) - v) / scale) }
            }
            if config.precision == .float64 {
              XCTAssertLessThanOrEqual(worst, 1e-9, "\(label) worst relative error, \(config)")
            } else if worst > 1e-3 {
              parts = true
              how = " worst \(worst)"
            }
          }
          if config.precision == .float32 {
            XCTAssertEqual(
              parts, Self.float32Exceptions.contains(label), "\(label): parts from Nengo in \(config):\(how)")
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
  }

  /// The fixture's network in `config`; `stimulus` replaces its node's recorded values.
  private func run(
    _ name: String, _ config: Config, stimulus: (@Sendable (Double) -> [Double])? = nil,
    decodedIntoNeurons: Bool = false
  ) throws -> (Simulator, [FixtureProbe]) {
    let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("nef_\(name).json"))
    let f = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let dt = try XCTUnwrap(f["dt"] as? Double)
    let steps = try XCTUnwrap(f["steps"] as? Int)
    var net = Network(seed: 0, label: name)
    var endpoints: [String: Endpoint] = [:]
    var inputs: [(NodeID, [Double])] = []
    for case let n as [String: Any] in try XCTUnwrap(f["nodes"] as? [Any]) {
      let rows = try XCTUnwrap(n["output"] as? [[Double]])
      let label = try XCTUnwrap(n["name"] as? String)
      if let stimulus {
        endpoints[label] = .node(try net.add(Node(label: label, stimulus)))
        continue
      }
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
    for case let c as [String: Any] in try XCTUnwrap(f["connections"] as? [Any]) {
      let pre = try XCTUnwrap(endpoints[try XCTUnwrap(c["pre"] as? String)])
      var post = try XCTUnwrap(endpoints[try XCTUnwrap(c["post"] as? String)])
      var transform: Transform
      if let s = c["transform"] as? Double {
        transform = .scalar(s)
      } else {
        transform = .matrix(try DoubleMatrix(try XCTUnwrap(c["transform"] as? [[Double]])))
      }
      if decodedIntoNeurons, case .ensemble = pre, case .ensemble(let b) = post {
        XCTAssertEqual(transform, .scalar(1))
        let e = net.ensembles[b.index]
        let encoders = try XCTUnwrap(e.encoders)
        transform = .matrix(
          try DoubleMatrix(
            rows: encoders.rows, cols: encoders.cols, values: encoders.values.map { $0 / (e.radius ?? 1) }))
        post = .neurons(b)
      }
      let function: ConnectionFunction
      switch c["function"] as? String {
      case nil, "identity": function = .identity
      case "square": function = ConnectionFunction { x in x.map { $0 * $0 } }
      case "product": function = ConnectionFunction { x in [x[0] * x[1]] }
      case let other: throw XCTSkip("function \(other ?? "") not rebuilt here")
      }
      try net.connect(
        pre, post, transform: transform, synapse: try lowpass(c["synapse"]), label: try XCTUnwrap(c["name"] as? String),
        function: function)
    }
    var probes: [FixtureProbe] = []
    for case let p as [String: Any] in try XCTUnwrap(f["probes"] as? [Any]) {
      let label = try XCTUnwrap(p["name"] as? String)
      guard let target = endpoints[p["target"] as? String ?? ""] else { continue }  // connection probes
      switch p["target_kind"] as? String {
      case "neurons":
        guard case .ensemble(let id) = target else { continue }
        probes.append(
          FixtureProbe(
            name: label, id: try net.probe(.neurons(id), label: label), spikeSteps: p["spike_steps"] as? [[Int]],
            expected: nil))
      case "ensemble":
        probes.append(
          FixtureProbe(
            name: label, id: try net.probe(target, synapse: try lowpass(p["synapse"]), label: label), spikeSteps: nil,
            expected: try XCTUnwrap(p["data"] as? [[Double]])))
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

  private func lowpass(_ any: Any?) throws -> Synapse? {
    guard let s = any as? [String: Any] else { return nil }
    XCTAssertEqual(s["type"] as? String, "Lowpass")
    return .lowpass(try XCTUnwrap(s["tau"] as? Double))
  }
}
