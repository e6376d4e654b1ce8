import Foundation
import SwiftSNN
import Synchronization
import XCTest

/// Nodes in the signal graph beyond what the Nengo fixtures cover: bad node outputs stop a
/// run with an error naming the node, loops without a synapse are refused naming their
/// objects, per-example inputs and processes stay per example whatever the batch or
/// thread count, and sampled probes keep Nengo's steps.
final class NodeGraphTests: XCTestCase {
  private static let float64 = EngineOptions(precision: .float64)

  // MARK: - Node outputs checked

  /// `f(t, x)` returning 2 values for a 1-wide node at t = 3 dt: the run throws naming the
  /// node and the step; further runs throw until a reset; the steps before are kept.
  func testRun_NodeFunctionWrongSize_ThrowsNamingNodeUntilReset() throws {
    var net = Network(seed: 0)
    let clock = try net.add(Node(label: "clock") { t in [t] })
    let bad = try net.add(
      Node(sizeIn: 1, sizeOut: 1, label: "bad") { t, x in t > 0.0025 ? [x[0], x[0]] : [2 * x[0]] })
    try net.connect(.node(clock), .node(bad), synapse: nil)
    let probe = try net.probe(.node(bad))
    for threads in [1, 2] {
      let sim = try Simulator(net, dt: 0.001, batchSize: 3, seed: 1, threads: threads, options: Self.float64)
      XCTAssertThrowsError(try sim.run(steps: 10)) { error in
        let e = error as? SimulationError
        XCTAssertEqual(e?.object, "bad")
        XCTAssertTrue(e?.problem.contains("returned 2 values at step 3 (example 0), expected 1") ?? false, "\(error)")
      }
      let data = sim.data(probe)
      XCTAssertEqual(data.double(2, 1, 0), 0.004, accuracy: 1e-15, "step 2 ran: 2 * t")
      XCTAssertThrowsError(try sim.run(steps: 1)) { XCTAssertEqual(($0 as? SimulationError)?.object, "bad") }
      sim.reset()
      XCTAssertNoThrow(try sim.run(steps: 2))
    }
  }

  func testRun_NodeFunctionNaN_ThrowsNamingNode() throws {
    var net = Network(seed: 0)
    let stim = try net.add(Node(size: 1, label: "stim"))
    let log = try net.add(Node(sizeIn: 1, sizeOut: 1, label: "log") { _, x in [Foundation.log(x[0])] })
    try net.connect(.node(stim), .node(log), synapse: nil)
    let sim = try Simulator(net, dt: 0.001, batchSize: 2, seed: 1, threads: 1, options: Self.float64)
    // Example 1's input is negative: log gives NaN there, not in example 0.
    try sim.setInput(stim, values: [2, -1])
    XCTAssertThrowsError(try sim.run(steps: 5)) { error in
      XCTAssertEqual((error as? SimulationError)?.object, "log")
      XCTAssertTrue("\(error)".contains("non-finite") && "\(error)".contains("example 1"), "\(error)")
    }
  }

  func testRun_TimeFunctionGrowingOutput_ThrowsNamingNode() throws {
    var net = Network(seed: 0)
    try net.add(Node(label: "grows") { t in t < 0.002 ? [t] : [t, t] })
    let sim = try Simulator(net, dt: 0.001, options: Self.float64)
    XCTAssertThrowsError(try sim.run(steps: 3)) { error in
      XCTAssertEqual((error as? SimulationError)?.object, "grows")
    }
  }

  // MARK: - Loops and refusals

