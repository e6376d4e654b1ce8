import SwiftSNN
import _SNNTestSupport
import XCTest

/// Same seed, same spikes, whatever the threads, batch size, position in the batch or path.
final class DeterminismTests: XCTestCase {
  /// A small Poisson -> LIF -> LIF network with random weights and per-example inputs.
  private func network() throws -> (Network, NodeID, ProbeID) {
    var rng = SplitMix64(seed: 5)
    var net = Network(seed: 1)
    net.config.connection.synapse = nil
    let input = try net.add(Node(size: 20, label: "input"))
    let unit: [Double] = Array(repeating: 1, count: 20)
    let poisson = try net.add(
      Ensemble(nNeurons: 20, dimensions: 1, neuronType: .poissonSpiking(base: .rectifiedLinear()),
        gain: unit.map { $0 * 400 }, bias: unit.map { _ in 0 }, label: "poisson"))
    let hidden = try net.add(
      Ensemble(nNeurons: 70, dimensions: 1, neuronType: .lif, gain: .init(repeating: 1, count: 70),
        bias: .init(repeating: 0, count: 70), label: "hidden"))
    let out = try net.add(
      Ensemble(nNeurons: 5, dimensions: 1, neuronType: .lif, gain: .init(repeating: 1, count: 5),
        bias: .init(repeating: 0, count: 5), label: "out"))
    try net.connect(.node(input), .neurons(poisson))
    let w1 = try Matrix(rows: 70, cols: 20, values: (0..<1400).map { _ in rng.nextUnitFloat() * 0.6 - 0.1 })
    let w2 = try Matrix(rows: 5, cols: 70, values: (0..<350).map { _ in rng.nextUnitFloat() * 0.4 - 0.1 })
    try net.connect(.neurons(poisson), .neurons(hidden), transform: .matrix(w1))
    try net.connect(.neurons(hidden), .neurons(out), transform: .matrix(w2), synapse: .lowpass(0.002))
    let probe = try net.probe(.neurons(out))
    return (net, input, probe)
  }

  private func inputs(_ ids: [Int]) throws -> Matrix {
    try Matrix(rows: ids.count, cols: 20, values: ids.flatMap { id in
      var rng = SplitMix64(seed: UInt64(id) &+ 99)
      return (0..<20).map { _ in rng.nextUnitFloat() }
    })
  }

  /// Output traces of examples `ids`, run in one batch.
  private func traces(_ ids: [Int], threads: Int, path: SynapticPathChoice = .auto) throws -> [[[Float]]] {
    let (net, input, probe) = try network()
    let sim = try Simulator(net, batchSize: ids.count, seed: 42, threads: threads, path: path)
    try sim.setInput(input, inputs(ids))
    sim.reset(exampleIDs: ids.map(UInt64.init))
    sim.run(steps: 120)
    let data = sim.data(probe)
    return ids.indices.map { data.trace(example: $0) }
  }

  func testSameSeed_SameSpikes_AcrossThreadsBatchesAndPositions() throws {
    let all = Array(0..<12)
    let reference = try traces(all, threads: 1)
    XCTAssertGreaterThan(reference.flatMap { $0.flatMap { $0 } }.reduce(0, +), 0, "the network must spike")
    XCTAssertEqual(try traces(all, threads: 2), reference)
    XCTAssertEqual(try traces(all, threads: 5), reference)
    // Example 7 alone, and examples in another order, give the same traces.
    XCTAssertEqual(try traces([7], threads: 1)[0], reference[7])
    let shuffled = [3, 11, 0, 7]
    let t = try traces(shuffled, threads: 2)
    for (k, id) in shuffled.enumerated() { XCTAssertEqual(t[k], reference[id]) }
  }

  func testDensePath_GivesSameSpikesAsEventPath() throws {
    let ids = Array(0..<6)
    let event = try traces(ids, threads: 1, path: .event)
    let dense = try traces(ids, threads: 2, path: .dense)
    // Summation order differs (rows vs GEMM), so currents may differ in the last bit; count
    // the steps where a spike differs.
    var differing = 0
    var total = 0
    for (a, b) in zip(event, dense) {
      for (x, y) in zip(a, b) {
        for (u, v) in zip(x, y) where u != 0 || v != 0 {
          total += 1
          if u != v { differing += 1 }
        }
      }
    }
    XCTAssertGreaterThan(total, 0)
    XCTAssertLessThanOrEqual(Double(differing) / Double(total), 0.01)
  }

  func testReset_RestoresInitialState() throws {
    let (net, input, probe) = try network()
    let sim = try Simulator(net, batchSize: 3, seed: 9)
    try sim.setInput(input, inputs([0, 1, 2]))
    sim.run(steps: 80)
    let first = sim.data(probe).values
    sim.reset()
    sim.run(steps: 80)
    XCTAssertEqual(sim.data(probe).values, first)
  }
}
