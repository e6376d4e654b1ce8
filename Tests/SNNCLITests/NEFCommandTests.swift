import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// NEF network files through the built binary: `snn run` writes decoded probes as it writes
/// every probe (float64 with `--precision float64`), and `snn diagnose --input` names
/// `value_outside_radius`.
final class NEFCommandTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = try TestPaths.temporaryDirectory()
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  private func snn(_ arguments: [String]) throws -> BuiltTool.Result { try BuiltTool.run("snn", arguments) }

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  /// stim -> a (1-D) -> b computing x^2 (LstsqL2nz); decoded probes of a and b and b's spikes.
  private static func squaring() throws -> Network {
    var net = Network(seed: 5, label: "squaring")
    let stim = try net.add(Node(size: 1, label: "stim"))
    let a = try net.add(Ensemble(nNeurons: 50, dimensions: 1, label: "a"))
    let b = try net.add(Ensemble(nNeurons: 40, dimensions: 1, label: "b"))
    try net.connect(.node(stim), .ensemble(a))
    try net.connect(
      .ensemble(a), .ensemble(b), synapse: .lowpass(0.005), function: ConnectionFunction { x in [x[0] * x[0]] },
      solver: .lstsqL2nz(reg: 0.05))
    try net.probe(.ensemble(a), synapse: .lowpass(0.01), label: "a")
    try net.probe(.ensemble(b), synapse: .lowpass(0.01), label: "b")
    try net.probe(.neurons(b), label: "b_spikes")
    return net
  }

  /// stim -> a -> b, 100 LIF each, radius 1.
  private static func channel() throws -> Network {
    var net = Network(seed: 11, label: "channel")
    let stim = try net.add(Node(size: 1, label: "stim"))
    let a = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "a"))
    let b = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "b"))
    try net.connect(.node(stim), .ensemble(a))
    try net.connect(.ensemble(a), .ensemble(b))
    try net.probe(.ensemble(b), synapse: .lowpass(0.01), label: "b")
    return net
  }

  private func save(_ net: Network, metadata: [String: String] = [:]) throws -> String {
    try NetworkFile.save(NetworkDocument(network: net, metadata: metadata), to: URL(fileURLWithPath: path("net.json")))
    return path("net.json")
  }

  private func writeInput(_ values: [Double], name: String = "in.npz") throws -> String {
    try NPZ.write(
      ["stim": try NDArray(shape: [values.count, 1], storage: .float64(values))], to: URL(fileURLWithPath: path(name)))
    return path(name)
  }

  func testRun_NEFFile_DecodedProbesInFloat64AsTheLibraryRunsTheOriginal() throws {
    let net = try Self.squaring()
    let file = try save(net)
    let x = [0.7 + 1e-12, -0.4]
    let r = try snn([
      "run", file, "--steps", "200", "--input", try writeInput(x), "--out", path("out.npz"), "--seed", "3",
      "--precision", "float64",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let arrays = try NPZ.read(url: URL(fileURLWithPath: path("out.npz")))
    let sim = try Simulator(net, dt: 0.001, batchSize: 2, seed: 3, options: EngineOptions(precision: .float64))
    let handles = try NetworkHandles(net)
    try sim.setInput(handles.nodes[0], values: x)
    try sim.run(steps: 200)
    for (k, label) in ["a", "b", "b_spikes"].enumerated() {
      let array = try XCTUnwrap(arrays[label], label)
      XCTAssertEqual(array.shape, [2, 200, label == "b_spikes" ? 40 : 1], label)
      guard case .float64(let values) = array.storage else { return XCTFail("\(label): \(array.dtype)") }
      XCTAssertEqual(values, sim.data(handles.probes[k]).doubleValues, label)
    }
    // b decodes a^2: near 0.49 and 0.16 once settled.
    guard case .float64(let b)? = arrays["b"]?.storage else { return XCTFail("b") }
    XCTAssertEqual(b[150..<200].reduce(0, +) / 50, 0.49, accuracy: 0.1)
    XCTAssertEqual(b[350..<400].reduce(0, +) / 50, 0.16, accuracy: 0.1)
  }

  func testDiagnose_ChannelDrivenBeyondItsRadius_NamesValueOutsideRadius() throws {
    let file = try save(try Self.channel(), metadata: ["input_node": "stim", "output_ensemble": "b"])
    let r = try snn(["diagnose", file, "--input", try writeInput([2, -2]), "--steps", "200", "--json"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let causes = try XCTUnwrap(json["causes"] as? [[String: Any]])
    let outside = causes.filter { $0["id"] as? String == "value_outside_radius" }
    XCTAssertEqual(outside.first?["subject"] as? String, "a", r.stdout)
    let layers = try XCTUnwrap(json["layers"] as? [[String: Any]])
    let a = try XCTUnwrap(layers.first?["represented"] as? [String: Any])
    XCTAssertEqual(a["max_ratio"] as? Double ?? 0, 2, accuracy: 2e-3)
    XCTAssertEqual(a["radius"] as? Double, 1)
    XCTAssertLessThan(a["decoded_at_max_input"] as? Double ?? 2, 1.5)
    XCTAssertNil(json["readout"].flatMap { ($0 as? [String: Any])?["accuracy"] }, "no labels, no accuracy")

    let within = try snn(["diagnose", file, "--input", try writeInput([0.5, -0.6]), "--steps", "200"])
    XCTAssertEqual(within.status, 0, within.stderr)
    XCTAssertFalse(within.stdout.contains("value_outside_radius"), within.stdout)
  }

  func testDiagnose_InputOfTheWrongShape_OneLineError() throws {
    let file = try save(try Self.channel(), metadata: ["input_node": "stim"])
    try NPZ.write(
      ["stim": try NDArray(shape: [2, 5, 1], storage: .float64(Array(repeating: 0, count: 10)))],
      to: URL(fileURLWithPath: path("seq.npz")))
    let r = try snn(["diagnose", file, "--input", path("seq.npz"), "--steps", "5"])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains("seq.npz") && r.stderr.contains("give (examples, 1)"), r.stderr)
    try NPZ.write(["other": NDArray([1] as [Float])], to: URL(fileURLWithPath: path("other.npz")))
    let missing = try snn(["diagnose", file, "--input", path("other.npz")])
    XCTAssertTrue(missing.stderr.contains("no array named 'stim'"), missing.stderr)
  }

  func testDiagnose_NetworkWithoutAnInputNode_SaysWhatItNeeds() throws {
    var net = Network(seed: 1)
    let stim = try net.add(Node(process: .piecewise(try Piecewise([0: [0.5]])), label: "stim"))
    let a = try net.add(Ensemble(nNeurons: 10, dimensions: 1, label: "a"))
    try net.connect(.node(stim), .ensemble(a))
    let r = try snn(["diagnose", try save(net), "--steps", "10"])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains("net.json") && r.stderr.contains("add an input node"), r.stderr)
  }
}
