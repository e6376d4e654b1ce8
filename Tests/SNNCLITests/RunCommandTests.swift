import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

@testable import SNNTool

/// `snn run NET --steps N [--input data.npz] --out probes.npz`, through the built binary.
final class RunCommandTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = try TestPaths.temporaryDirectory()
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  private func snn(_ arguments: [String]) throws -> BuiltTool.Result { try BuiltTool.run("snn", arguments) }

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  /// input (2) -> 3 LIF neurons (matrix) -> 2 LIF neurons (scalar), with probes of every
  /// kind: spikes, filtered spikes, voltage, a sum, and the input node itself.
  /// With `extraInput`, a second input node "extra" (size 1) also drives `a`.
  private static func tinyNetwork(constantNode: Bool = false, extraInput: Bool = false) throws -> Network {
    var net = Network(seed: 4, label: "tiny")
    net.config.connection.synapse = nil
    let input =
      constantNode ? try net.add(Node(constant: [0.5, 1], label: "input")) : try net.add(Node(size: 2, label: "input"))
    let a = try net.add(
      Ensemble(nNeurons: 3, dimensions: 1, neuronType: .lif, gain: [1, 1, 1], bias: [0.5, 0.5, 0.5], label: "a"))
    let b = try net.add(
      Ensemble(nNeurons: 3, dimensions: 1, neuronType: .lif, gain: [1, 1, 1], bias: [0, 0, 0], label: "b"))
    try net.connect(.node(input), .neurons(a), transform: .matrix(try Matrix([[20, 0], [0, 20], [10, 10]])))
    try net.connect(.neurons(a), .neurons(b), transform: .scalar(0.05), synapse: .lowpass(0.005))
    if extraInput {
      let extra = try net.add(Node(size: 1, label: "extra"))
      try net.connect(.node(extra), .neurons(a), transform: .matrix(try Matrix([[1], [1], [1]])))
    }
    try net.probe(.neurons(a), label: "a_spikes")
    try net.probe(.neurons(b), synapse: .lowpass(0.01), label: "b_filtered")
    try net.probe(.neurons(a), attribute: .voltage, label: "a_voltage")
    try net.probe(.neurons(b), mode: .sum, label: "b_sum")
    try net.probe(.node(input), label: "input_echo")
    return net
  }

  private func save(_ net: Network, metadata: [String: String] = [:]) throws -> String {
    try NetworkFile.save(NetworkDocument(network: net, metadata: metadata), to: URL(fileURLWithPath: path("net.json")))
    return path("net.json")
  }

  private func writeInput(_ arrays: [String: NDArray]) throws -> String {
    try NPZ.write(arrays, to: URL(fileURLWithPath: path("in.npz")))
    return path("in.npz")
  }

  /// What the in-process simulator records for `net` with the same inputs and seed.
  private func expected(_ net: Network, steps: Int, batch: Int, seed: UInt64, input: Matrix) throws
    -> [String: [Float]]
  {
    let sim = try Simulator(net, dt: 0.001, batchSize: batch, seed: seed, threads: 1)
    let handles = try NetworkHandles(net)
    try sim.setInput(handles.nodes[0], input)
    try sim.run(steps: steps)
    var out: [String: [Float]] = [:]
    for (k, p) in net.probes.enumerated() { out[p.label] = sim.data(handles.probes[k]).values }
    return out
  }
}

// MARK: - Output

