import Foundation
import SwiftSNN
import XCTest

/// An example's result does not depend on the examples simulated before it: after
/// `reset(exampleIDs:)` a reused simulator gives, bit for bit, what a fresh simulator gives
/// for that example alone, whatever order the examples come in. The network is a converted
/// one (Poisson input, LIF layers) whose connections all have Lowpass synapses, probed for
/// spikes, filtered spikes, voltages and spike counts, so leftover voltage, refractory
/// time, synapse or probe-filter state, probe data or random-stream position would show.
final class IndependenceTests: XCTestCase {
  private let steps = 40
  private let examples = 5

  /// 4 inputs -> 6 ReLU units -> 3 outputs, converted, with Lowpass(5 ms) on every
  /// connection and extra probes on every layer.
  private func network() throws -> (Network, NodeID, [ProbeID]) {
    let hidden = try Dense(
      kernel: Matrix(rows: 4, cols: 6, values: (0..<24).map { Float(sin(Double($0) * 1.3)) }),
      bias: [0.05, 0, 0.1, -0.05, 0, 0.02], activation: .relu)
    let output = try Dense(
      kernel: Matrix(rows: 6, cols: 3, values: (0..<18).map { Float(cos(Double($0) * 0.7)) }), activation: .softmax)
    let calibration = try Matrix(rows: 20, cols: 4, values: (0..<80).map { Float(($0 * 37) % 101) / 100 })
    let converted = try Converter.convert(try Sequential(layers: [hidden, output]), calibration: calibration)

    let source = converted.network
    var net = Network(seed: source.seed, label: source.label)
    net.config = source.config
    for node in source.nodes { try net.add(node) }
    for ensemble in source.ensembles { try net.add(ensemble) }
    for c in source.connections {
      try net.connect(c.pre, c.post, transform: c.transform, synapse: .lowpass(0.005), label: c.label)
    }
    var probes: [ProbeID] = []
    for p in source.probes {
      probes.append(try net.probe(p.target, attribute: p.attribute, synapse: p.synapse, mode: p.mode, label: p.label))
    }
    for (i, layer) in converted.layers.enumerated() {
      if i > 0 { probes.append(try net.probe(.neurons(layer), attribute: .voltage, label: "v\(i)")) }  // not Poisson
      probes.append(try net.probe(.neurons(layer), synapse: .lowpass(0.01), label: "filtered\(i)"))
      probes.append(try net.probe(.neurons(layer), mode: .sum, label: "count\(i)"))
    }
    return (net, converted.input, probes)
  }

  /// Input `i`: 4 pixel values in [0, 1], different for every example.
  private func input(_ i: Int) throws -> Matrix {
    try Matrix(rows: 1, cols: 4, values: (0..<4).map { Float((i * 7 + $0 * 3) % 10) / 9 })
  }

  /// Runs example `i` on `sim` after a reset and returns every probe's data.
  private func run(_ i: Int, on sim: Simulator, input node: NodeID, probes: [ProbeID]) throws -> [ProbeData] {
    sim.reset(exampleIDs: [UInt64(i)])
    try sim.setInput(node, try input(i))
    try sim.run(steps: steps)
    return probes.map { sim.data($0) }
  }

  func testReset_AnyOrderOfExamples_GivesWhatAFreshSimulatorGives() throws {
    let (net, node, probes) = try network()
    let alone = try (0..<examples).map { i in
      try run(i, on: Simulator(net, batchSize: 1, seed: 11, threads: 1), input: node, probes: probes)
    }
    // The check has teeth only if the examples differ and the network spikes.
    XCTAssertEqual(Set(alone.map { $0.map(\.values) }).count, examples)
    let counts = alone.flatMap { $0.filter { $0.label.hasPrefix("count") }.flatMap(\.values) }
    XCTAssertGreaterThan(counts.reduce(0, +), 0)

    let sim = try Simulator(net, batchSize: 1, seed: 11, threads: 1)
    for order in [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 4, 1, 3, 0, 2, 2]] {
      for i in order {
        let data = try run(i, on: sim, input: node, probes: probes)
        for (got, want) in zip(data, alone[i]) {
          XCTAssertEqual(got, want, "example \(i) in order \(order): probe \(want.label) differs")
        }
      }
    }
  }

  func testReset_ExampleAfterAStoppedRun_GivesWhatAFreshSimulatorGives() throws {
    let (net, node, probes) = try network()
    let alone = try run(3, on: Simulator(net, batchSize: 1, seed: 11, threads: 1), input: node, probes: probes)
    let sim = try Simulator(net, batchSize: 1, seed: 11, threads: 1)
    // Stop the previous example half way, mid-spike-train, with a strong input.
    sim.reset(exampleIDs: [0])
    try sim.setInput(node, try Matrix(rows: 1, cols: 4, values: [1, 1, 1, 1]))
    try sim.run(steps: 17)
    XCTAssertEqual(try run(3, on: sim, input: node, probes: probes), alone)
  }
}
