import Foundation
import SwiftSNN
import XCTest

/// NEF networks in the network file: closures stored as their values at the eval points,
/// every solver with its parameters, eval points; a saved-then-loaded network solves for
/// the same decoders and simulates the same traces as the original, bit for bit in float64.
final class NetworkFileNEFTests: XCTestCase {
  /// stim -> a (1-D) -> b (x^2, LstsqL2nz) and -> c (2-D, radius 1.5, a matrix transform),
  /// c -> b.neurons (x0 * x1 through a pre slice, Lstsq with weights) and c -> d (NoSolver
  /// decoders), a -> d with LstsqL2(weights: true); decoded probes of b, c and d.
  static func nef(seed: UInt64? = 3) throws -> (Network, input: NodeID) {
    var net = Network(seed: seed, label: "nef")
    let stim = try net.add(Node(size: 1, label: "stim"))
    let a = try net.add(Ensemble(nNeurons: 40, dimensions: 1, label: "a"))
    let b = try net.add(Ensemble(nNeurons: 30, dimensions: 1, label: "b"))
    let c = try net.add(Ensemble(nNeurons: 50, dimensions: 2, radius: 1.5, label: "c"))
    let d = try net.add(
      Ensemble(
        nNeurons: 20, dimensions: 1, evalPoints: try DoubleMatrix((0..<60).map { [Double($0) / 30 - 1] }), label: "d"))
    try net.connect(.node(stim), .ensemble(a))
    try net.connect(
      .ensemble(a), .ensemble(b), synapse: .lowpass(0.005), label: "square",
      function: ConnectionFunction { x in [x[0] * x[0]] }, solver: .lstsqL2nz(reg: 0.05))
    try net.connect(
      .ensemble(a), .ensemble(c), transform: .matrix(try DoubleMatrix([[1], [-0.5]])), synapse: .lowpass(0.01))
    try net.connect(
      .ensemble(c), .neurons(b), transform: .matrix(try DoubleMatrix((0..<30).map { [Double($0 % 3) - 1] })),
      synapse: .lowpass(0.005), label: "product", preSlice: [1, 0],
      function: ConnectionFunction { x in [x[0] * x[1]] }, solver: .lstsq(rcond: 0.02))
    let fixedRows: [[Double]] = (0..<50).map { i in
      let x = Double(i % 7) / 700
      let y = Double(i % 5) / 500
      return [x - 0.004, y - 0.004]
    }
    let fixed = try DoubleMatrix(fixedRows)
    try net.connect(
      .ensemble(c), .ensemble(d), transform: .matrix(try DoubleMatrix([[1, -1]])), synapse: .alpha(0.004),
      label: "fixed", solver: .noSolver(values: fixed))
    try net.connect(
      .ensemble(a), .ensemble(d), synapse: .lowpass(0.005), label: "cube",
      function: ConnectionFunction { x in [x[0] * x[0] * x[0]] }, solver: .lstsqL2(reg: 0.2, weights: true))
    try net.probe(.ensemble(b), synapse: .lowpass(0.01), label: "b")
    try net.probe(.ensemble(c), synapse: .lowpass(0.01), label: "c")
    try net.probe(.ensemble(d), synapse: .lowpass(0.01), label: "d")
    try net.probe(.neurons(b), label: "b_spikes")
    return (net, stim)
  }

  private func saveAndLoad(_ net: Network, inlineLimit: Int = NetworkFile.defaultInlineLimit) throws -> (
    Network, text: String
  ) {
    try InteropFixtures.withTemporaryDirectory { dir in
      let url = dir.appendingPathComponent("nef.json")
      try NetworkFile.save(NetworkDocument(network: net), to: url, inlineLimit: inlineLimit)
      return (try NetworkFile.load(url: url).network, try String(contentsOf: url, encoding: .utf8))
    }
  }

  /// Every probe's trace over 300 steps of a sine input, per probe label.
  private func traces(_ net: Network, input: NodeID, precision: Precision = .float64) throws -> [String: [Double]] {
    let sim = try Simulator(net, dt: 0.001, batchSize: 2, threads: 1, options: EngineOptions(precision: precision))
    let steps = 300
    var values: [Double] = []
    for b in 0..<2 {
      for k in 0..<steps { values.append(1.2 * sin(2 * Double.pi * Double(k) / Double(steps) + Double(b))) }
    }
    try sim.setInput(input, sequence: values, steps: steps)
    try sim.run(steps: steps)
    var out: [String: [Double]] = [:]
    let handles = try NetworkHandles(net)
    for (k, p) in net.probes.enumerated() {
      let data = sim.data(handles.probes[k])
      out[p.label] = precision == .float64 ? data.doubleValues : data.values.map(Double.init)
    }
    return out
  }

