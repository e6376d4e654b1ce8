import SwiftSNN
import XCTest

@testable import SwiftSNNCAPI

/// The C API drives the same engine as the Swift API: a network described through the
/// `snn_*` functions runs to exactly the numbers of the same network written in Swift, and
/// every failure comes back as a status and a message, never a crash.
final class CAPITests: XCTestCase {
  private let float64 = EngineOptions(precision: .float64)
  private let n = 6
  private let steps = 40
  private lazy var gain: [Double] = (0..<n).map { 1.5 + 0.25 * Double($0) }
  private lazy var bias: [Double] = (0..<n).map { 0.5 + 0.1 * Double($0) }
  private lazy var voltage: [Double] = (0..<n).map { Double($0) / Double(n) }
  private lazy var weights: [Double] = (0..<(n * n)).map { Double(($0 * 7) % 11) / 11 - 0.3 }
  private lazy var input: [Double] = (0..<(2 * steps * n)).map { Double(($0 * 5) % 13) / 13 }

  // MARK: - Fixtures

  /// input node -> a.neurons (LIF, transform 2) -> b.neurons (LIFRate, matrix, Lowpass);
  /// probes: b's output, a's voltage, b's input filtered by Alpha.
  private func swiftNetwork() throws -> (Network, NodeID, [ProbeID]) {
    var net = Network(seed: 3)
    let node = try net.add(Node(size: n, label: "in"))
    let a = try net.add(
      Ensemble(
        nNeurons: n, dimensions: 1, neuronType: .lif, gain: gain, bias: bias,
        initialVoltage: .values(voltage), label: "a"))
    let b = try net.add(
      Ensemble(nNeurons: n, dimensions: 1, neuronType: .lifRate, gain: gain, bias: bias, label: "b"))
    try net.connect(.node(node), .neurons(a), transform: .scalar(2), synapse: nil)
    try net.connect(
      .neurons(a), .neurons(b), transform: .matrix(try DoubleMatrix(rows: n, cols: n, values: weights)),
      synapse: .lowpass(0.005))
    let probes = [
      try net.probe(.neurons(b)), try net.probe(.neurons(a), attribute: .voltage),
      try net.probe(.neurons(b), attribute: .input, synapse: .alpha(0.01)),
    ]
    return (net, node, probes)
  }

  private func check(_ status: Int32, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(status, 0, lastError(), file: file, line: line)
  }

  private func cNetwork() throws -> UnsafeMutableRawPointer {
    var net: UnsafeMutableRawPointer?
    var index: Int64 = -1
    check(snn_network_create(3, "net", &net))
    check(snn_network_add_node(net, "in", Int64(n), nil, &index))
    XCTAssertEqual(index, 0)
    let lif = [0.02, 0.002, 0, 1]
    let lifRate = [0.02, 0.002, 1]
    check(
      snn_network_add_ensemble(net, "a", Int64(n), 1, "LIF", lif, 4, nil, 1, gain, bias, nil, 1, voltage, nil, &index))
    check(
      snn_network_add_ensemble(
        net, "b", Int64(n), 1, "LIFRate", lifRate, 3, nil, 1, gain, bias, nil, 1, nil, nil, &index))
    XCTAssertEqual(index, 1)
    check(snn_network_connect(net, 0, 0, 2, 0, 0, [2], 1, 0, 0, nil, &index))
    check(snn_network_connect(net, 2, 0, 2, 1, 2, weights, Int64(n * n), 1, 0.005, nil, &index))
    check(snn_network_probe(net, 2, 1, "output", 0, 0, nil, &index))
    check(snn_network_probe(net, 2, 0, "voltage", 0, 0, nil, &index))
    check(snn_network_probe(net, 2, 1, "input", 2, 0.01, nil, &index))
    XCTAssertEqual(index, 2)
    return try XCTUnwrap(net)
  }

  private func read(_ sim: UnsafeMutableRawPointer?, _ probe: Int64) -> [Double] {
    var batch: Int64 = 0
    var steps: Int64 = 0
    var size: Int64 = 0
    check(snn_simulator_probe_shape(sim, probe, &batch, &steps, &size))
    var out = [Double](repeating: .nan, count: Int(batch * steps * size))
    check(snn_simulator_read_probe(sim, probe, &out, Int64(out.count)))
    return out
  }

