import Foundation
import SwiftSNN
import XCTest

/// ``NetworkFile/load(url:)`` refuses bad files with an error naming the file, the JSON
/// path or array at fault, and the problem.
final class NetworkFileErrorTests: XCTestCase {
  /// A small valid network file as a JSON object, for tests to break one piece at a time.
  private static func valid() -> [String: Any] {
    [
      "format": "swiftsnn-network", "version": 1, "label": "tiny", "seed": 1,
      "nodes": [["label": "input", "type": "input", "size": 2]],
      "ensembles": [
        [
          "label": "hidden", "n_neurons": 3, "dimensions": 1, "neuron_type": ["type": "LIF"], "gain": [1, 1, 1],
          "bias": [0, 0, 0],
        ]
      ],
      "connections": [
        [
          "pre": ["node": "input"], "post": ["neurons": "hidden"],
          "transform": ["type": "matrix", "values": [[1, 0], [0, 1], [1, 1]]], "synapse": NSNull(),
        ]
      ],
      "probes": [["label": "spikes", "target": ["neurons": "hidden"]]],
    ]
  }

  /// Writes `object` as `net.json` in a temporary directory and asserts that loading it
  /// fails with every fragment in the message.
  private func assertLoadFails(
    _ object: [String: Any], _ fragments: String..., file: StaticString = #filePath, line: UInt = #line,
    extraFiles: (URL) throws -> Void = { _ in }
  ) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    try assertLoadFails(
      text: String(decoding: data, as: UTF8.self), fragments, file: file, line: line, extraFiles: extraFiles)
  }

  private func assertLoadFails(
    text: String, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line,
    extraFiles: (URL) throws -> Void = { _ in }
  ) throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let url = try NetworkFileFixtures.write(text, to: dir)
      try extraFiles(dir)
      var caught: Error?
      XCTAssertThrowsError(try NetworkFile.load(url: url), file: file, line: line) { caught = $0 }
      guard let error = caught as? DataFormatError else {
        return XCTFail("expected a DataFormatError, got \(String(describing: caught))", file: file, line: line)
      }
      for fragment in fragments + [error.file == url.path ? "net.json" : ".npz"] {
        XCTAssertTrue(
          error.description.contains(fragment), "\"\(error)\" lacks \"\(fragment)\"", file: file, line: line)
      }
      XCTAssertFalse(error.description.contains("\n"), "one line: \(error)", file: file, line: line)
    }
  }

  /// `valid()` with `body` applied.
  private func broken(_ body: (inout [String: Any]) -> Void) -> [String: Any] {
    var object = Self.valid()
    body(&object)
    return object
  }

  private func ensemble(_ change: (inout [String: Any]) -> Void) -> [String: Any] {
    broken { o in
      var list = o["ensembles"] as? [[String: Any]] ?? []
      change(&list[0])
      o["ensembles"] = list
    }
  }

  private func connection(_ change: (inout [String: Any]) -> Void) -> [String: Any] {
    broken { o in
      var list = o["connections"] as? [[String: Any]] ?? []
      change(&list[0])
      o["connections"] = list
    }
  }

  func testValidFixture_Loads() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let data = try JSONSerialization.data(withJSONObject: Self.valid())
      let url = dir.appendingPathComponent("net.json")
      try data.write(to: url)
      let doc = try NetworkFile.load(url: url)
      XCTAssertEqual(doc.network.ensembles.map(\.label), ["hidden"])
      XCTAssertEqual(doc.network.connections.first?.synapse, nil)
      XCTAssertEqual(doc.network.probes.first?.mode, .everyStep)
      XCTAssertEqual(doc.metadata, [:])
    }
  }
}

// MARK: - Not a network file

extension NetworkFileErrorTests {
  func testLoad_NotJSON_SaysWhereParsingStopped() throws {
    try assertLoadFails(text: "PK\u{3}\u{4} binary", ["not valid JSON", "line 1, column 1"])
    try assertLoadFails(
      text: "{\n  \"format\": \"swiftsnn-network\",\n  \"version\": 1,\n", ["not valid JSON", "line 4"])
  }

