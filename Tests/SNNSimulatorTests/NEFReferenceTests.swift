import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// A scalar float64 replay of every NEF trace fixture (`Fixtures/nengo-nef/`) with
/// SwiftSNN's OWN decoders (``DecoderBuilder``), not the ones Nengo recorded: proof that
/// they are close enough to give Nengo 4.1's spikes, step for step, over 1 s, and the
/// scalar oracle of the semantics the engine's NEF steps must reproduce in every
/// configuration (the fixture README's "Semantics"): one step of delay per synapse,
/// recurrent ones included; a decoded probe's filter read before its update; PES's change
/// applied in the next step, its pre filter including this step's spikes.
final class NEFReferenceTests: XCTestCase {
  private static let fixtures = TestPaths.packageRoot.appendingPathComponent(
    "Tests/SNNSimulatorTests/Fixtures/nengo-nef")

  /// Issue 14's acceptance in float64, relative to each probe's largest value.
  private static let tolerance = 1e-9

  private static let traces = ["communication_channel", "squaring", "product", "integrator", "oscillator", "pes"]

  func testFloat64_SpikesIdenticalAndProbesWithin1e9() throws {
    for name in Self.traces {
      for r in try replay(name, Precision(float32: false)) {
        XCTAssertNil(r.firstSpikeDifference, "\(r.name): spikes differ from step \(r.firstSpikeDifference ?? 0)")
        XCTAssertLessThanOrEqual(r.worst ?? 0, Self.tolerance, "\(r.name): worst error relative to the largest value")
      }
    }
  }
}

// MARK: - The replay

extension NEFReferenceTests {
  /// Rounds every result to float32 (exactly float32 arithmetic for + - * /, whose float64
  /// result rounded once is the correctly rounded float32 one), or leaves float64 alone.
  private struct Precision {
    let float32: Bool
    func callAsFunction(_ x: Double) -> Double { float32 ? Double(Float(x)) : x }
  }

  /// A zero-order-hold Lowpass filter: y = e y + (1 - e) u, e = exp(-dt / tau).
  private struct Lowpass {
    let e: Double, b: Double
    let p: Precision
    var y: [Double]
    init(_ synapse: Any?, dt: Double, size: Int, _ p: Precision) throws {
      let s = try XCTUnwrap(synapse as? [String: Any])
      XCTAssertEqual(s["type"] as? String, "Lowpass")
      e = p(exp(-dt / (try XCTUnwrap(s["tau"] as? Double))))
      b = p(1 - e)
      self.p = p
      y = [Double](repeating: 0, count: size)
    }
    mutating func update(_ u: [Double]) { for i in y.indices { y[i] = p(p(e * y[i]) + p(b * u[i])) } }
  }

  /// A LIF population stepped as Nengo's `LIF.step`.
  private struct Population {
    let encoding: EnsembleEncoding
    let scaledEncoders: DoubleMatrix
    let tauRC: Double, tauRef: Double, minVoltage: Double, amplitude: Double
    let p: Precision
    var voltage: [Double]
    var refractory: [Double]
    var output: [Double]

    mutating func step(decoded x: [Double], dt: Double) {
      let (n, d) = (encoding.nNeurons, encoding.dimensions)
      for i in 0..<n {
        var j = p(encoding.bias[i])
        for k in 0..<d { j = p(j + p(p(scaledEncoders[i, k]) * x[k])) }
        refractory[i] = p(refractory[i] - dt)
        let deltaT = min(max(p(dt - refractory[i]), 0), dt)
        voltage[i] = p(voltage[i] - p(p(j - voltage[i]) * p(expm1(p(-deltaT / tauRC)))))
        let spiked = voltage[i] > 1
        output[i] = spiked ? p(amplitude / dt) : 0
        let tSpike = spiked ? p(dt + p(tauRC * p(log1p(p(-p(voltage[i] - 1) / p(j - 1)))))) : 0
        if voltage[i] < minVoltage { voltage[i] = minVoltage }
        if spiked {
          voltage[i] = 0
          refractory[i] = p(tauRef + tSpike)
        }
      }
    }
  }

