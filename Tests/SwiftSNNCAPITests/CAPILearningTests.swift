import SwiftSNN
import XCTest

@testable import SwiftSNNCAPI

/// Learning rules through the C API (`snn_network_set_learning_rule`, endpoint kind 3): the
/// same network described in C and in Swift learns the same weights, and every misuse comes
/// back as a status and a message naming the connection.
final class CAPILearningTests: XCTestCase {
  private let n = 8
  private let steps = 60
  private lazy var gain: [Double] = (0..<n).map { 1.5 + 0.25 * Double($0) }
  private lazy var bias: [Double] = (0..<n).map { 0.5 + 0.1 * Double($0) }
  private lazy var weights: [Double] = (0..<n).map { Double(($0 * 7) % 11) / 11 - 0.3 }

  private func lastError() -> String { snn_last_error().map { String(cString: $0) } ?? "" }

  private func check(_ status: Int32, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(status, 0, lastError(), file: file, line: line)
  }

  private func read(_ sim: UnsafeMutableRawPointer?, _ probe: Int64) -> [Double] {
    var (batch, steps, size): (Int64, Int64, Int64) = (0, 0, 0)
    check(snn_simulator_probe_shape(sim, probe, &batch, &steps, &size))
    var out = [Double](repeating: .nan, count: Int(batch * steps * size))
    check(snn_simulator_read_probe(sim, probe, &out, Int64(out.count)))
    return out
  }

  /// in (0.7) -> a (x2); a.neurons -> b (1 x n matrix, Lowpass 5 ms) learning with
  /// PES(1e-3, pre Lowpass 10 ms); err (0.4) -> the rule. Probes: the rule's weights and
  /// activities, b's neurons.
  private func swiftRun() throws -> [[Double]] {
    var net = Network(seed: 3)
    let input = try net.add(Node(constant: [0.7], label: "in"))
    let error = try net.add(Node(constant: [0.4], label: "err"))
    let a = try net.add(
      Ensemble(nNeurons: n, dimensions: 1, neuronType: .lif, gain: gain, bias: bias, label: "a"))
    let b = try net.add(
      Ensemble(nNeurons: n, dimensions: 1, neuronType: .lif, gain: gain, bias: bias, label: "b"))
    try net.connect(.node(input), .ensemble(a), transform: .scalar(2), synapse: nil)
    let k = try net.connect(
      .neurons(a), .ensemble(b), transform: .matrix(try DoubleMatrix(rows: 1, cols: n, values: weights)),
      synapse: .lowpass(0.005), learningRule: .pes(PES(learningRate: 1e-3, preSynapse: .lowpass(0.01))))
    try net.connect(.node(error), .learningRule(k), synapse: nil)
    let probes = [
      try net.probe(.learningRule(k), attribute: .weights), try net.probe(.learningRule(k), attribute: .activities),
      try net.probe(.neurons(b)),
    ]
    let sim = try Simulator(
      net, dt: 0.001, batchSize: 1, seed: 9, threads: 1, options: EngineOptions(precision: .float64))
    try sim.run(steps: steps)
    return probes.map { sim.data($0).doubleValues }
  }

  private func cNetwork() throws -> (UnsafeMutableRawPointer, learning: Int64) {
    var net: UnsafeMutableRawPointer?
    var index: Int64 = -1
    let lif = [0.02, 0.002, 0, 1]
    check(snn_network_create(3, "net", &net))
    check(snn_network_add_node(net, "in", 1, [0.7], &index))
    check(snn_network_add_node(net, "err", 1, [0.4], &index))
    for name in ["a", "b"] {
      check(
        snn_network_add_ensemble(
          net, name, Int64(n), 1, "LIF", lif, 4, nil, 1, gain, bias, nil, 1, nil, nil, &index))
    }
    check(snn_network_connect(net, 0, 0, 1, 0, 0, [2], 1, 0, 0, nil, &index))
    var k: Int64 = -1
    check(snn_network_connect(net, 2, 0, 1, 1, 2, weights, Int64(n), 1, 0.005, nil, &k))
    XCTAssertEqual(k, 1)
    check(snn_network_set_learning_rule(net, k, "PES", [1e-3], 1, [1], [0.01], 1))
    check(snn_network_connect(net, 0, 1, 3, k, 0, [1], 1, 0, 0, nil, &index))
    check(snn_network_probe(net, 3, k, "weights", 0, 0, nil, &index))
    check(snn_network_probe(net, 3, k, "activities", 0, 0, nil, &index))
    check(snn_network_probe(net, 2, 1, "output", 0, 0, nil, &index))
    return (try XCTUnwrap(net), k)
  }