  func testLoad_JSONSyntaxTraps_Refused() throws {
    try assertLoadFails(text: "{\"format\": \"a\", \"format\": \"b\"}", ["duplicate key \"format\""])
    try assertLoadFails(text: "{\"x\": NaN}", ["NaN and Infinity are not JSON"])
    try assertLoadFails(text: "{\"x\": 01}", ["cannot start with 0"])
    try assertLoadFails(text: "{\"x\": \"\\ud800\"}", ["lone surrogate"])
    try assertLoadFails(
      text: String(repeating: "[", count: 100) + String(repeating: "]", count: 100), ["nesting deeper than 64"])
    try assertLoadFails(text: "{} {}", ["unexpected text after the end"])
  }

  func testLoad_TopLevelArray_NotANetworkFile() throws {
    try assertLoadFails(text: "[1, 2]", ["not a SwiftSNN network file", "an array"])
  }

  func testLoad_WrongOrMissingFormat_Refused() throws {
    try assertLoadFails(broken { $0["format"] = "nengo" }, "format", "\"nengo\"", "swiftsnn-network")
    try assertLoadFails(broken { $0["format"] = nil }, "not a SwiftSNN network file", "\"format\"")
  }

  func testLoad_UnsupportedVersion_NamesSupportedVersions() throws {
    try assertLoadFails(broken { $0["version"] = 3 }, "version 3 is not supported", "reads versions 1 and 2")
    try assertLoadFails(broken { $0["version"] = "1" }, "version", "expected an integer, got a string")
    try assertLoadFails(broken { $0["version"] = nil }, "missing required field \"version\"")
  }

  func testLoad_MissingFile_NamesIt() throws {
    let url = URL(fileURLWithPath: "/nonexistent/dir/net.json")
    XCTAssertThrowsError(try NetworkFile.load(url: url)) { error in
      XCTAssertTrue("\(error)".contains("/nonexistent/dir/net.json"), "\(error)")
    }
  }
}

// MARK: - Fields

extension NetworkFileErrorTests {
  func testLoad_UnknownFields_NamedByPath() throws {
    try assertLoadFails(broken { $0["wieghts"] = "x.npz" }, "wieghts: unknown field", "weights")
    try assertLoadFails(ensemble { $0["gian"] = [1, 1, 1] }, "ensembles[0].gian: unknown field", "n_neurons")
    try assertLoadFails(
      ensemble { $0["neuron_type"] = ["type": "LIF", "tau": 0.02] }, "ensembles[0].neuron_type.tau: unknown field",
      "tau_rc")
    try assertLoadFails(
      connection { $0["synapse"] = ["type": "Lowpass", "tau": 0.01, "order": 2] },
      "connections[0].synapse.order: unknown field")
  }

  func testLoad_MissingRequiredFields_Named() throws {
    try assertLoadFails(ensemble { $0["n_neurons"] = nil }, "ensembles[0]", "missing required field \"n_neurons\"")
    try assertLoadFails(connection { $0["post"] = nil }, "connections[0]", "missing required field \"post\"")
    try assertLoadFails(
      broken { $0["nodes"] = [["label": "input", "type": "input"]] }, "nodes[0]", "missing required field \"size\"")
    try assertLoadFails(ensemble { $0["neuron_type"] = ["tau_rc": 0.02] }, "ensembles[0].neuron_type", "\"type\"")
  }

  func testLoad_WrongTypes_Named() throws {
    try assertLoadFails(
      ensemble { $0["n_neurons"] = "three" }, "ensembles[0].n_neurons", "expected an integer, got a string")
    try assertLoadFails(ensemble { $0["n_neurons"] = 3.5 }, "ensembles[0].n_neurons", "expected an integer, got 3.5")
    try assertLoadFails(
      ensemble { $0["gain"] = [1, "one", 1] }, "ensembles[0].gain[1]", "expected a number, got a string")
    try assertLoadFails(broken { $0["ensembles"] = ["hidden": 3] }, "ensembles", "expected an array, got an object")
    try assertLoadFails(broken { $0["seed"] = -1 }, "seed", "expected an integer in 0...18446744073709551615, got -1")
    try assertLoadFails(broken { $0["metadata"] = ["dt": 0.001] }, "metadata.dt", "metadata values are strings")
  }