  // MARK: - Same numbers as the Swift API

  func testRun_SequenceInputOverTwoCalls_EqualsSwiftAPI() throws {
    let (net, node, probes) = try swiftNetwork()
    let sim = try Simulator(net, dt: 0.001, batchSize: 2, seed: 9, threads: 1, options: float64)
    try sim.setInput(node, sequence: input, steps: steps)
    try sim.run(steps: steps)

    let cnet = try cNetwork()
    defer { snn_network_free(cnet) }
    var csim: UnsafeMutableRawPointer?
    check(snn_simulator_create(cnet, 0.001, 2, 9, 1, 64, &csim))
    defer { snn_simulator_free(csim) }
    // The same sequence given in two halves, one per run call.
    let half = steps / 2
    for part in 0..<2 {
      var values: [Double] = []
      for b in 0..<2 {
        let from = (b * steps + part * half) * n
        values += input[from..<(from + half * n)]
      }
      check(snn_simulator_set_input_sequence(csim, 0, values, Int64(values.count), Int64(half)))
      check(snn_simulator_run(csim, Int64(half)))
    }
    XCTAssertEqual(snn_simulator_steps(csim), Int64(steps))
    for (i, p) in probes.enumerated() {
      let expected = sim.data(p).doubleValues
      XCTAssertEqual(read(csim, Int64(i)), expected, "probe \(i)")
      XCTAssertTrue(expected.contains { $0 != 0 }, "probe \(i) recorded something")
    }
  }