  /// The built connection weights (decoders times transform, or the full weights), per
  /// connection.
  private func weights(_ net: Network) throws -> [[Double]] {
    try Builder.build(net, dt: 0.001, precision: .float64).kernel.connections.map { c in
      switch c.weights {
      case .elementwise(let w), .rows(let w): w
      }
    }
  }

  func testSaveLoad_NEFNetwork_SameDecodersAndTracesInFloat64() throws {
    let (net, input) = try Self.nef()
    for limit in [NetworkFile.defaultInlineLimit, 0, 100_000] {  // .npz, everything in it, all inline
      let (loaded, text) = try saveAndLoad(net, inlineLimit: limit)
      XCTAssertTrue(text.contains("\"version\": 2"), text)
      XCTAssertEqual(try weights(loaded), try weights(net), "inline limit \(limit)")
      let expected = try traces(net, input: input)
      let actual = try traces(loaded, input: input)
      for label in ["b", "c", "d", "b_spikes"] {
        XCTAssertEqual(actual[label], expected[label], "\(label), inline limit \(limit)")
        XCTAssertTrue(expected[label]?.contains { $0 != 0 } ?? false, "\(label) is silent: the test proves nothing")
      }
    }
    // float32 rounds the same stored numbers the same way.
    let (loaded, _) = try saveAndLoad(net)
    XCTAssertEqual(
      try traces(loaded, input: input, precision: .float32), try traces(net, input: input, precision: .float32))
  }

  func testSaveLoad_ClosureBecomesItsValuesAtTheStoredEvalPoints() throws {
    let (net, _) = try Self.nef()
    let (loaded, _) = try saveAndLoad(net)
    let seed = try XCTUnwrap(net.seed)
    // a's default eval points (what the builder draws) are stored with it; d keeps its own.
    let a = try NetworkHandles(net).ensembles[0]
    let points = try net.evalPoints(of: a, seed: seed)
    XCTAssertEqual(points.rows, 750)  // Nengo's default count for 40 neurons, 1-D
    XCTAssertEqual(loaded.ensembles[0].evalPoints, points)
    XCTAssertEqual(loaded.ensembles[3].evalPoints, net.ensembles[3].evalPoints)
    XCTAssertNil(loaded.ensembles[1].evalPoints, "b is no decoded pre: nothing to store")
    guard case .values(let square) = loaded.connections[1].function else {
      return XCTFail("square: \(loaded.connections[1].function)")
    }
    XCTAssertEqual(square.cols, 1)
    XCTAssertEqual(square.values, points.values.map { $0 * $0 })
    // c's points are scaled by its radius 1.5; the product reads them through the pre slice [1, 0].
    let cPoints = try XCTUnwrap(loaded.ensembles[2].evalPoints)
    XCTAssertEqual(cPoints.values.map(abs).max() ?? 0, 1.5, accuracy: 0.1)
    guard case .values(let product) = loaded.connections[3].function else { return XCTFail("product") }
    XCTAssertEqual(product.values, (0..<cPoints.rows).map { cPoints[$0, 1] * cPoints[$0, 0] })
    // Everything but the closures round-trips as it was.
    XCTAssertEqual(loaded.connections.map(\.solver), net.connections.map(\.solver))
    XCTAssertEqual(loaded.connections.map(\.preSlice), net.connections.map(\.preSlice))
    XCTAssertEqual(loaded.connections.map(\.transform), net.connections.map(\.transform))
    XCTAssertEqual(loaded.connections.map(\.synapse), net.connections.map(\.synapse))
    XCTAssertEqual(loaded.probes, net.probes)
  }

  func testSaveLoad_ValuesFunctionsAndEveryNonClosureField_RoundTripExactly() throws {
    var net = Network(seed: 5)
    let a = try net.add(
      Ensemble(nNeurons: 4, dimensions: 1, evalPoints: try DoubleMatrix([[-0.5], [0], [0.25], [0.9]]), label: "a"))
    let b = try net.add(Ensemble(nNeurons: 3, dimensions: 1, label: "b"))
    try net.connect(
      .ensemble(a), .ensemble(b), synapse: nil, label: "v",
      function: .values(try DoubleMatrix([[1, 0.5], [0, 1], [0.1, 1e-9], [2, 3]])),
      solver: .lstsqL2nz(reg: 0.3, weights: true))
    try net.connect(
      .ensemble(a), .neurons(b), transform: .matrix(try DoubleMatrix([[2], [1], [0]])), synapse: .lowpass(0.1),
      solver: .noSolver())
    try net.connect(.ensemble(a), .ensemble(b), synapse: .alpha(0.01), solver: .lstsq(rcond: 0.001))
    let (loaded, _) = try saveAndLoad(net)
    XCTAssertEqual(loaded, net)
  }