  func testLoad_UnknownKinds_ListTheKnownOnes() throws {
    try assertLoadFails(
      ensemble { $0["neuron_type"] = ["type": "Bogus"] }, "unknown neuron type \"Bogus\"", "Izhikevich")
    try assertLoadFails(
      connection { $0["synapse"] = ["type": "Triangle", "tau": 0.1] }, "unknown synapse \"Triangle\"", "Lowpass")
    try assertLoadFails(ensemble { $0["max_rates"] = ["type": "Gaussian"] }, "unknown distribution \"Gaussian\"")
    try assertLoadFails(
      ensemble { $0["neuron_type"] = ["type": "LIF", "reset": "half"] }, "ensembles[0].neuron_type.reset",
      "expected \"zero\" or \"subtract\", got \"half\"")
    try assertLoadFails(connection { $0["transform"] = ["type": "sparse"] }, "unknown transform type \"sparse\"")
    try assertLoadFails(
      broken { $0["probes"] = [["target": ["neurons": "hidden"], "mode": "mean"]] }, "probes[0].mode",
      "every_step or sum")
  }

  func testLoad_AbsurdSizes_RefusedBeforeAllocating() throws {
    try assertLoadFails(ensemble { $0["n_neurons"] = 1_000_000_000_000 }, "ensembles[0].n_neurons", "out of range")
    try assertLoadFails(
      ensemble {
        $0["n_neurons"] = 100_000
        $0["dimensions"] = 60_000
      }, "n_neurons x dimensions")
    let text = String(
      decoding: try JSONSerialization.data(withJSONObject: Self.valid(), options: [.sortedKeys]), as: UTF8.self)
    XCTAssertTrue(text.contains("\"size\":2"))
    try assertLoadFails(
      text: text.replacingOccurrences(of: "\"size\":2", with: "\"size\":99999999999999999999"),
      ["nodes[0].size", "integer 99999999999999999999 is out of range"])
  }
}

// MARK: - Shapes and references

extension NetworkFileErrorTests {
  func testLoad_WrongTransformShape_ModelErrorWithFileAndPath() throws {
    try assertLoadFails(
      connection { $0["transform"] = ["type": "matrix", "values": [[1, 0, 0], [0, 1, 0], [1, 1, 0]]] },
      "connections[0]", "shape (3, 3) does not match (size_out, size_in) = (3, 2)")
    try assertLoadFails(
      connection { $0["transform"] = ["type": "matrix", "values": [[1, 0], [0]]] },
      "connections[0].transform.values[1]",
      "row has 1 values, but row 0 has 2")
  }

  func testLoad_WrongPerNeuronShapes_Named() throws {
    try assertLoadFails(ensemble { $0["gain"] = [1, 1] }, "ensembles[0]", "hidden.gain: 2 values for 3 neurons")
    try assertLoadFails(ensemble { $0["encoders"] = [[1, 0]] }, "ensembles[0]", "hidden.encoders", "(1, 2)")
    try assertLoadFails(
      ensemble { $0["initial_voltage"] = ["type": "Values", "values": [0.5]] }, "ensembles[0].initial_voltage.values",
      "1 values for 3 neurons")
    try assertLoadFails(
      broken { $0["nodes"] = [["label": "input", "type": "constant", "size": 3, "values": [1, 2]]] }, "nodes[0].size",
      "values has 2 elements")
  }

  func testLoad_ModelChecks_NameFileAndObject() throws {
    try assertLoadFails(
      ensemble { $0["neuron_type"] = ["type": "LIF", "tau_rc": -0.02] }, "ensembles[0]",
      "hidden.tau_rc: must be positive")
    try assertLoadFails(
      ensemble { $0["neuron_type"] = ["type": "PoissonSpiking", "base": ["type": "LIF"]] }, "ensembles[0]",
      "must be a rate type")
    try assertLoadFails(
      broken { o in
        o["ensembles"] = [["label": "hidden", "n_neurons": 3, "dimensions": 1, "neuron_type": ["type": "LIFRate"]]]
        o["probes"] = [["target": ["neurons": "hidden"], "attribute": "voltage"]]
      }, "probes[0]", "LIFRate neurons have no voltage")
  }

