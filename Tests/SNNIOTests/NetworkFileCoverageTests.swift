import Foundation
import SwiftSNN
import XCTest

/// The network file format covers every stored field of the model's types: a field added
/// to the model without a place in the format would silently break the exact round trip,
/// so this test lists the fields the format writes and fails when the model has others.
/// What it cannot store (a node's function of time) is listed too: `NetworkFile.save`
/// refuses a network that uses it (``testSave_RefusesWhatTheFormatCannotStore``).
///
/// (New enum cases need no test: the encoder's switches are exhaustive and stop compiling.)
final class NetworkFileCoverageTests: XCTestCase {
  private func fields(of value: Any) -> Set<String> {
    Set(Mirror(reflecting: value).children.compactMap(\.label))
  }

  private func assertCovered(_ value: Any, _ known: Set<String>, file: StaticString = #filePath, line: UInt = #line) {
    let actual = fields(of: value)
    XCTAssertEqual(
      actual, known,
      "\(type(of: value)) has fields \(actual.subtracting(known).sorted()) the network file format does not store "
        + "(add them to NetworkEncoder/NetworkDecoder and docs/network-format.md)",
      file: file, line: line)
  }

  /// What the format cannot store is refused by `NetworkFile.save`, naming the object,
  /// never dropped: Swift code run during the simulation (a node's function of t or of
  /// (t, x), a function on a connection from a Direct ensemble). A decoded connection's
  /// closure is stored as its values at the eval points (`NetworkFileNEFTests`), a learning
  /// rule with every parameter (`NetworkFileLearningTests`).
  func testSave_RefusesWhatTheFormatCannotStore() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nef2-save-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("net.json")
    var timed = Network(seed: 1)
    try timed.add(Node(label: "clock") { t in [t] })
    var xNode = Network(seed: 1)
    try xNode.add(Node(sizeIn: 1, sizeOut: 1, label: "tx") { _, x in x })
    var direct = Network(seed: 1)
    let d = try direct.add(Ensemble(nNeurons: 1, dimensions: 1, neuronType: .direct, label: "d"))
    try direct.connect(
      .ensemble(d), .ensemble(d), synapse: .lowpass(0.1), label: "dsq", function: ConnectionFunction { x in x })
    for (net, name) in [(timed, "clock"), (xNode, "tx"), (direct, "dsq")] {
      XCTAssertThrowsError(try NetworkFile.save(NetworkDocument(network: net), to: url)) {
        XCTAssertTrue("\($0)".contains(name), "\($0)")
      }
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
  }

  func testFormat_CoversEveryModelField() throws {
    var net = Network(seed: 1)
    assertCovered(net, ["seed", "config", "label", "nodes", "ensembles", "connections", "probes"])
    assertCovered(net.config, ["ensemble", "connection"])
    assertCovered(net.config.ensemble, ["neuronType", "maxRates", "intercepts", "radius"])
    assertCovered(net.config.connection, ["synapse"])
    assertCovered(LIFParameters(), ["tauRC", "tauRef", "minVoltage", "amplitude", "reset"])
    let node = try net.add(Node(size: 1, label: "n"))
    // sizeIn: a passthrough node's is its size; save refuses (t, x) functions (NetworkFile.save).
    assertCovered(net.nodes[0], ["label", "size", "sizeIn", "source"])
    let e = try net.add(Ensemble(nNeurons: 1, dimensions: 1, label: "e"))
    assertCovered(
      net.ensembles[0],
      [
        "label", "nNeurons", "dimensions", "neuronType", "maxRates", "intercepts", "gain", "bias", "radius", "encoders",
        "initialVoltage", "initialRefractory", "evalPoints",
      ])
    try net.connect(.node(node), .ensemble(e))
    assertCovered(
      net.connections[0],
      ["pre", "post", "transform", "synapse", "label", "preSlice", "postSlice", "function", "solver", "learningRule"])
    try net.probe(.neurons(e))
    // sampleEvery: stored as "sample_every" (version 2).
    assertCovered(net.probes[0], ["target", "attribute", "synapse", "mode", "label", "slice", "sampleEvery"])
    // Learning rules (version 2): every parameter of every rule is a field of its JSON object.
    assertCovered(PES(), ["learningRate", "preSynapse"])
    assertCovered(BCM(), ["learningRate", "preSynapse", "postSynapse", "thetaSynapse"])
    assertCovered(Oja(), ["learningRate", "preSynapse", "postSynapse", "beta"])
    assertCovered(RLS(), ["learningRate", "preSynapse"])
    assertCovered(Voja(), ["learningRate", "postSynapse"])
  }
}