  func testRun_Float32_EqualsSwiftAPIInFloat32() throws {
    let (net, node, probes) = try swiftNetwork()
    let sim = try Simulator(net, dt: 0.001, batchSize: 2, seed: 9, threads: 1)
    try sim.setInput(node, sequence: input.map { Float($0) }, steps: steps)
    try sim.run(steps: steps)
    let cnet = try cNetwork()
    defer { snn_network_free(cnet) }
    var csim: UnsafeMutableRawPointer?
    check(snn_simulator_create(cnet, 0.001, 2, 9, 1, 32, &csim))
    defer { snn_simulator_free(csim) }
    check(snn_simulator_set_input_sequence(csim, 0, input, Int64(input.count), Int64(steps)))
    check(snn_simulator_run(csim, Int64(steps)))
    let values = sim.data(probes[1]).values
    XCTAssertEqual(read(csim, 1), values.map { Double($0) })
    // float32 and float64 runs differ by rounding, not in substance.
    var c64: UnsafeMutableRawPointer?
    check(snn_simulator_create(cnet, 0.001, 2, 9, 1, 64, &c64))
    defer { snn_simulator_free(c64) }
    check(snn_simulator_set_input_sequence(c64, 0, input, Int64(input.count), Int64(steps)))
    check(snn_simulator_run(c64, Int64(steps)))
    let (a, b) = (read(csim, 1), read(c64, 1))
    XCTAssertNotEqual(a, b)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-4) }
  }

  func testRun_NodeFunction_EqualsHeldInputPerStep() throws {
    let (net, node, probes) = try swiftNetwork()
    let sim = try Simulator(net, dt: 0.001, batchSize: 1, seed: 9, threads: 1, options: float64)
    for k in 1...steps {
      try sim.setInput(node, values: (0..<n).map { sin(Double(k) * 0.001 * 50 + Double($0)) })
      try sim.run(steps: 1)
    }
    let cnet = try cNetwork()
    defer { snn_network_free(cnet) }
    var csim: UnsafeMutableRawPointer?
    check(snn_simulator_create(cnet, 0.001, 1, 9, 1, 64, &csim))
    defer { snn_simulator_free(csim) }
    let f: SNNNodeFunction = { t, _, _, out, nout, _ in
      for i in 0..<Int(nout) { out![i] = sin(t * 50 + Double(i)) }
      return 0
    }
    check(snn_simulator_set_function(csim, 0, f, nil))
    check(snn_simulator_run(csim, Int64(steps / 2)))
    check(snn_simulator_run(csim, Int64(steps / 2)))
    XCTAssertEqual(read(csim, 0), sim.data(probes[0]).doubleValues)
    // Sequences limited to 100 values (the run goes in parts, then step by step): the same.
    check(snn_simulator_reset(csim, -1))
    Unmanaged<SimulatorHandle>.fromOpaque(try XCTUnwrap(csim)).takeUnretainedValue().maxSequenceValues = 100
    check(snn_simulator_run(csim, Int64(steps)))
    XCTAssertEqual(read(csim, 0), sim.data(probes[0]).doubleValues)
  }

  func testRun_NodeFunctionIgnoringTime_EqualsHeldInput() throws {
    let cnet = try cNetwork()
    defer { snn_network_free(cnet) }
    var held: UnsafeMutableRawPointer?
    var function: UnsafeMutableRawPointer?
    check(snn_simulator_create(cnet, 0.001, 1, 9, 1, 64, &held))
    check(snn_simulator_create(cnet, 0.001, 1, 9, 1, 64, &function))
    defer {
      snn_simulator_free(held)
      snn_simulator_free(function)
    }
    check(snn_simulator_set_input(held, 0, [Double](repeating: 0.75, count: n), Int64(n)))
    let f: SNNNodeFunction = { _, _, _, out, nout, _ in
      for i in 0..<Int(nout) { out![i] = 0.75 }
      return 0
    }
    check(snn_simulator_set_function(function, 0, f, nil))
    for sim in [held, function] { check(snn_simulator_run(sim, Int64(steps))) }
    for p: Int64 in 0...2 { XCTAssertEqual(read(function, p), read(held, p), "probe \(p)") }
  }

  func testRun_NodeFunctionFailsAtThirdStep_TwoStepsRun() throws {
    let cnet = try cNetwork()
    defer { snn_network_free(cnet) }
    var csim: UnsafeMutableRawPointer?
    check(snn_simulator_create(cnet, 0.001, 1, 9, 1, 64, &csim))
    defer { snn_simulator_free(csim) }
    let f: SNNNodeFunction = { t, _, _, out, nout, _ in
      for i in 0..<Int(nout) { out![i] = 1 }
      return t > 0.0025 ? 1 : 0
    }
    check(snn_simulator_set_function(csim, 0, f, nil))
    XCTAssertEqual(snn_simulator_run(csim, 10), 4)
    XCTAssertTrue(lastError().contains("failed at t = 0.003 s"), lastError())
    XCTAssertEqual(snn_simulator_steps(csim), 2)
  }

  func testReset_SeedZeroAndKept_RepeatTheFirstRun() throws {
    let cnet = try cNetwork()
    defer { snn_network_free(cnet) }
    var csim: UnsafeMutableRawPointer?
    check(snn_simulator_create(cnet, 0.001, 1, 9, 1, 64, &csim))
    defer { snn_simulator_free(csim) }
    let held = [Double](repeating: 0.7, count: n)
    check(snn_simulator_set_input(csim, 0, held, Int64(n)))
    check(snn_simulator_run(csim, 25))
    let first = read(csim, 1)
    for seed: Int64 in [-1, 0] {
      check(snn_simulator_reset(csim, seed))
      XCTAssertEqual(snn_simulator_steps(csim), 0)
      check(snn_simulator_run(csim, 25))
      XCTAssertEqual(read(csim, 1), first, "reset(seed: \(seed))")
    }
  }

  // MARK: - Errors come back as status and message

  private func lastError() -> String { snn_last_error().map { String(cString: $0) } ?? "" }

  func testErrors_BadArguments_StatusAndMessageNamingTheObject() throws {
    var net: UnsafeMutableRawPointer?
    var index: Int64 = -1
    check(snn_network_create(-1, nil, &net))
    defer { snn_network_free(net) }
    XCTAssertEqual(
      snn_network_add_ensemble(net, "e", 3, 1, "Direct", nil, 0, nil, 1, nil, nil, nil, 1, nil, nil, &index), 3)
    XCTAssertTrue(lastError().contains("e: neuron type 'Direct' is not supported"), lastError())
    XCTAssertEqual(
      snn_network_add_ensemble(net, "e", 3, 1, "LIF", [0.02], 1, nil, 1, nil, nil, nil, 1, nil, nil, &index), 3)
    XCTAssertTrue(lastError().contains("takes 4 parameters"), lastError())
    XCTAssertEqual(
      snn_network_add_ensemble(
        net, "e", 3, 1, "LIF", [-0.02, 0.002, 0, 1], 4, nil, 1, nil, nil, nil, 1, nil, nil, &index), 1)
    XCTAssertTrue(lastError().contains("e.tau_rc"), lastError())
    check(
      snn_network_add_ensemble(
        net, "e", 3, 1, "LIF", [0.02, 0.002, 0, 1], 4, nil, 1, nil, nil, nil, 1, nil, nil, &index))
    XCTAssertNil(snn_last_error())
    XCTAssertEqual(snn_network_connect(net, 2, 0, 2, 0, 2, [1, 2], 2, 0, 0, "w", &index), 3)
    XCTAssertTrue(
      lastError().contains("w: a matrix transform needs (size_out, size_in) = (3, 3) values, got 2"), lastError())
    XCTAssertEqual(snn_network_connect(net, 2, 5, 2, 0, 0, [1], 1, 0, 0, nil, &index), 3)
    XCTAssertTrue(lastError().contains("ensemble #5 is not in this network"), lastError())
    // A decoded connection (from an ensemble) whose scalar transform cannot map 1-D e onto
    // e's 3 neurons.
    XCTAssertEqual(snn_network_connect(net, 1, 0, 2, 0, 0, [1], 1, 0, 0, "dec", &index), 1)
    XCTAssertTrue(lastError().contains("dec.transform"), lastError())
    XCTAssertEqual(snn_network_probe(net, 2, 0, "spikes", 0, 0, "p", &index), 3)
    XCTAssertEqual(snn_network_add_node(nil, "x", 1, nil, &index), 3)
    XCTAssertEqual(lastError(), "network handle is NULL")
  }

  func testErrors_RunTime_StatusAndMessage() throws {
    let cnet = try cNetwork()
    defer { snn_network_free(cnet) }
    var csim: UnsafeMutableRawPointer?
    XCTAssertEqual(snn_simulator_create(cnet, -1, 1, 0, 1, 64, &csim), 3)
    XCTAssertEqual(snn_simulator_create(cnet, 0.001, 0, 0, 1, 64, &csim), 2)
    XCTAssertTrue(lastError().contains("batch size"), lastError())
    XCTAssertEqual(snn_simulator_create(cnet, 0.001, 1, 0, 1, 16, &csim), 3)
    XCTAssertEqual(lastError(), "precision must be 32 or 64 (bits), got 16")
    check(snn_simulator_create(cnet, 0.001, 1, 0, 1, 64, &csim))
    defer { snn_simulator_free(csim) }
    XCTAssertEqual(snn_simulator_set_input(csim, 0, [1, 2], 2), 2)
    XCTAssertEqual(snn_simulator_set_input_sequence(csim, 0, [1, 2], 2, 1), 3)
    XCTAssertTrue(
      lastError().contains("node 'in': 2 input values given, expected batch 1 x steps 1 x size 6"), lastError())
    XCTAssertEqual(snn_simulator_set_input(csim, 4, [1], 1), 3)
    let failing: SNNNodeFunction = { _, _, _, _, _, _ in 7 }
    check(snn_simulator_set_function(csim, 0, failing, nil))
    XCTAssertEqual(snn_simulator_run(csim, 3), 4)
    XCTAssertTrue(lastError().contains("node 'in': its function failed at t = 0.001 s (status 7)"), lastError())
    let nan: SNNNodeFunction = { _, _, _, out, nout, _ in
      for i in 0..<Int(nout) { out![i] = .nan }
      return 0
    }
    check(snn_simulator_set_function(csim, 0, nan, nil))
    XCTAssertEqual(snn_simulator_run(csim, 1), 4)
    XCTAssertTrue(lastError().contains("NaN"), lastError())
    var out = [Double](repeating: 0, count: 3)
    XCTAssertEqual(snn_simulator_read_probe(csim, 0, &out, 3), 3)
    XCTAssertTrue(lastError().contains("buffer of 3 values given"), lastError())
    XCTAssertEqual(snn_simulator_read_probe(csim, 9, &out, 3), 3)
    XCTAssertEqual(snn_simulator_run(nil, 1), 3)
    XCTAssertEqual(snn_simulator_steps(nil), -1)
  }
}