  func testLoad_ReferencesToMissingObjects_Named() throws {
    try assertLoadFails(
      connection { $0["post"] = ["neurons": "hiden"] }, "connections[0].post", "no ensemble labelled \"hiden\"",
      "known: hidden")
    try assertLoadFails(
      connection { $0["pre"] = ["node": 4] }, "connections[0].pre", "node index 4 is out of range", "1 nodes")
    try assertLoadFails(
      broken { $0["probes"] = [["target": ["neuron": "hidden"]]] }, "probes[0].target", "{\"neurons\": ...}")
    try assertLoadFails(
      broken { o in
        var list = o["ensembles"] as? [[String: Any]] ?? []
        list.append(list[0])
        o["ensembles"] = list
      }, "connections[0].post", "2 ensembles are labelled \"hidden\"", "by index")
  }
}

// MARK: - Weights file

extension NetworkFileErrorTests {
  /// `valid()` with its matrix moved to `net.npz`.
  private func withNpzMatrix(_ extra: (inout [String: Any]) -> Void = { _ in }) -> [String: Any] {
    var o = connection { $0["transform"] = ["type": "matrix", "values": ["npz": "w"]] }
    o["weights"] = "net.npz"
    extra(&o)
    return o
  }

  private func writeNpz(_ arrays: [String: NDArray]) -> (URL) throws -> Void {
    { dir in try NPZ.write(arrays, to: dir.appendingPathComponent("net.npz")) }
  }

  func testLoad_NpzMatrix_Loads() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let url = dir.appendingPathComponent("net.json")
      try JSONSerialization.data(withJSONObject: withNpzMatrix()).write(to: url)
      try writeNpz(["w": NDArray(try Matrix([[1, 0], [0, 1], [2, 2]]))])(dir)
      let doc = try NetworkFile.load(url: url)
      XCTAssertEqual(doc.network.connections[0].transform, .matrix(try Matrix([[1, 0], [0, 1], [2, 2]])))
    }
  }

  func testLoad_MissingWeightsFile_NamesIt() throws {
    try assertLoadFails(withNpzMatrix(), "weights", "the weights file net.npz does not exist")
  }

  func testLoad_NaNWeights_CountAndFirstIndex() throws {
    let bad = NDArray(try Matrix(rows: 3, cols: 2, values: [1, .nan, 0, .infinity, .nan, 1]))
    try assertLoadFails(
      withNpzMatrix(), "net.npz", "array \"w\" (connections[0].transform.values)",
      "3 NaN or infinite values, the first at flat index 1", extraFiles: writeNpz(["w": bad]))
  }

  func testLoad_NpzArrayProblems_Named() throws {
    try assertLoadFails(
      withNpzMatrix(), "connections[0].transform.values", "\"w\", which net.npz does not have",
      extraFiles: writeNpz(["v": NDArray([1, 2] as [Float])]))
    try assertLoadFails(
      withNpzMatrix(), "array \"w\"", "expected a 2-D array",
      extraFiles: writeNpz(["w": NDArray([1, 2, 3, 4, 5, 6] as [Float])]))
    try assertLoadFails(
      withNpzMatrix(), "array \"w\"", "dtype uint8",
      extraFiles: writeNpz(["w": try NDArray(shape: [3, 2], bytes: [1, 2, 3, 4, 5, 6])]))
    try assertLoadFails(
      withNpzMatrix { $0["weights"] = nil }, "connections[0].transform.values", "names no weights file")
    try assertLoadFails(
      withNpzMatrix(), "net.npz",
      extraFiles: { dir in try Data("not a zip".utf8).write(to: dir.appendingPathComponent("net.npz")) })
  }

  func testLoad_WeightsFromAnotherSave_RefusedByCRC() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let url = dir.appendingPathComponent("net.json")
      let first = try NetworkFileFixtures.large(seed: 1)
      try NetworkFile.save(NetworkDocument(network: first), to: url)
      let oldJSON = try Data(contentsOf: url)
      // A second save that stops after the weights file: the old JSON meets new weights.
      try NetworkFile.save(NetworkDocument(network: try NetworkFileFixtures.large(seed: 2)), to: url)
      try oldJSON.write(to: url)
      InteropFixtures.assertFormatError("net.json", "weights_crc32", "not written by the same save") {
        _ = try NetworkFile.load(url: url)
      }
    }
  }
}

