import SwiftSNN
import XCTest
import _SNNTestSupport

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
      Ensemble(
        nNeurons: 20, dimensions: 1, neuronType: .poissonSpiking(base: .rectifiedLinear()),
        gain: unit.map { $0 * 400 }, bias: unit.map { _ in 0 }, label: "poisson"))
    let hidden = try net.add(
      Ensemble(
        nNeurons: 70, dimensions: 1, neuronType: .lif, gain: .init(repeating: 1, count: 70),
        bias: .init(repeating: 0, count: 70), label: "hidden"))
    let out = try net.add(
      Ensemble(
        nNeurons: 5, dimensions: 1, neuronType: .lif, gain: .init(repeating: 1, count: 5),
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
    try Matrix(
      rows: ids.count, cols: 20,
      values: ids.flatMap { id in
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
    try sim.run(steps: 120)
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
    try sim.run(steps: 80)
    let first = sim.data(probe).values
    sim.reset()
    try sim.run(steps: 80)
    XCTAssertEqual(sim.data(probe).values, first)
  }
}

// MARK: - Partial batches

extension DeterminismTests {
  /// A batch of 8 runs 12 examples as 8 + 4 in one simulator: the same traces as a batch
  /// of 12, and a smaller last batch reports only its own examples.
  func testPartialBatch_SameTracesWithoutARebuild() throws {
    let reference = try traces(Array(0..<12), threads: 1)
    let (net, input, probe) = try network()
    let sim = try Simulator(net, batchSize: 8, seed: 42, threads: 2)
    var got: [[[Float]]] = []
    try sim.forEachBatch(inputs(Array(0..<12)), into: input, steps: 120) { examples in
      let data = sim.data(probe)
      XCTAssertEqual(data.batchSize, examples.count)
      XCTAssertEqual(try sim.output(of: NetworkHandles(net).ensembles[2]).rows, examples.count)
      got += examples.indices.map { data.trace(example: $0 - examples.lowerBound) }
    }
    XCTAssertEqual(sim.activeExamples, 4)
    XCTAssertEqual(got, reference)
    // Back to a full batch in the same simulator.
    try sim.setInput(input, inputs(Array(0..<8)))
    sim.reset(exampleIDs: (0..<8).map(UInt64.init))
    try sim.run(steps: 120)
    XCTAssertEqual((0..<8).map { sim.data(probe).trace(example: $0) }, Array(reference[0..<8]))
  }

  func testPartialBatch_WrongInputShape_IsRefused() throws {
    let (net, input, _) = try network()
    let sim = try Simulator(net, batchSize: 4, seed: 42, threads: 1)
    XCTAssertThrowsError(try sim.setInput(input, inputs(Array(0..<5))))
    XCTAssertNoThrow(try sim.setInput(input, inputs(Array(0..<3))))
  }
}

// MARK: - Engine options

extension DeterminismTests {
  /// Every instruction set gives the same spikes; the option is the simulator's own.
  func testInstructionSetOption_SameSpikes() throws {
    let (net, input, probe) = try network()
    var results: [ProbeData] = []
    for set in InstructionSet.allCases {
      let sim = try Simulator(
        net, batchSize: 3, seed: 42, threads: 2, options: EngineOptions(instructionSet: set, stopsIdleBLASThreads: true)
      )
      try sim.setInput(input, inputs([0, 1, 2]))
      try sim.run(steps: 60)
      results.append(sim.data(probe))
    }
    XCTAssertGreaterThan(results[0].values.reduce(0, +), 0)
    for r in results.dropFirst() { XCTAssertEqual(r, results[0]) }
  }
}

// MARK: - Float64

extension DeterminismTests {
  /// In float64 the same seed gives the same doubles whatever the threads, the batch or a
  /// partial batch, and the spikes of float32 and float64 runs are of the same network.
  func testFloat64_SameValuesAcrossThreadsAndBatches() throws {
    let (net, input, probe) = try network()
    func run(batch: Int, ids: [Int], threads: Int) throws -> [[Double]] {
      let sim = try Simulator(
        net, batchSize: batch, seed: 42, threads: threads, options: EngineOptions(precision: .float64))
      try sim.setInput(input, inputs(ids))
      sim.reset(exampleIDs: ids.map(UInt64.init))
      try sim.run(steps: 120)
      let data = sim.data(probe)
      XCTAssertEqual(data.precision, .float64)
      return ids.indices.map { b in
        (0..<(data.steps * data.size)).map { data.double(b, $0 / data.size, $0 % data.size) }
      }
    }
    let reference = try run(batch: 6, ids: Array(0..<6), threads: 1)
    XCTAssertGreaterThan(reference.joined().reduce(0, +), 0, "the network must spike")
    XCTAssertEqual(try run(batch: 6, ids: Array(0..<6), threads: 2), reference)
    XCTAssertEqual(try run(batch: 8, ids: [4, 5], threads: 2), Array(reference[4...5]))
  }
}
