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

  func testCommunicationChannel() throws { try replay("communication_channel") }
  func testSquaring() throws { try replay("squaring") }
  func testProduct() throws { try replay("product") }
  func testIntegrator() throws { try replay("integrator") }
  func testOscillator() throws { try replay("oscillator") }
  func testPES() throws { try replay("pes") }
}

// MARK: - The replay

extension NEFReferenceTests {
  /// A zero-order-hold Lowpass filter: y = e y + (1 - e) u, e = exp(-dt / tau).
  private struct Lowpass {
    let e: Double
    var y: [Double]
    init(_ synapse: Any?, dt: Double, size: Int) throws {
      let s = try XCTUnwrap(synapse as? [String: Any])
      XCTAssertEqual(s["type"] as? String, "Lowpass")
      e = exp(-dt / (try XCTUnwrap(s["tau"] as? Double)))
      y = [Double](repeating: 0, count: size)
    }
    mutating func update(_ u: [Double]) { for i in y.indices { y[i] = e * y[i] + (1 - e) * u[i] } }
  }

  /// A LIF population stepped as Nengo's `LIF.step`.
  private struct Population {
    let encoding: EnsembleEncoding
    let scaledEncoders: DoubleMatrix
    let tauRC: Double, tauRef: Double, minVoltage: Double, amplitude: Double
    var voltage: [Double]
    var refractory: [Double]
    var output: [Double]

    mutating func step(decoded x: [Double], dt: Double) {
      let (n, d) = (encoding.nNeurons, encoding.dimensions)
      for i in 0..<n {
        var j = encoding.bias[i]
        for k in 0..<d { j += scaledEncoders[i, k] * x[k] }
        refractory[i] -= dt
        let deltaT = min(max(dt - refractory[i], 0), dt)
        voltage[i] -= (j - voltage[i]) * expm1(-deltaT / tauRC)
        let spiked = voltage[i] > 1
        output[i] = spiked ? amplitude / dt : 0
        let tSpike = spiked ? dt + tauRC * log1p(-(voltage[i] - 1) / (j - 1)) : 0
        if voltage[i] < minVoltage { voltage[i] = minVoltage }
        if spiked {
          voltage[i] = 0
          refractory[i] = tauRef + tSpike
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
    try DoubleMatrix(try XCTUnwrap(any as? [[Any]]).map { try $0.map { try XCTUnwrap(($0 as? NSNumber)?.doubleValue) } })
  }

  private func vector(_ any: Any?) throws -> [Double] {
    try XCTUnwrap(any as? [Any]).map { try XCTUnwrap(($0 as? NSNumber)?.doubleValue) }
  }

  private func product(_ w: DoubleMatrix, _ x: [Double]) -> [Double] {
    (0..<w.rows).map { r in (0..<w.cols).reduce(0.0) { $0 + w[r, $1] * x[$1] } }
  }

  private func population(_ any: Any) throws -> Population {
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
      encoding: encoding, scaledEncoders: encoding.scaledEncoders, tauRC: p.tauRC, tauRef: p.tauRef,
      minVoltage: p.minVoltage, amplitude: p.amplitude, voltage: voltage,
      refractory: [Double](repeating: 0, count: voltage.count), output: [Double](repeating: 0, count: voltage.count))
  }

  /// Decoders solved here from the pre ensemble's parameters (LstsqL2, as the fixtures).
  private func decoders(
    _ label: String, pre: EnsembleEncoding, function: String?, transform: Any?
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
      builder.transform = try DoubleMatrix(rows: n, cols: n, values: (0..<(n * n)).map { $0 % (n + 1) == 0 ? scale : 0 })
    } else if transform != nil {
      builder.transform = try matrix(transform)
    }
    var rng = SplitMix64(seed: 0)
    return try builder.build(using: &rng).weights
  }