// MARK: - NEF fields (version 2)

extension NetworkFileErrorTests {
  /// A valid version-2 file: a decoded connection a -> b with eval points, function values
  /// and a solver.
  private static func nef(
    _ change: (inout [String: Any], inout [String: Any], inout [String: Any]) -> Void = {
      _, _, _ in
    }
  ) -> [String: Any] {
    var top: [String: Any] = ["format": "swiftsnn-network", "version": 2, "seed": 1]
    var a: [String: Any] = ["label": "a", "n_neurons": 3, "dimensions": 1, "eval_points": [[-0.5], [0], [0.5]]]
    var c: [String: Any] = [
      "label": "square", "pre": ["ensemble": "a"], "post": ["ensemble": "b"], "function": [[0.25], [0], [0.25]],
      "solver": ["type": "LstsqL2", "reg": 0.1, "weights": false],
    ]
    change(&top, &a, &c)
    top["ensembles"] = [a, ["label": "b", "n_neurons": 2, "dimensions": 1]]
    top["connections"] = [c]
    return top
  }

  func testLoad_NEFFields_Load() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let url = dir.appendingPathComponent("net.json")
      try JSONSerialization.data(withJSONObject: Self.nef()).write(to: url)
      let net = try NetworkFile.load(url: url).network
      XCTAssertEqual(net.ensembles[0].evalPoints, try DoubleMatrix([[-0.5], [0], [0.5]]))
      XCTAssertEqual(net.connections[0].function, .values(try DoubleMatrix([[0.25], [0], [0.25]])))
      XCTAssertEqual(net.connections[0].solver, .lstsqL2(reg: 0.1))
    }
  }

  func testLoad_NEFFieldsInAVersion1File_Refused() throws {
    try assertLoadFails(Self.nef { top, _, _ in top["version"] = 1 }, "ensembles[0].eval_points", "version 2")
    try assertLoadFails(
      Self.nef { top, a, _ in
        top["version"] = 1
        a["eval_points"] = nil
      }, "connections[0].function", "is a field of version 2 of the format, but the file says \"version\": 1")
  }

  func testLoad_BadSolvers_Named() throws {
    try assertLoadFails(
      Self.nef { _, _, c in c["solver"] = ["type": "Magic"] }, "connections[0].solver.type",
      "unknown solver \"Magic\"", "LstsqL2, LstsqL2nz, Lstsq, NoSolver")
    try assertLoadFails(Self.nef { _, _, c in c["solver"] = ["reg": 0.1] }, "connections[0].solver", "\"type\"")
    try assertLoadFails(
      Self.nef { _, _, c in c["solver"] = ["type": "LstsqL2", "reg": -0.1] }, "connections[0].solver.reg",
      "must be >= 0, got -0.1")
    try assertLoadFails(
      Self.nef { _, _, c in c["solver"] = ["type": "Lstsq", "reg": 0.1] }, "connections[0].solver.reg",
      "unknown field", "rcond")
    try assertLoadFails(
      Self.nef { _, _, c in c["solver"] = ["type": "LstsqL2nz", "weights": "yes"] }, "connections[0].solver.weights",
      "expected true or false, got a string")
    try assertLoadFails(
      Self.nef { _, _, c in c["solver"] = ["type": "NoSolver", "values": [[1], [2]]] },
      "connections[0].solver.values", "shape (2, 1) must be (3, size_out): one row per neuron of a")
  }

  func testLoad_BadFunctionsAndEvalPoints_Named() throws {
    try assertLoadFails(
      Self.nef { _, _, c in c["function"] = [[1], [2]] }, "connections[0].function",
      "shape (2, 1) must be (3, size_out): one row per eval point of a (3, its eval_points)")
    try assertLoadFails(
      Self.nef { _, a, _ in a["eval_points"] = nil }, "connections[0].function",
      "must be (750, size_out)", "Nengo's default count")
    try assertLoadFails(
      Self.nef { _, a, _ in a["eval_points"] = [[0.5, 1]] }, "ensembles[0].eval_points", "shape (1, 2) must be (m, 1)")
    try assertLoadFails(Self.nef { _, a, _ in a["eval_points"] = [] }, "ensembles[0].eval_points", "with m > 0")
    try assertLoadFails(
      Self.nef { _, _, c in c["pre"] = ["neurons": "a"] }, "connections[0].function", "only a decoded connection")
  }

  func testLoad_AbsurdEvalPoints_RefusedBeforeAllocatingActivities() throws {
    try assertLoadFails(
      Self.nef { _, a, c in
        a["n_neurons"] = 16_000_000
        a["eval_points"] = (0..<10).map { [Double($0) / 10] }
        c["function"] = nil
        c["solver"] = nil
      }, "ensembles[0].eval_points", "10 eval points x 16000000 neurons", "activities allowed")
  }

  func testLoad_NaNEvalPointsInTheNpz_CountAndFirstIndex() throws {
    let bad = try NDArray(shape: [3, 1], storage: .float64([0.5, .nan, 0]))
    try assertLoadFails(
      Self.nef { top, a, _ in
        top["weights"] = "net.npz"
        a["eval_points"] = ["npz": "p"]
      }, "net.npz", "array \"p\" (ensembles[0].eval_points)", "1 NaN or infinite values, the first at flat index 1",
      extraFiles: writeNpz(["p": bad]))
  }
}