  func testPES_NeuronsIntoEnsemble_EqualsSwiftAPI() throws {
    let expected = try swiftRun()
    let (cnet, _) = try cNetwork()
    defer { snn_network_free(cnet) }
    var csim: UnsafeMutableRawPointer?
    check(snn_simulator_create(cnet, 0.001, 1, 9, 1, 64, &csim))
    defer { snn_simulator_free(csim) }
    check(snn_simulator_run(csim, Int64(steps)))
    for (i, values) in expected.enumerated() {
      XCTAssertEqual(read(csim, Int64(i)), values, "probe \(i)")
    }
    // The weights learned: the last step's differ from the first's.
    let w = expected[0]
    XCTAssertEqual(w.count, steps * n)
    XCTAssertNotEqual(Array(w.prefix(n)), Array(w.suffix(n)))
    XCTAssertTrue(expected[1].contains { $0 != 0 }, "the activities probe recorded something")
  }

  func testErrors_BadRulesAndEndpoints_StatusAndMessage() throws {
    let (cnet, k) = try cNetwork()
    defer { snn_network_free(cnet) }
    var index: Int64 = -1
    XCTAssertEqual(snn_network_set_learning_rule(cnet, k, "Hebb", [1], 1, nil, nil, 0), 3)
    XCTAssertTrue(lastError().contains("learning rule 'Hebb' is not PES, RLS, BCM, Oja or Voja"), lastError())
    XCTAssertEqual(snn_network_set_learning_rule(cnet, k, "PES", [1, 2], 2, [1], [0.01], 1), 3)
    XCTAssertTrue(lastError().contains("PES takes 1 parameters and 1 synapses, got 2 and 1"), lastError())
    XCTAssertEqual(snn_network_set_learning_rule(cnet, k, "PES", [1e-3], 1, [7], [0.01], 1), 3)
    XCTAssertTrue(lastError().contains("synapse kind 7"), lastError())
    // BCM learns weights between neurons; this connection goes into b's vector space.
    XCTAssertEqual(snn_network_set_learning_rule(cnet, k, "BCM", [1e-9], 1, [1, 1, 1], [0.005, 0.005, 1], 3), 1)
    XCTAssertTrue(lastError().contains("can only be applied on connections to neurons"), lastError())
    XCTAssertEqual(snn_network_set_learning_rule(cnet, 99, "PES", [1e-3], 1, [1], [0.01], 1), 3)
    XCTAssertTrue(lastError().contains("connection #99 is not in this network"), lastError())
    // Connection 0 (in -> a) has no rule to connect into or probe.
    XCTAssertEqual(snn_network_connect(cnet, 0, 1, 3, 0, 0, [1], 1, 0, 0, nil, &index), 3)
    XCTAssertTrue(lastError().contains("connection #0 has no learning rule"), lastError())
    XCTAssertEqual(snn_network_probe(cnet, 3, 0, "weights", 0, 0, nil, &index), 3)
    XCTAssertEqual(snn_network_probe(cnet, 3, k, "inv_gamma", 0, 0, "g", &index), 1)
    XCTAssertTrue(lastError().contains("only an RLS rule has inv_gamma"), lastError())
    // A rejected rule leaves the connection's PES in place.
    var csim: UnsafeMutableRawPointer?
    check(snn_simulator_create(cnet, 0.001, 1, 9, 1, 64, &csim))
    snn_simulator_free(csim)
  }