  private func replay(_ name: String) throws {
    let f = try load(name)
    let dt = try XCTUnwrap(f["dt"] as? Double)
    let steps = try XCTUnwrap(f["steps"] as? Int)
    var nodes: [String: DoubleMatrix] = [:]
    for case let n as [String: Any] in try XCTUnwrap(f["nodes"] as? [Any]) {
      nodes[try XCTUnwrap(n["name"] as? String)] = try matrix(n["output"])
    }
    var pops: [String: Population] = [:]
    var order: [String] = []
    for e in try XCTUnwrap(f["ensembles"] as? [Any]) {
      let p = try population(e)
      pops[p.encoding.label] = p
      order.append(p.encoding.label)
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
          weights = try DoubleMatrix(rows: size, cols: size, values: (0..<(size * size)).map { $0 % (size + 1) == 0 ? s : 0 })
        } else {
          weights = try matrix(c["transform"])
        }
      } else {
        weights = try decoders(
          name, pre: try XCTUnwrap(pops[pre]).encoding, function: c["function"] as? String, transform: c["transform"])
      }
      var link = Link(
        name: name, pre: pre, preIsNode: preIsNode, post: try XCTUnwrap(c["post"] as? String),
        postIsEnsemble: c["post_kind"] as? String == "ensemble", weights: weights,
        filter: try Lowpass(c["synapse"], dt: dt, size: weights.rows), pes: nil, delta: nil)
      if let rule = c["learning_rule"] as? [String: Any] {
        XCTAssertEqual(rule["type"] as? String, "PES")
        link.pes = (
          try XCTUnwrap(rule["learning_rate"] as? Double),
          try Lowpass(rule["pre_synapse"], dt: dt, size: weights.cols)
        )
      }
      links.append(link)
    }
    let probes = try XCTUnwrap(f["probes"] as? [[String: Any]])
    var probeFilters: [Int: (weights: DoubleMatrix, filter: Lowpass)] = [:]
    for (i, p) in probes.enumerated() where p["target_kind"] as? String == "ensemble" {
      let w = try decoders("probe", pre: try XCTUnwrap(pops[p["target"] as? String ?? ""]).encoding, function: nil, transform: nil)
      probeFilters[i] = (w, try Lowpass(p["synapse"], dt: dt, size: w.rows))
    }
    var rows = [[[Double]]](repeating: [], count: probes.count)
    var spikeSteps: [String: [[Int]]] = pops.mapValues { [[Int]](repeating: [], count: $0.voltage.count) }

    for k in 1...steps {
      for l in links.indices {
        if let delta = links[l].delta {
          links[l].weights = DoubleMatrix(
            unchecked: links[l].weights.rows, links[l].weights.cols, zip(links[l].weights.values, delta).map(+))
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
        let input = links[l].preIsNode
          ? Array(nodes[links[l].pre]?.values[((k - 1) * links[l].weights.cols)..<(k * links[l].weights.cols)] ?? [])
          : pops[links[l].pre]?.output ?? []
        links[l].filter.update(product(links[l].weights, input))
        if var pes = links[l].pes {
          let spikes = pops[links[l].pre]?.output ?? []
          pes.filter.update(spikes)  // "set" mode: this step's spikes included
          links[l].pes = pes
          let error = errors[links[l].name] ?? [Double](repeating: 0, count: links[l].weights.rows)
          let alpha = -pes.rate * dt / Double(spikes.count)
          links[l].delta = error.flatMap { e in pes.filter.y.map { alpha * e * $0 } }
        }
      }
      for (i, p) in probes.enumerated() {
        let every = Int(((p["sample_every"] as? Double ?? dt) / dt).rounded())
        var value: [Double] = []
        switch (p["target_kind"] as? String, p["attr"] as? String) {
        case ("ensemble", _):
          guard var pf = probeFilters[i] else { continue }
          value = pf.filter.y  // before this step's update
          pf.filter.update(product(pf.weights, pops[p["target"] as? String ?? ""]?.output ?? []))
          probeFilters[i] = pf
        case ("connection", "output"):
          value = links.first { $0.name == p["target"] as? String }?.filter.y ?? []
        case ("connection", "weights"):
          value = links.first { $0.name == p["target"] as? String }?.weights.values ?? []
        default: continue
        }
        if k % every == 0 { rows[i].append(value) }
      }
    }

    var compared = 0
    for (i, p) in probes.enumerated() {
      let probe = "\(name): \(p["name"] ?? "")"
      if let expected = p["spike_steps"] as? [[Int]] {
        let got = try XCTUnwrap(spikeSteps[p["target"] as? String ?? ""])
        XCTAssertEqual(got, expected, "\(probe): spike steps differ")
        compared += 1
        continue
      }
      let expected = try matrix(p["data"])
      XCTAssertEqual(rows[i].count, expected.rows, probe)
      let scale = expected.values.map(abs).max() ?? 0
      var worst = 0.0
      for (r, row) in rows[i].enumerated() where r < expected.rows {
        XCTAssertEqual(row.count, expected.cols, probe)
        for (c, v) in row.enumerated() where c < expected.cols {
          worst = max(worst, abs(v - expected[r, c]) / max(scale, 1e-300))
        }
      }
      XCTAssertLessThanOrEqual(worst, Self.tolerance, "\(probe): worst error relative to the largest value")
      compared += 1
    }
    XCTAssertEqual(compared, probes.count, name)
  }
}