// MARK: - Node kinds, Direct, sample_every (version 2)

extension NetworkFileErrorTests {
  /// `valid()` as version 2 with `node` as its second node.
  private func withNode(_ node: [String: Any], version: Int = 2) -> [String: Any] {
    broken { o in
      o["version"] = version
      o["nodes"] = (o["nodes"] as? [[String: Any]] ?? []) + [node]
    }
  }

  private func processNode(_ process: [String: Any]) -> [String: Any] {
    withNode(["label": "p", "type": "process", "process": process])
  }

  func testLoad_BadProcesses_Named() throws {
    try assertLoadFails(
      processNode(["type": "Noise"]), "nodes[1].process.type", "unknown process \"Noise\"", "Piecewise")
    try assertLoadFails(
      processNode(["type": "Piecewise", "times": [0, 0.1], "values": [[1]]]), "nodes[1].process.values",
      "shape (1, 1) must be (2, size): one row per time")
    try assertLoadFails(
      processNode(["type": "Piecewise", "times": [0, 0], "values": [[1], [2]]]), "nodes[1].process.times",
      "repeats a time")
    try assertLoadFails(
      processNode(["type": "Piecewise", "times": [0], "values": [[1]], "interpolation": "cubic"]),
      "nodes[1].process.interpolation", "expected \"zero\" or \"linear\", got \"cubic\"")
    try assertLoadFails(
      processNode(["type": "PresentInput", "inputs": [[1]], "presentation_time": 0]),
      "nodes[1].process.presentation_time", "must be > 0, got 0")
    try assertLoadFails(
      processNode(["type": "PresentInput", "inputs": [], "presentation_time": 0.1]), "nodes[1].process.inputs",
      "needs at least one non-empty input")
    try assertLoadFails(
      processNode(["type": "WhiteSignal", "period": 1, "high": 5, "size": 1_000_000_000_000]),
      "nodes[1].process.size", "out of range")
    try assertLoadFails(
      processNode(["type": "WhiteSignal", "period": 1, "high": 5, "sigma": 1]), "nodes[1].process.sigma",
      "unknown field", "rms")
    try assertLoadFails(
      withNode([
        "label": "p", "type": "process", "size": 3, "process": ["type": "WhiteSignal", "period": 1, "high": 5],
      ]),
      "nodes[1].size", "is 3, but the process gives 1 values")
  }