  func testSave_NetworkWithoutNEFFields_StaysVersion1() throws {
    var net = Network(seed: 1)
    let n = try net.add(Node(size: 2, label: "in"))
    let a = try net.add(Ensemble(nNeurons: 2, dimensions: 1, label: "a"))
    try net.connect(.node(n), .neurons(a), transform: .vector([1, 1]))
    let (loaded, text) = try saveAndLoad(net)
    XCTAssertTrue(text.contains("\"version\": 1"), text)
    XCTAssertEqual(loaded, net)
  }

  func testSave_TimeFunctionNode_RefusedSayingWhatToUseInstead() throws {
    var net = Network(seed: 1)
    try net.add(Node(label: "clock") { t in [t] })
    try InteropFixtures.withTemporaryDirectory { dir in
      let url = dir.appendingPathComponent("net.json")
      XCTAssertThrowsError(try NetworkFile.save(NetworkDocument(network: net), to: url)) { error in
        for fragment in ["net.json", "clock", "function of time", "process", "input node", "--input"] {
          XCTAssertTrue("\(error)".contains(fragment), "\(error) lacks \(fragment)")
        }
      }
      XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
    }
  }

  func testSave_ClosureThatCannotBeSampled_NamesTheConnection() throws {
    var net = Network(seed: 1)
    let a = try net.add(Ensemble(nNeurons: 4, dimensions: 1, label: "a"))
    try net.connect(
      .ensemble(a), .ensemble(a), synapse: .lowpass(0.1), label: "blowup",
      function: ConnectionFunction { x in [x[0] > 0.5 ? .nan : x[0]] })
    try InteropFixtures.withTemporaryDirectory { dir in
      let url = dir.appendingPathComponent("net.json")
      XCTAssertThrowsError(try NetworkFile.save(NetworkDocument(network: net), to: url)) { error in
        for fragment in ["net.json", "blowup", "function returned nan"] {
          XCTAssertTrue("\(error)".contains(fragment), "\(error) lacks \(fragment)")
        }
      }
    }
  }
}

// MARK: - Nodes, Direct ensembles, sample_every

extension NetworkFileNEFTests {
  /// Every process kind in a process node, a passthrough node fed by a decoded connection
  /// and a node, a Direct ensemble, and probes with sample_every: an equal network after
  /// save and load, which simulates identically.
  static func graph() throws -> Network {
    var net = Network(seed: 9, label: "graph")
    let present = try net.add(
      Node(
        process: .presentInput(
          PresentInput(inputs: try DoubleMatrix([[0.5, -0.5], [1, 0.25]]), presentationTime: 0.05)),
        label: "present"))
    let piece = try net.add(
      Node(
        process: .piecewise(try Piecewise([0: [0.2], 0.1: [-0.7], 0.15: [0.4]], interpolation: .linear)), label: "piece"
      ))
    let white = try net.add(
      Node(process: .whiteSignal(WhiteSignal(period: 1, high: 5, rms: 0.3, y0: 0.1, size: 2)), label: "white"))
    let sum = try net.add(Node(passthrough: 2, label: "sum"))
    let a = try net.add(Ensemble(nNeurons: 30, dimensions: 2, label: "a"))
    let d = try net.add(Ensemble(nNeurons: 1, dimensions: 2, neuronType: .direct, label: "d"))
    try net.connect(.node(present), .ensemble(a))
    try net.connect(.node(white), .ensemble(a), synapse: nil)
    try net.connect(.node(piece), .node(sum), transform: .matrix(try DoubleMatrix([[1], [-1]])))
    try net.connect(.ensemble(a), .node(sum), synapse: .lowpass(0.01))
    try net.connect(.node(sum), .ensemble(d))
    try net.probe(.node(sum), label: "sum")
    try net.probe(.ensemble(d), synapse: .lowpass(0.01), label: "d", sampleEvery: 0.005)
    try net.probe(.neurons(a), mode: .sum, label: "a_counts")
    return net
  }

  func testSaveLoad_ProcessAndPassthroughNodesDirectAndSampleEvery_EqualAndSameTraces() throws {
    let net = try Self.graph()
    for limit in [NetworkFile.defaultInlineLimit, 0] {
      let (loaded, text) = try saveAndLoad(net, inlineLimit: limit)
      XCTAssertEqual(loaded, net, "inline limit \(limit)")
      XCTAssertTrue(text.contains("\"version\": 2"))
      let run = { (n: Network) throws -> [[Double]] in
        let sim = try Simulator(n, dt: 0.001, batchSize: 2, threads: 1, options: EngineOptions(precision: .float64))
        try sim.run(steps: 200)
        let handles = try NetworkHandles(n)
        return handles.probes.map { sim.data($0).doubleValues }
      }
      let expected = try run(net)
      XCTAssertEqual(try run(loaded), expected)
      XCTAssertTrue(expected.allSatisfy { $0.contains { $0 != 0 } }, "a silent probe proves nothing")
    }
  }
}