extension RunCommandTests {
  func testRun_ConstantInput_EveryProbeWithShapeAndSimulatorValues() throws {
    let net = try Self.tinyNetwork()
    let file = try save(net)
    let x = try Matrix([[0.2, 0.9], [1, 0]])
    let input = try writeInput(["input": NDArray(x)])
    let r = try snn([
      "run", file, "--steps", "30", "--input", input, "--out", path("probes.npz"), "--seed", "3", "--threads", "1",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let arrays = try NPZ.read(url: URL(fileURLWithPath: path("probes.npz")))
    XCTAssertEqual(Set(arrays.keys), ["a_spikes", "b_filtered", "a_voltage", "b_sum", "input_echo"])
    XCTAssertEqual(arrays["a_spikes"]?.shape, [2, 30, 3])
    XCTAssertEqual(arrays["b_filtered"]?.shape, [2, 30, 3])
    XCTAssertEqual(arrays["a_voltage"]?.shape, [2, 30, 3])
    XCTAssertEqual(arrays["b_sum"]?.shape, [2, 1, 3])
    XCTAssertEqual(arrays["input_echo"]?.shape, [2, 30, 2])
    XCTAssertTrue(arrays.values.allSatisfy { $0.dtype == .float32 })
    XCTAssertEqual(Array(arrays["input_echo"]?.floats()[0..<2] ?? []), [0.2, 0.9])
    XCTAssertEqual(Array(arrays["input_echo"]?.floats()[60..<62] ?? []), [1, 0])
    let reference = try expected(net, steps: 30, batch: 2, seed: 3, input: x)
    for (label, values) in reference {
      XCTAssertEqual(arrays[label]?.floats(), values, label)
    }
    XCTAssertTrue(reference["a_spikes"]?.contains { $0 > 0 } ?? false, "the run must spike")
    XCTAssertTrue(r.stdout.contains("b_sum") && r.stdout.contains("(2, 1, 3)"), r.stdout)
  }

  /// `--precision float64`: float64 inputs fed unrounded (constant and per step), every
  /// probe written as float64 and equal to the library's float64 run; float32 differs.
  func testRun_Float64_ExactInputsAndOutputsAsTheLibrary() throws {
    let net = try Self.tinyNetwork(extraInput: true)
    let file = try save(net)
    let x = [0.1, 0.9 + 1e-12, 1.0 / 3, 0.7]  // (2, 2): not float32 values
    let extra = (0..<(2 * 25)).map { Double($0) / 3e3 }  // (2, 25, 1) per step
    let input = try writeInput([
      "input": try NDArray(shape: [2, 2], storage: .float64(x)),
      "extra": try NDArray(shape: [2, 25, 1], storage: .float64(extra)),
    ])
    var arrays: [String: [String: NDArray]] = [:]
    for precision in ["float64", "float32"] {
      let out = path("\(precision).npz")
      let r = try snn([
        "run", file, "--steps", "25", "--input", input, "--out", out, "--seed", "3", "--precision", precision,
      ])
      XCTAssertEqual(r.status, 0, r.stderr)
      arrays[precision] = try NPZ.read(url: URL(fileURLWithPath: out))
    }
    let f64 = try XCTUnwrap(arrays["float64"])
    XCTAssertTrue(f64.values.allSatisfy { $0.dtype == .float64 })
    XCTAssertTrue(try XCTUnwrap(arrays["float32"]).values.allSatisfy { $0.dtype == .float32 })
    guard case .float64(let echo)? = f64["input_echo"]?.storage else { return XCTFail("input_echo float64") }
    XCTAssertEqual(Array(echo[0..<2]), [0.1, 0.9 + 1e-12])

    let sim = try Simulator(net, dt: 0.001, batchSize: 2, seed: 3, options: EngineOptions(precision: .float64))
    let handles = try NetworkHandles(net)
    try sim.setInput(handles.nodes[0], values: x)
    try sim.setInput(handles.nodes[1], sequence: extra, steps: 25)
    try sim.run(steps: 25)
    for (k, p) in net.probes.enumerated() {
      guard case .float64(let got)? = f64[p.label]?.storage else { return XCTFail(p.label) }
      XCTAssertEqual(got, sim.data(handles.probes[k]).doubleValues, p.label)
    }
    XCTAssertTrue(f64["a_spikes"]?.floats().contains { $0 > 0 } ?? false, "the run must spike")
    XCTAssertNotEqual(f64["a_voltage"]?.floats(), arrays["float32"]?["a_voltage"]?.floats())
  }

  func testRun_PerStepInput_FedStepByStep() throws {
    let file = try save(try Self.tinyNetwork())
    let values = (0..<(2 * 4 * 2)).map { Float($0) / 16 }
    let input = try writeInput(["input": try NDArray(shape: [2, 4, 2], floats: values)])
    let r = try snn(["run", file, "--steps", "4", "--input", input, "--out", path("p.npz")])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(try NPZ.read(url: URL(fileURLWithPath: path("p.npz")))["input_echo"]?.floats(), values)
  }

  func testRun_NoInputNodes_BatchOfOne() throws {
    let file = try save(try Self.tinyNetwork(constantNode: true))
    let r = try snn(["run", file, "--steps", "7", "--out", path("p.npz")])
    XCTAssertEqual(r.status, 0, r.stderr)
    let arrays = try NPZ.read(url: URL(fileURLWithPath: path("p.npz")))
    XCTAssertEqual(arrays["a_spikes"]?.shape, [1, 7, 3])
    XCTAssertEqual(Array(arrays["input_echo"]?.floats()[0..<2] ?? []), [0.5, 1])
  }

  func testRun_StepsAndDtFromMetadata_JSONReport() throws {
    let file = try save(try Self.tinyNetwork(constantNode: true), metadata: ["steps": "12", "dt": "0.002"])
    let r = try snn(["run", file, "--out", path("p.npz"), "--json"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    XCTAssertEqual(object?["steps"] as? Int, 12)
    XCTAssertEqual(object?["dt"] as? Double, 0.002)
    XCTAssertEqual(object?["batch"] as? Int, 1)
    XCTAssertEqual(
      Set(object?.keys.map { $0 } ?? []),
      ["network", "out", "batch", "steps", "dt", "precision", "simulation_seconds", "seconds", "probes"])
    XCTAssertEqual(object?["precision"] as? String, "float32")
    XCTAssertEqual(try NPZ.read(url: URL(fileURLWithPath: path("p.npz")))["a_spikes"]?.shape, [1, 12, 3])
  }
}

// MARK: - Errors

extension RunCommandTests {
  private func assertFails(_ args: [String], _ mentions: String..., file: StaticString = #filePath, line: UInt = #line)
    throws
  {
    let r = try snn(args)
    XCTAssertNotEqual(r.status, 0, "\(args)", file: file, line: line)
    XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, file: file, line: line)
    for m in mentions {
      XCTAssertTrue(r.stderr.contains(m), "\(args): \(r.stderr) lacks \(m)", file: file, line: line)
    }
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: path("p.npz")), "no output on failure", file: file, line: line)
  }

  func testRun_BadInputs_OneLineErrors() throws {
    let file = try save(try Self.tinyNetwork())
    let out = ["--out", path("p.npz")]
    try assertFails(["run", file, "--steps", "5"] + out, "input nodes (input)", "--input")
    var input = try writeInput(["inputs": NDArray([1, 2] as [Float])])
    try assertFails(
      ["run", file, "--steps", "5", "--input", input] + out, "in.npz", "\"inputs\"", "does not name an input node")
    input = try writeInput(["input": try NDArray(shape: [2, 3], floats: [Float](repeating: 0, count: 6))])
    try assertFails(["run", file, "--steps", "5", "--input", input] + out, "in.npz", "shape (2, 3)", "(batch, 2)")
    input = try writeInput(["input": try NDArray(shape: [1, 4, 2], floats: [Float](repeating: 0, count: 8))])
    try assertFails(["run", file, "--steps", "5", "--input", input] + out, "has 4 steps", "the run has 5")
    input = try writeInput(["input": try NDArray(shape: [1, 2], floats: [.nan, 1])])
    try assertFails(["run", file, "--steps", "5", "--input", input] + out, "1 NaN or infinite values", "flat index 0")
    try assertFails(["run", file, "--input", input] + out, "--steps is required")
    try assertFails(["run", path("missing.json"), "--steps", "5"] + out, "missing.json")
    try assertFails(["run", file, "--steps", "0"] + out, "--steps")
  }

  func testRun_ProbeLabelsCollideOrDataTooLarge_RefusedBeforeRunning() throws {
    var net = try Self.tinyNetwork(constantNode: true)
    try net.probe(.node(try net.add(Node(constant: [Double](repeating: 1, count: 6000), label: "wide"))), label: "wide")
    let file = try save(net)
    // 100000 steps x (3 + 3 + 3 + 2 + 6000) values, plus the sum probe's 3.
    try assertFails(
      ["run", file, "--steps", "100000", "--out", path("p.npz")], "probes would record 601100003 values", "sum probes")
    try net.probe(.node(try net.add(Node(constant: [1], label: "one"))), label: "wide")
    try assertFails(["run", try save(net), "--steps", "5", "--out", path("p.npz")], "two probes are labelled \"wide\"")
  }

  func testRun_BatchesDisagree_NamesBothArrays() throws {
    let net = try Self.tinyNetwork(extraInput: true)
    let file = try save(net)
    let input = try writeInput([
      "input": try NDArray(shape: [2, 2], floats: [0, 0, 0, 0]),
      "extra": try NDArray(shape: [3, 1], floats: [0, 0, 0]),
    ])
    try assertFails(["run", file, "--steps", "5", "--input", input, "--out", path("p.npz")], "batch 3", "batch 2")
  }
}

// MARK: - Seed, input scale, output path

extension RunCommandTests {
  /// A Poisson population driven by the input node: its spikes depend on the seed.
  private static func poissonNetwork() throws -> Network {
    var net = Network(seed: 4, label: "poisson")
    net.config.connection.synapse = nil
    let input = try net.add(Node(size: 4, label: "input"))
    let p = try net.add(
      Ensemble(
        nNeurons: 4, dimensions: 1, neuronType: .poissonSpiking(base: .rectifiedLinear()), gain: [200, 200, 200, 200],
        bias: [0, 0, 0, 0], label: "p"))
    try net.connect(.node(input), .neurons(p), transform: .scalar(1))
    try net.probe(.neurons(p), label: "p_spikes")
    return net
  }

  /// `snn run` without `--seed` uses seed 0, like `snn mnist` and `snn diagnose`.
  func testRun_DefaultSeed_IsZeroLikeMNISTAndDiagnose() throws {
    let file = try save(try Self.poissonNetwork())
    let input = try writeInput(["input": NDArray(try Matrix([[0.5, 1, 0.25, 0.75]]))])
    func spikes(_ seed: [String]) throws -> [Float] {
      let r = try snn(["run", file, "--steps", "50", "--input", input, "--out", path("s.npz")] + seed)
      XCTAssertEqual(r.status, 0, r.stderr)
      return try XCTUnwrap(NPZ.read(url: URL(fileURLWithPath: path("s.npz")))["p_spikes"]).floats()
    }
    let byDefault = try spikes([])
    XCTAssertGreaterThan(byDefault.filter { $0 > 0 }.count, 10, "the run must spike")
    XCTAssertEqual(byDefault, try spikes(["--seed", "0"]))
    XCTAssertNotEqual(byDefault, try spikes(["--seed", "1"]), "the seed must matter in this network")
    // The three commands share one seed option (SimulationOptions), default 0.
    XCTAssertEqual((try SNNCommand.parseAsRoot(["mnist"]) as? SNNCommand.MNIST)?.simulation.seed, 0)
    XCTAssertEqual((try SNNCommand.parseAsRoot(["diagnose", "n.json"]) as? SNNCommand.Diagnose)?.simulation.seed, 0)
    XCTAssertEqual(
      (try SNNCommand.parseAsRoot(["run", "n.json", "--out", "o.npz"]) as? SNNCommand.Run)?.simulation.seed, 0)
  }

  /// Raw 0..255 pixels into a network whose metadata says input_scale 1: a warning on
  /// standard error, and the run still completes.
  func testRun_InputFarAboveTheDeclaredScale_Warns() throws {
    let file = try save(try Self.poissonNetwork(), metadata: ["input_scale": "1", "input_node": "input"])
    let raw = try writeInput(["input": NDArray(try Matrix([[0, 255, 128, 12]]))])
    let r = try snn(["run", file, "--steps", "5", "--input", raw, "--out", path("p.npz")])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(
      r.stderr,
      "warning: \(file): input 'input' reaches 255, far above the input scale 1 the network was made for "
        + "(inputs in [0, 1] or [-1, 1]); scale the data to match\n")
    let scaled = try writeInput(["input": NDArray(try Matrix([[0, 1, 0.5, 0.05]]))])
    let quiet = try snn(["run", file, "--steps", "5", "--input", scaled, "--out", path("p.npz")])
    XCTAssertEqual(quiet.status, 0, quiet.stderr)
    XCTAssertEqual(quiet.stderr, "")
  }

  /// `--out` in a missing directory or naming a directory fails before the network is
  /// even read (a missing network file would be the error otherwise).
  func testRun_UnwritableOut_RefusedBeforeTheRun() throws {
    let r = try snn(["run", path("missing.json"), "--steps", "5", "--out", path("nowhere/p.npz")])
    XCTAssertEqual(r.status, 64, r.stderr)
    XCTAssertEqual(
      r.stderr, "snn: --out \(path("nowhere/p.npz")): the directory \(path("nowhere")) does not exist\n")
    let d = try snn(["run", path("missing.json"), "--steps", "5", "--out", directory.path])
    XCTAssertEqual(d.stderr, "snn: --out \(directory.path): is a directory; give a file name\n")
  }
}

// MARK: - snn mnist --save-network

extension RunCommandTests {
  func testMNISTSaveNetwork_WritesRunnableFileWithMetadata() throws {
    guard let data = TestPaths.mnistDirectory, let keras = TestPaths.kerasFixture else {
      throw unavailable("MNIST or the Keras fixture is not available")
    }
    let file = path("mnist.json")
    let r = try snn([
      "mnist", "--data", data.path, "--weights", keras.appendingPathComponent("model_weights.h5").path, "--epochs", "0",
      "--test-limit", "10", "--calibration", "100", "--steps", "40", "--dt", "0.002", "--save-network", file, "--json",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let written = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(written["written"] as? [String], [file, path("mnist.npz")], "--save-network says what it wrote")
    let doc = try NetworkFile.load(url: URL(fileURLWithPath: file))
    XCTAssertEqual(
      doc.metadata,
      [
        "input_node": "input", "input_scale": "1", "output_ensemble": "output", "readout": "spike_count",
        "readout_probe": "output_spikes", "dt": "0.002", "steps": "40", "max_rate": "1000.0",
      ])
    XCTAssertEqual(doc.network.nodes.map(\.size), [784])
    XCTAssertEqual(doc.network.ensembles.map(\.nNeurons), [784, 128, 10])
    XCTAssertTrue(FileManager.default.fileExists(atPath: path("mnist.npz")))
    // The file runs as saved: steps and dt come from its metadata.
    let images = try NDArray(shape: [2, 784], floats: (0..<(2 * 784)).map { Float($0 % 255) / 255 })
    let run = try snn(["run", file, "--input", try writeInput(["input": images]), "--out", path("p.npz")])
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertEqual(try NPZ.read(url: URL(fileURLWithPath: path("p.npz")))["output_spikes"]?.shape, [2, 1, 10])
    XCTAssertEqual(run.stderr, "")
    // Blank images for 3 steps: the output layer never fires, and the run says so.
    let blank = try NDArray(shape: [3, 784], floats: [Float](repeating: 0, count: 3 * 784))
    let silent = try snn([
      "run", file, "--steps", "3", "--input", try writeInput(["input": blank]), "--out", path("p.npz"),
    ])
    XCTAssertEqual(silent.status, 0, silent.stderr)
    XCTAssertEqual(
      silent.stderr,
      "warning: \(file): the readout probe 'output_spikes' recorded only zeros for 3 of 3 examples; their class is "
        + "a guess (more steps, or inputs at the network's input_scale, may help)\n")
  }
}