  func testLoad_BadNodeKinds_Named() throws {
    try assertLoadFails(
      withNode(["label": "s", "type": "passthrough", "size": 2], version: 1), "nodes[1].type", "version 2")
    try assertLoadFails(withNode(["label": "s", "type": "passthrough"]), "nodes[1]", "missing required field \"size\"")
    try assertLoadFails(
      withNode(["label": "s", "type": "passthrough", "size": 1, "values": [1]]), "nodes[1].values",
      "a node of type \"passthrough\" has no values")
    try assertLoadFails(
      withNode(["label": "s", "type": "input", "size": 1, "process": ["type": "Noise"]]), "nodes[1].process",
      "a node of type \"input\" has no process")
    try assertLoadFails(
      withNode(["label": "s", "type": "function", "size": 1]), "unknown node type \"function\"", "passthrough")
    try assertLoadFails(
      ensemble {
        $0["neuron_type"] = ["type": "Direct"]
        $0["gain"] = nil
        $0["bias"] = nil
      }, "ensembles[0].neuron_type.type", "version 2")
    try assertLoadFails(
      broken { o in
        o["version"] = 2
        o["probes"] = [["target": ["neurons": "hidden"], "sample_every": "often"]]
      }, "probes[0].sample_every", "expected a number, got a string")
    try assertLoadFails(
      broken { o in o["probes"] = [["target": ["neurons": "hidden"], "sample_every": 0.01]] },
      "probes[0].sample_every", "is a field of version 2")
  }
}

// MARK: - Learning rules (version 2)

extension NetworkFileErrorTests {
  /// `nef()` made to learn: the decoded connection `square` learns by PES, `b` feeds its
  /// error into the rule, and a probe records its weights; `change` edits the rule's
  /// connection, the error connection and the probe.
  private static func learning(
    _ change: (inout [String: Any], inout [String: Any], inout [String: Any], inout [String: Any]) -> Void = {
      _, _, _, _ in
    }
  ) -> [String: Any] {
    var top = nef { _, _, c in
      c["learning_rule"] = ["type": "PES", "learning_rate": 1e-4, "pre_synapse": ["type": "Lowpass", "tau": 0.005]]
    }
    var rule = (top["connections"] as? [[String: Any]] ?? [])[0]
    var error: [String: Any] = ["label": "err", "pre": ["ensemble": "b"], "post": ["learning_rule": "square"]]
    var probe: [String: Any] = ["label": "w", "target": ["learning_rule": "square"], "attribute": "weights"]
    change(&top, &rule, &error, &probe)
    top["connections"] = [rule, error]
    top["probes"] = [probe]
    return top
  }