  /// in (0.7) -> a; a -> b as full weights `scaled_encoders(b) · Dᵀ` of given decoders `D`
  /// (Nengo's weight solver), learning with BCM. Probes: the weights, b's neurons.
  func testDecoders_FullWeightsWithBCM_EqualsSwiftAPI() throws {
    let decoders = (0..<n).map { Double(($0 * 3) % 7) / 700 - 0.004 }
    let bcm = BCM(learningRate: 1e-6, preSynapse: .lowpass(0.005), thetaSynapse: .lowpass(0.1))
    var net = Network(seed: 3)
    let input = try net.add(Node(constant: [0.7], label: "in"))
    let a = try net.add(Ensemble(nNeurons: n, dimensions: 1, neuronType: .lif, gain: gain, bias: bias, label: "a"))
    let b = try net.add(Ensemble(nNeurons: n, dimensions: 1, neuronType: .lif, gain: gain, bias: bias, label: "b"))
    try net.connect(.node(input), .ensemble(a), transform: .scalar(2), synapse: nil)
    let k = try net.connect(
      .ensemble(a), .ensemble(b), synapse: .lowpass(0.005), label: "w", function: ConnectionFunction { _ in [0] },
      solver: .noSolver(values: try DoubleMatrix(rows: n, cols: 1, values: decoders), weights: true),
      learningRule: .bcm(bcm))
    let probes = [try net.probe(.learningRule(k), attribute: .weights), try net.probe(.neurons(b))]
    let sim = try Simulator(
      net, dt: 0.001, batchSize: 1, seed: 9, threads: 1, options: EngineOptions(precision: .float64))
    try sim.run(steps: steps)

    var cnet: UnsafeMutableRawPointer?
    var index: Int64 = -1
    check(snn_network_create(3, "net", &cnet))
    defer { snn_network_free(cnet) }
    check(snn_network_add_node(cnet, "in", 1, [0.7], &index))
    for name in ["a", "b"] {
      check(
        snn_network_add_ensemble(
          cnet, name, Int64(n), 1, "LIF", [0.02, 0.002, 0, 1], 4, nil, 1, gain, bias, nil, 1, nil, nil, &index))
    }
    check(snn_network_connect(cnet, 0, 0, 1, 0, 0, [2], 1, 0, 0, nil, &index))
    XCTAssertEqual(snn_network_connect_decoders(cnet, 0, 1, 1, decoders, 2, 1, 1, 0.005, "w", &index), 3)
    XCTAssertTrue(lastError().contains("w: the decoders' size 2 is not the post's input size 1"), lastError())
    XCTAssertEqual(snn_network_connect_decoders(cnet, 0, 2, 1, decoders, Int64(n), 1, 1, 0.005, "w", &index), 3)
    XCTAssertTrue(lastError().contains("full weights (weights != 0) go into an ensemble"), lastError())
    check(snn_network_connect_decoders(cnet, 0, 1, 1, decoders, 1, 1, 1, 0.005, "w", &index))
    XCTAssertEqual(index, Int64(k))
    check(snn_network_set_learning_rule(cnet, index, "BCM", [1e-6], 1, [1, 1, 1], [0.005, 0.005, 0.1], 3))
    check(snn_network_probe(cnet, 3, index, "weights", 0, 0, nil, &index))
    check(snn_network_probe(cnet, 2, 1, "output", 0, 0, nil, &index))
    var csim: UnsafeMutableRawPointer?
    check(snn_simulator_create(cnet, 0.001, 1, 9, 1, 64, &csim))
    defer { snn_simulator_free(csim) }
    check(snn_simulator_run(csim, Int64(steps)))
    for (i, p) in probes.enumerated() {
      XCTAssertEqual(read(csim, Int64(i)), sim.data(p).doubleValues, "probe \(i)")
    }
    let w = sim.data(probes[0]).doubleValues
    XCTAssertEqual(w.count, steps * n * n)
    XCTAssertNotEqual(Array(w.prefix(n * n)), Array(w.suffix(n * n)), "BCM changed the weights")
  }
}