  func testBuild_LoopWithoutSynapseThroughNodes_NamesTheObjects() throws {
    var net = Network(seed: 0)
    let a = try net.add(Ensemble(nNeurons: 5, dimensions: 1, label: "a"))
    let p = try net.add(Node(passthrough: 1, label: "p"))
    let q = try net.add(Node(sizeIn: 1, sizeOut: 1, label: "q") { _, x in x })
    try net.connect(.ensemble(a), .node(p), synapse: nil)
    try net.connect(.node(p), .node(q), synapse: nil)
    try net.connect(.node(q), .ensemble(a), synapse: nil)
    XCTAssertThrowsError(try Simulator(net, options: Self.float64)) { error in
      XCTAssertTrue("\(error)".contains("a -> q -> p -> a") || "\(error)".contains("p -> a -> q -> p"), "\(error)")
      XCTAssertTrue("\(error)".contains("without a synapse"), "\(error)")
    }
    // A synapse anywhere on the loop orders it.
    var ok = Network(seed: 0)
    let b = try ok.add(Ensemble(nNeurons: 5, dimensions: 1, label: "b"))
    let r = try ok.add(Node(passthrough: 1, label: "r"))
    try ok.connect(.ensemble(b), .node(r), synapse: nil)
    try ok.connect(.node(r), .ensemble(b), synapse: .lowpass(0.01))
    XCTAssertNoThrow(try Simulator(ok, options: Self.float64))
  }

  func testModel_RefusesWhatNengoRefuses() throws {
    var net = Network(seed: 0)
    let source = try net.add(Node(constant: [1], label: "source"))
    let clock = try net.add(Node(label: "clock") { t in [t] })
    let d = try net.add(Ensemble(nNeurons: 3, dimensions: 1, neuronType: .direct, label: "d"))
    XCTAssertThrowsError(try net.connect(.node(source), .node(clock))) {
      XCTAssertTrue("\($0)".contains("clock") && "\($0)".contains("takes no input"), "\($0)")
    }
    XCTAssertThrowsError(try net.connect(.node(source), .neurons(d))) {
      XCTAssertTrue("\($0)".contains("Direct"), "\($0)")
    }
    XCTAssertThrowsError(try net.probe(.neurons(d))) { XCTAssertTrue("\($0)".contains("Direct"), "\($0)") }
    XCTAssertThrowsError(try net.add(Node(passthrough: 0, label: "empty"))) {
      XCTAssertTrue("\($0)".contains("empty"), "\($0)")
    }
    XCTAssertThrowsError(try net.probe(.node(source), sampleEvery: 0)) {
      XCTAssertTrue("\($0)".contains("sample_every"), "\($0)")
    }
  }

  // MARK: - Per example, whatever the batch

  /// `f(t, x)` sees each example's own input: `x * t` with inputs 1, 2, 3.
  func testNodeFunction_SeesEachExamplesInput() throws {
    var net = Network(seed: 0)
    let stim = try net.add(Node(size: 1, label: "stim"))
    let f = try net.add(Node(sizeIn: 1, sizeOut: 1, label: "f") { t, x in [x[0] * t] })
    try net.connect(.node(stim), .node(f), transform: .scalar(2), synapse: nil)
    let probe = try net.probe(.node(f))
    let sim = try Simulator(net, dt: 0.001, batchSize: 3, seed: 1, threads: 2, options: Self.float64)
    try sim.setInput(stim, values: [1, 2, 3])
    try sim.run(steps: 4)
    let data = sim.data(probe)
    for b in 0..<3 {
      for k in 0..<4 {
        XCTAssertEqual(data.double(b, k, 0), 2 * Double(b + 1) * Double(k + 1) * 0.001, accuracy: 1e-15)
      }
    }
  }

  /// A WhiteSignal node: each example draws its own signal, the same in any batch, at any
  /// position and on any thread count; two examples differ.
  func testWhiteSignalNode_PerExample_IndependentOfBatch() throws {
    var net = Network(seed: 0)
    let noise = try net.add(
      Node(process: .whiteSignal(WhiteSignal(period: 0.5, high: 10, rms: 0.5)), label: "noise"))
    let probe = try net.probe(.node(noise))
    func run(batch: Int, ids: [UInt64], threads: Int) throws -> [[Double]] {
      let sim = try Simulator(net, dt: 0.001, batchSize: batch, seed: 7, threads: threads, options: Self.float64)
      sim.reset(exampleIDs: ids)
      try sim.run(steps: 200)
      let d = sim.data(probe)
      return (0..<ids.count).map { b in (0..<200).map { d.double(b, $0, 0) } }
    }
    let four = try run(batch: 4, ids: [0, 1, 2, 3], threads: 2)
    let alone = try run(batch: 1, ids: [2], threads: 1)
    XCTAssertEqual(four[2], alone[0])
    XCTAssertNotEqual(four[0], four[1])
    XCTAssertGreaterThan(four[0].map(abs).max() ?? 0, 0.1)
  }