  func testLoad_LearningRule_Loads() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let url = dir.appendingPathComponent("net.json")
      try JSONSerialization.data(withJSONObject: Self.learning()).write(to: url)
      let net = try NetworkFile.load(url: url).network
      XCTAssertEqual(net.connections[0].learningRule, .pes(PES(learningRate: 1e-4)))
      XCTAssertEqual(net.connections[1].post, .learningRule(0))
      XCTAssertEqual(net.probes[0].target, .learningRule(0))
      XCTAssertEqual(net.probes[0].attribute, .weights)
    }
    // Left-out parameters take Nengo's defaults; BCM's and Oja's post synapse is the pre synapse.
    let defaults: [(file: [String: Any], rule: LearningRule)] = [
      (["type": "PES"], .pes(PES())), (["type": "RLS", "pre_synapse": NSNull()], .rls(RLS(preSynapse: nil))),
      (["type": "BCM", "pre_synapse": ["type": "Alpha", "tau": 0.01]], .bcm(BCM(preSynapse: .alpha(0.01)))),
      (["type": "Oja", "post_synapse": NSNull()], .oja(Oja(postSynapse: .some(nil)))),
    ]
    for (file, rule) in defaults {
      let object = Self.nef { _, _, c in
        c["function"] = nil
        c["solver"] = rule.modifiesDecoders ? nil : ["type": "LstsqL2", "weights": true]
        c["learning_rule"] = file
      }
      try InteropFixtures.withTemporaryDirectory { dir in
        let url = dir.appendingPathComponent("net.json")
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        XCTAssertEqual(try NetworkFile.load(url: url).network.connections[0].learningRule, rule, "\(file)")
      }
    }
  }

  func testLoad_LearningFieldsInAVersion1File_Refused() throws {
    try assertLoadFails(
      Self.learning { top, r, _, _ in
        top["version"] = 1
        top["ensembles"] = [
          ["label": "a", "n_neurons": 3, "dimensions": 1], ["label": "b", "n_neurons": 2, "dimensions": 1],
        ]
        r["function"] = nil
        r["solver"] = nil
      }, "connections[0].learning_rule",
      "is a field of version 2 of the format, but the file says \"version\": 1")
    try assertLoadFails(
      broken { o in o["probes"] = [["target": ["neurons": "hidden"], "attribute": "weights"]] },
      "probes[0].attribute", "is a field of version 2")
  }

  func testLoad_BadLearningRules_Named() throws {
    try assertLoadFails(
      Self.learning { _, r, _, _ in r["learning_rule"] = ["type": "Hebb"] }, "connections[0].learning_rule.type",
      "unknown learning rule \"Hebb\"", "PES, BCM, Oja, RLS, Voja")
    try assertLoadFails(
      Self.learning { _, r, _, _ in r["learning_rule"] = ["learning_rate": 1] }, "connections[0].learning_rule",
      "expected a learning rule object with a \"type\"")
    try assertLoadFails(
      Self.learning { _, r, _, _ in r["learning_rule"] = "PES" }, "connections[0].learning_rule",
      "expected a learning rule object")
    try assertLoadFails(
      Self.learning { _, r, _, _ in r["learning_rule"] = ["type": "PES", "learning_rate": -1e-4] },
      "connections[0].learning_rule.learning_rate", "must be >= 0 and finite, got -0.0001")
    try assertLoadFails(
      Self.learning { _, r, _, _ in r["learning_rule"] = ["type": "PES", "learning_rate": "fast"] },
      "connections[0].learning_rule.learning_rate", "expected a number, got a string")
    try assertLoadFails(
      Self.learning { _, r, _, _ in r["learning_rule"] = ["type": "PES", "pre_synapse": 0.005] },
      "connections[0].learning_rule.pre_synapse", "a synapse")
    try assertLoadFails(
      Self.learning { _, r, _, _ in r["learning_rule"] = ["type": "PES", "beta": 1] },
      "connections[0].learning_rule.beta", "unknown field", "pre_synapse")
    try assertLoadFails(
      Self.learning { _, r, _, _ in r["learning_rule"] = ["type": "Oja", "beta": -1] },
      "connections[0].learning_rule.beta", "must be >= 0")
    // The model's own checks name the connection: BCM needs weights between neurons.
    try assertLoadFails(
      Self.learning { _, r, _, _ in r["learning_rule"] = ["type": "BCM"] }, "connections[0]", "square")
  }

  func testLoad_BadLearningRuleReferences_Named() throws {
    try assertLoadFails(
      Self.learning { _, r, _, _ in r["learning_rule"] = nil }, "connections[1].post",
      "connection square (connections[0]) has no learning_rule")
    try assertLoadFails(
      Self.learning { _, _, e, _ in e["post"] = ["learning_rule": "ghost"] }, "connections[1].post",
      "no connection labelled \"ghost\" (known: square)")
    try assertLoadFails(
      Self.learning { _, _, e, _ in e["post"] = ["learning_rule": 5] }, "connections[1].post",
      "connection index 5 is not one listed before this point")
    try assertLoadFails(
      Self.learning { _, _, e, _ in e["post"] = ["learning_rule": true] }, "connections[1].post.learning_rule",
      "expected a label or an index, got")
    // A connection into a rule listed before the connection that learns.
    try assertLoadFails(
      Self.learning { top, r, e, _ in
        swap(&r, &e)
        e["post"] = ["ensemble": "b"]
        top["probes"] = nil
      }, "connections[0].post", "no connection labelled \"square\" (there are none)")
    try assertLoadFails(
      Self.learning { _, _, _, p in p["target"] = ["learning_rule": "err"] }, "probes[0].target",
      "connection err (connections[1]) has no learning_rule")
    try assertLoadFails(
      Self.learning { _, _, _, p in p["attribute"] = "inv_gamma" }, "probes[0]", "inv_gamma")
    try assertLoadFails(
      Self.learning { _, _, e, _ in e["pre"] = ["learning_rule": "square"] }, "connections[1]",
      "a learning rule has no output to connect from")
  }
}