  private struct Link {
    let name: String, pre: String, preIsNode: Bool, post: String, postIsEnsemble: Bool
    var weights: DoubleMatrix  // size_out x size_in (a node's transform, or T · Dᵀ)
    var filter: Lowpass
    var pes: (rate: Double, filter: Lowpass)?
    var delta: [Double]?
  }

  private func load(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("nef_\(name).json"))
    return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  private func matrix(_ any: Any?) throws -> DoubleMatrix {
    try DoubleMatrix(
      try XCTUnwrap(any as? [[Any]]).map { try $0.map { try XCTUnwrap(($0 as? NSNumber)?.doubleValue) } })
  }

  private func vector(_ any: Any?) throws -> [Double] {
    try XCTUnwrap(any as? [Any]).map { try XCTUnwrap(($0 as? NSNumber)?.doubleValue) }
  }

  private func product(_ w: DoubleMatrix, _ x: [Double], _ p: Precision) -> [Double] {
    (0..<w.rows).map { r in (0..<w.cols).reduce(0.0) { p($0 + p(w[r, $1] * x[$1])) } }
  }

  private func population(_ any: Any, _ pr: Precision) throws -> Population {
    let e = try XCTUnwrap(any as? [String: Any])
    let type = try XCTUnwrap(e["neuron_type"] as? [String: Any])
    let p = LIFParameters(
      tauRC: try XCTUnwrap(type["tau_rc"] as? Double), tauRef: try XCTUnwrap(type["tau_ref"] as? Double),
      minVoltage: try XCTUnwrap(type["min_voltage"] as? Double), amplitude: try XCTUnwrap(type["amplitude"] as? Double))
    let encoding = EnsembleEncoding(
      label: try XCTUnwrap(e["name"] as? String), neuronType: LIF(p), encoders: try matrix(e["encoders"]),
      gain: try vector(e["gain"]), bias: try vector(e["bias"]), radius: try XCTUnwrap(e["radius"] as? Double),
      evalPoints: try matrix(e["eval_points"]))
    let voltage = try vector((e["initial_state"] as? [String: Any])?["voltage"])
    return Population(
      encoding: encoding, scaledEncoders: encoding.scaledEncoders, tauRC: pr(p.tauRC), tauRef: pr(p.tauRef),
      minVoltage: pr(p.minVoltage), amplitude: pr(p.amplitude), p: pr, voltage: voltage.map(pr.callAsFunction),
      refractory: [Double](repeating: 0, count: voltage.count), output: [Double](repeating: 0, count: voltage.count))
  }

  /// Decoders solved here from the pre ensemble's parameters (LstsqL2, as the fixtures).
  private func decoders(
    _ label: String, pre: EnsembleEncoding, function: String?, transform: Any?, _ p: Precision
  ) throws -> DoubleMatrix {
    var builder = DecoderBuilder(connection: label, pre: pre)
    switch function {
    case nil, "identity": builder.function = .identity
    case "square": builder.function = ConnectionFunction { x in x.map { $0 * $0 } }
    case "product": builder.function = ConnectionFunction { x in [x[0] * x[1]] }
    case "zero": builder.function = ConnectionFunction { x in x.map { 0 * $0 } }
    default: throw XCTSkip("unknown function \(function ?? "")")
    }
    if let scale = (transform as? NSNumber)?.doubleValue {
      let n = function == "square" || function == "product" ? 1 : pre.dimensions
      builder.transform = try DoubleMatrix(
        rows: n, cols: n, values: (0..<(n * n)).map { $0 % (n + 1) == 0 ? scale : 0 })
    } else if transform != nil {
      builder.transform = try matrix(transform)
    }
    var rng = SplitMix64(seed: 0)
    let w = try builder.build(using: &rng).weights
    return try DoubleMatrix(rows: w.rows, cols: w.cols, values: w.values.map(p.callAsFunction))
  }

  /// One probe compared with Nengo: the first step at which a spike differs (spike
  /// probes), or the worst error relative to the probe's largest value.
  private struct ProbeResult {
    let name: String
    let firstSpikeDifference: Int?
    let worst: Double?
  }

