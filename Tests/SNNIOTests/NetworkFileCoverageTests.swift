import Foundation
import SwiftSNN
import XCTest

/// The network file format covers every stored field of the model's types: a field added
/// to the model without a place in the format would silently break the exact round trip,
/// so this test lists the fields the format writes and fails when the model has others.
/// The few it cannot store yet are listed too: `NetworkFile.save` refuses a network that
/// uses them (``testSave_RefusesWhatTheFormatCannotStoreYet``).
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

  /// What the format cannot store yet is refused by `NetworkFile.save`, naming the
  /// object, never dropped: a node's function of time, a decoded connection's function or
  /// solver, an ensemble's eval points, a learning rule (listed as covered below).
  func testSave_RefusesWhatTheFormatCannotStoreYet() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nef2-save-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("net.json")
    var timed = Network(seed: 1)
    try timed.add(Node(label: "clock") { t in [t] })
    var decoded = Network(seed: 1)
    let a = try decoded.add(Ensemble(nNeurons: 5, dimensions: 1, label: "a"))
    try decoded.connect(
      .ensemble(a), .ensemble(a), synapse: .lowpass(0.1), label: "square", function: ConnectionFunction { x in x })
    var points = Network(seed: 1)
    try points.add(Ensemble(nNeurons: 5, dimensions: 1, evalPoints: try DoubleMatrix([[0.5]]), label: "p"))
    var learning = Network(seed: 1)
    let b = try learning.add(Ensemble(nNeurons: 5, dimensions: 1, label: "b"))
    try learning.connect(
      .ensemble(b), .ensemble(b), synapse: .lowpass(0.1), label: "learns", learningRule: .pes(PES()))
    for (net, name) in [(timed, "clock"), (decoded, "square"), (points, "p"), (learning, "learns")] {
      XCTAssertThrowsError(try NetworkFile.save(NetworkDocument(network: net), to: url)) {
        XCTAssertTrue("\($0)".contains(name), "\($0)")
      }
      XCTAssertFalse(FileManager.default.fileExists(atPath: url.path), name)
    }
  }

  func testFormat_CoversEveryModelField() throws {
    var net = Network(seed: 1)
    assertCovered(net, ["seed", "config", "label", "nodes", "ensembles", "connections", "probes"])
    assertCovered(net.config, ["ensemble", "connection"])
    assertCovered(net.config.ensemble, ["neuronType", "maxRates", "intercepts", "radius"])
    assertCovered(net.config.connection, ["synapse"])
    assertCovered(LIFParameters(), ["tauRC", "tauRef", "minVoltage", "amplitude", "reset"])
    let node = try net.add(Node(size: 1, label: "n"))
    assertCovered(net.nodes[0], ["label", "size", "source"])
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
    assertCovered(net.probes[0], ["target", "attribute", "synapse", "mode", "label", "slice"])
  }
}
