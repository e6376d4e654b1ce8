import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// Runs the built `nengo-forum` and `snn` binaries: the forum user's network, exported and
/// diagnosed.
final class NengoForumTests: XCTestCase {
  private func execute(_ name: String, _ arguments: [String], environment: [String: String]? = nil) throws
    -> BuiltTool.Result
  {
    try BuiltTool.run(name, arguments, environment: environment)
  }

  private func fixtures() throws -> (mnist: URL, weights: URL) {
    guard let mnist = TestPaths.mnistDirectory else { throw unavailable("MNIST not found") }
    guard let dir = TestPaths.kerasFixture else { throw unavailable("shared Keras fixture not found") }
    return (mnist, dir.appendingPathComponent("weights.npz"))
  }

  func testForum_JSONKeys_ExportedNetworkIsDiagnosed() throws {
    let (mnist, weights) = try fixtures()
    let dir = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("user.json")
    let r = try execute(
      "nengo-forum", ["--data", mnist.path, "--weights", weights.path, "--limit", "4", "--json", "--export", file.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(object["images"] as? Int, 4)
    for key in ["user_readout_accuracy", "spike_count_accuracy", "fixed_accuracy"] {
      let value = try XCTUnwrap(object[key] as? Double, key)
      XCTAssertTrue((0...1).contains(value), "\(key) = \(value)")
    }
    let doc = try NetworkFile.load(url: file)
    XCTAssertEqual(doc.metadata["readout"], "probe_positive_steps")
    XCTAssertEqual(doc.metadata["input_scale"], "255")
    XCTAssertEqual(doc.network.ensembles.map(\.nNeurons), [784, 128, 10])

    let d = try execute("snn", ["diagnose", file.path, "--data", mnist.path, "--limit", "4", "--steps", "60", "--json"])
    XCTAssertEqual(d.status, 0, d.stderr)
    let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(d.stdout.utf8)) as? [String: Any])
    let ids = Set((report["causes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
    XCTAssertTrue(
      ids.isSuperset(of: [
        "input_not_normalized", "gain_scales_weights", "rate_beyond_dt_limit", "probe_counts_steps_not_spikes",
      ]), "\(ids)")
    XCTAssertFalse(ids.contains("silent_layer"))
  }

  func testForum_BadWeights_OneLineError() throws {
    let (mnist, _) = try fixtures()
    let r = try execute("nengo-forum", ["--data", mnist.path, "--weights", "/nonexistent/w.npz"])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
    XCTAssertTrue(r.stderr.contains("/nonexistent/w.npz"), r.stderr)
    let bare = try execute("nengo-forum", ["--limit", "1"], environment: ["PATH": "/usr/bin:/bin"])
    XCTAssertNotEqual(bare.status, 0)
    XCTAssertTrue(bare.stderr.contains("SWIFTSNN_FIXTURES"), bare.stderr)
  }

  func testMNISTDiagnose_ConvertedNetwork_ReportsNoCause() throws {
    let (mnist, weights) = try fixtures()
    let r = try execute(
      "snn",
      [
        "mnist", "--data", mnist.path, "--weights", weights.path, "--epochs", "0", "--test-limit", "10", "--steps",
        "80", "--calibration", "500", "--diagnose", "--json",
      ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let diagnosis = try XCTUnwrap(object["diagnosis"] as? [String: Any])
    XCTAssertEqual(diagnosis["images"] as? Int, 10)
    XCTAssertEqual((diagnosis["causes"] as? [Any])?.count, 0, "\(diagnosis["causes"] ?? "")")
    XCTAssertEqual((diagnosis["layers"] as? [Any])?.count, 3)
  }

  func testDiagnose_MissingFile_OneLineError() throws {
    let r = try execute("snn", ["diagnose", "/nonexistent/net.json"])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
    XCTAssertTrue(r.stderr.contains("/nonexistent/net.json"), r.stderr)
  }
}