  /// A sink node (`sizeOut` 0, Nengo's output callback) sees every example's input at
  /// every step: called once per example and step, with this step's values.
  func testSinkNode_CalledPerExampleAndStep() throws {
    let seen = Mutex<[String]>([])
    var net = Network(seed: 0)
    let stim = try net.add(Node(size: 1, label: "stim"))
    let sink = try net.add(
      Node(sizeIn: 1, sizeOut: 0, label: "sink") { t, x in
        seen.withLock { $0.append("\(Int((t * 1000).rounded())):\(x[0])") }
        return []
      })
    try net.connect(.node(stim), .node(sink), synapse: nil)
    let sim = try Simulator(net, dt: 0.001, batchSize: 2, seed: 1, threads: 2, options: Self.float64)
    try sim.setInput(stim, values: [5, 7])
    try sim.run(steps: 3)
    XCTAssertEqual(seen.withLock { $0.sorted() }, ["1:5.0", "1:7.0", "2:5.0", "2:7.0", "3:5.0", "3:7.0"])
  }

  /// A Direct ensemble before a LIF one: its value is its input, exactly, in the same
  /// step; the LIF ensemble's neurons are still its own (populations skip Direct ones).
  func testDirectEnsemble_OutputIsItsInput_OthersKeepTheirNeurons() throws {
    var net = Network(seed: 0)
    let stim = try net.add(Node(constant: [0.3, -0.2], label: "stim"))
    let x = try net.add(Ensemble(nNeurons: 50, dimensions: 2, neuronType: .direct, label: "x"))
    let a = try net.add(Ensemble(nNeurons: 7, dimensions: 1, label: "a"))
    try net.connect(.node(stim), .ensemble(x), transform: .scalar(2), synapse: nil)
    try net.connect(.ensemble(x), .ensemble(a), function: ConnectionFunction { v in [v[0] * v[1]] })
    let value = try net.probe(.ensemble(x))
    let voltage = try net.probe(.neurons(a), attribute: .voltage)
    let sim = try Simulator(net, dt: 0.001, options: Self.float64)
    try sim.run(steps: 3)
    XCTAssertEqual(sim.output(of: x).values, [0.6, -0.4].map(Float.init))
    XCTAssertEqual(sim.output(of: a).cols, 7)
    XCTAssertEqual(sim.data(value).double(0, 0, 0), 0.6, accuracy: 1e-15)
    XCTAssertEqual(sim.data(voltage).size, 7)
  }

  // MARK: - Sampled probes

  /// Nengo's rule with a period of 2.5 steps keeps steps 3, 5, 8, 10, ... (n mod 2.5 < 1),
  /// the same across runs continued in pieces; a sum probe sums only those steps.
  func testSampleEvery_KeepsNengosSteps_AcrossRunsAndInSums() throws {
    var net = Network(seed: 0)
    let clock = try net.add(Node(label: "clock") { t in [t] })
    let every = try net.probe(.node(clock))
    let sampled = try net.probe(.node(clock), sampleEvery: 0.0025)
    let summed = try net.probe(.node(clock), mode: .sum, sampleEvery: 0.0025)
    let sim = try Simulator(net, dt: 0.001, options: Self.float64)
    try sim.run(steps: 7)
    try sim.run(steps: 13)
    let kept = (1...20).filter { Double($0).truncatingRemainder(dividingBy: 2.5) < 1 }
    XCTAssertEqual(kept.prefix(4), [3, 5, 8, 10])
    let all = sim.data(every)
    let s = sim.data(sampled)
    XCTAssertEqual(s.steps, kept.count)
    for (row, step) in kept.enumerated() { XCTAssertEqual(s.double(0, row, 0), all.double(0, step - 1, 0)) }
    XCTAssertEqual(
      sim.data(summed).double(0, 0, 0), kept.map { Double($0) * 0.001 }.reduce(0, +), accuracy: 1e-15)
  }
}