  private func replay(_ name: String, _ p: Precision) throws -> [ProbeResult] {
    let f = try load(name)
    let dt = p(try XCTUnwrap(f["dt"] as? Double))
    let steps = try XCTUnwrap(f["steps"] as? Int)
    var nodes: [String: DoubleMatrix] = [:]
    for case let n as [String: Any] in try XCTUnwrap(f["nodes"] as? [Any]) {
      let values = try matrix(n["output"])
      nodes[try XCTUnwrap(n["name"] as? String)] = try DoubleMatrix(
        rows: values.rows, cols: values.cols, values: values.values.map(p.callAsFunction))
    }
    var pops: [String: Population] = [:]
    var order: [String] = []
    for e in try XCTUnwrap(f["ensembles"] as? [Any]) {
      let population = try population(e, p)
      pops[population.encoding.label] = population
      order.append(population.encoding.label)
    }
    var links: [Link] = []
    for case let c as [String: Any] in try XCTUnwrap(f["connections"] as? [Any]) {
      let name = try XCTUnwrap(c["name"] as? String)
      let pre = try XCTUnwrap(c["pre"] as? String)
      let preIsNode = c["pre_kind"] as? String == "node"
      let weights: DoubleMatrix
      if preIsNode {
        let size = try XCTUnwrap(nodes[pre]).cols
        if let s = (c["transform"] as? NSNumber)?.doubleValue {
          weights = try DoubleMatrix(
            rows: size, cols: size, values: (0..<(size * size)).map { $0 % (size + 1) == 0 ? p(s) : 0 })
        } else {
          let t = try matrix(c["transform"])
          weights = try DoubleMatrix(rows: t.rows, cols: t.cols, values: t.values.map(p.callAsFunction))
        }
      } else {
        weights = try decoders(
          name, pre: try XCTUnwrap(pops[pre]).encoding, function: c["function"] as? String, transform: c["transform"], p
        )
      }
      var link = Link(
        name: name, pre: pre, preIsNode: preIsNode, post: try XCTUnwrap(c["post"] as? String),
        postIsEnsemble: c["post_kind"] as? String == "ensemble", weights: weights,
        filter: try Lowpass(c["synapse"], dt: dt, size: weights.rows, p), pes: nil, delta: nil)
      if let rule = c["learning_rule"] as? [String: Any] {
        XCTAssertEqual(rule["type"] as? String, "PES")
        link.pes = (
          try XCTUnwrap(rule["learning_rate"] as? Double),
          try Lowpass(rule["pre_synapse"], dt: dt, size: weights.cols, p)
        )
      }
      links.append(link)
    }
    let probes = try XCTUnwrap(f["probes"] as? [[String: Any]])
    var probeFilters: [Int: (weights: DoubleMatrix, filter: Lowpass)] = [:]
    for (i, probe) in probes.enumerated() where probe["target_kind"] as? String == "ensemble" {
      let w = try decoders(
        "probe", pre: try XCTUnwrap(pops[probe["target"] as? String ?? ""]).encoding, function: nil, transform: nil, p)
      probeFilters[i] = (w, try Lowpass(probe["synapse"], dt: dt, size: w.rows, p))
    }
    var rows = [[[Double]]](repeating: [], count: probes.count)
    var spikeSteps: [String: [[Int]]] = pops.mapValues { [[Int]](repeating: [], count: $0.voltage.count) }

    for k in 1...steps {
      for l in links.indices {
        if let delta = links[l].delta {
          links[l].weights = DoubleMatrix(
            unchecked: links[l].weights.rows, links[l].weights.cols,
            zip(links[l].weights.values, delta).map { p($0 + $1) })
        }
      }
      var decoded: [String: [Double]] = pops.mapValues { [Double](repeating: 0, count: $0.encoding.dimensions) }
      var errors: [String: [Double]] = [:]
      for l in links {
        if l.postIsEnsemble {
          decoded[l.post] = zip(decoded[l.post] ?? [], l.filter.y).map(+)
        } else {
          errors[l.post] = zip(errors[l.post] ?? [Double](repeating: 0, count: l.filter.y.count), l.filter.y).map(+)
        }
      }
      for name in order {
        pops[name]?.step(decoded: decoded[name] ?? [], dt: dt)
        for (i, v) in (pops[name]?.output ?? []).enumerated() where v != 0 { spikeSteps[name]?[i].append(k) }
      }
      for l in links.indices {
        let input =
          links[l].preIsNode
          ? Array(nodes[links[l].pre]?.values[((k - 1) * links[l].weights.cols)..<(k * links[l].weights.cols)] ?? [])
          : pops[links[l].pre]?.output ?? []
        links[l].filter.update(product(links[l].weights, input, p))
        if var pes = links[l].pes {
          let spikes = pops[links[l].pre]?.output ?? []
          pes.filter.update(spikes)  // "set" mode: this step's spikes included
          links[l].pes = pes
          let error = errors[links[l].name] ?? [Double](repeating: 0, count: links[l].weights.rows)
          let alpha = p(p(-pes.rate * dt) / Double(spikes.count))
          links[l].delta = error.flatMap { e in pes.filter.y.map { p(p(alpha * e) * $0) } }
        }
      }
      for (i, probe) in probes.enumerated() {
        let every = Int(((probe["sample_every"] as? Double ?? dt) / dt).rounded())
        var value: [Double] = []
        switch (probe["target_kind"] as? String, probe["attr"] as? String) {
        case ("ensemble", _):
          guard var pf = probeFilters[i] else { continue }
          value = pf.filter.y  // before this step's update
          pf.filter.update(product(pf.weights, pops[probe["target"] as? String ?? ""]?.output ?? [], p))
          probeFilters[i] = pf
        case ("connection", "output"):
          value = links.first { $0.name == probe["target"] as? String }?.filter.y ?? []
        case ("connection", "weights"):
          value = links.first { $0.name == probe["target"] as? String }?.weights.values ?? []
        default: continue
        }
        if k % every == 0 { rows[i].append(value) }
      }
    }

    var results: [ProbeResult] = []
    for (i, probe) in probes.enumerated() {
      let label = "\(name): \(probe["name"] ?? "")"
      if let expected = probe["spike_steps"] as? [[Int]] {
        let got = try XCTUnwrap(spikeSteps[probe["target"] as? String ?? ""])
        let first = zip(got, expected).compactMap { g, e in
          zip(g, e).first { $0 != $1 }.map { min($0, $1) }
            ?? (g.count != e.count ? min(g.last ?? .max, e.last ?? .max) : nil)
        }.min()
        results.append(ProbeResult(name: label, firstSpikeDifference: first, worst: nil))
        continue
      }
      let expected = try matrix(probe["data"])
      XCTAssertEqual(rows[i].count, expected.rows, label)
      let scale = expected.values.map(abs).max() ?? 0
      var worst = 0.0
      for (r, row) in rows[i].enumerated() where r < expected.rows {
        XCTAssertEqual(row.count, expected.cols, label)
        for (c, v) in row.enumerated() where c < expected.cols {
          worst = max(worst, abs(v - expected[r, c]) / max(scale, 1e-300))
        }
      }
      results.append(ProbeResult(name: label, firstSpikeDifference: nil, worst: worst))
    }
    XCTAssertEqual(results.count, probes.count, name)
    return results
  }
}

// MARK: - Float32

extension NEFReferenceTests {
  /// Where float32 parts from Nengo within 1 s (measured with this replay): in the
  /// communication channel `b`'s spikes part from step 362 on, and its decoded value then
  /// differs by up to 2% of its largest value. Everywhere else float32 keeps every spike
  /// and every probe stays within 7e-7 of its largest value. (A float32 voltage differs
  /// from the float64 one by rounding; a spike moves when a threshold crossing falls that
  /// close to a step boundary. The engine's float32 kernels round differently, so where
  /// they part may differ.)
  private static let float32Exceptions: Set = ["communication_channel: b_spikes", "communication_channel: b_decoded"]

  /// The same replay with every result rounded to float32 (issue 14: 1e-3 in float32,
  /// spikes identical where float32 allows).
  func testFloat32_SpikesIdenticalAndProbesWithin1e3_ExceptWhereAVoltageTies() throws {
    for name in Self.traces {
      for r in try replay(name, Precision(float32: true)) {
        let parts = r.firstSpikeDifference != nil || (r.worst ?? 0) > 1e-3
        XCTAssertEqual(
          parts, Self.float32Exceptions.contains(r.name),
          "\(r.name): first spike difference \(r.firstSpikeDifference.map(String.init) ?? "none"), worst \(r.worst ?? 0)"
        )
      }
    }
  }
}
