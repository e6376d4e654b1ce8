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
    XCTAssertEqual(object["written"] as? [String], [file.path, dir.appendingPathComponent("user.npz").path])
    let doc = try NetworkFile.load(url: file)
    XCTAssertEqual(doc.metadata["readout"], "probe_positive_steps")
    XCTAssertEqual(doc.metadata["input_scale"], "255")
    XCTAssertEqual(doc.network.ensembles.map(\.nNeurons), [784, 128, 10])

    let d = try execute(
      "snn", ["diagnose", file.path, "--data", mnist.path, "--limit", "4", "--steps", "60", "--json"])
    XCTAssertEqual(d.status, 0, d.stderr)
    let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(d.stdout.utf8)) as? [String: Any])
    let ids = Set((report["causes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
    XCTAssertTrue(
      ids.isSuperset(of: [
        "input_not_normalized", "gain_scales_weights", "rate_beyond_dt_limit", "probe_counts_steps_not_spikes",
      ]), "\(ids)")
    XCTAssertFalse(ids.contains("silent_layer"))
  }

  /// The forum network on the first 100 test images with the fixture weights: the
  /// figures it is known for (the user's 0.47, 0.70 once spikes are counted, 0.99 fixed),
  /// whatever the batch size. The ANN and the fixed network are recomputed here through
  /// the library (Sequential; Converter defaults calibrated on 2000 training images,
  /// seed 0), independently of the tool.
  func testForum_First100Images_KnownAccuracies_IndependentOfBatchSize() throws {
    let (mnist, weights) = try fixtures()
    func run(_ batch: String) throws -> [String: Any] {
      let r = try execute(
        "nengo-forum",
        ["--data", mnist.path, "--weights", weights.path, "--limit", "100", "--batch-size", batch, "--json"])
      XCTAssertEqual(r.status, 0, r.stderr)
      return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }
    let object = try run("1000")
    XCTAssertEqual(object["user_readout_accuracy"] as? Double, 0.47)
    XCTAssertEqual(object["spike_count_accuracy"] as? Double, 0.70)
    XCTAssertEqual(object["fixed_accuracy"] as? Double, 0.99)
    XCTAssertEqual(object["user_output_spikes_per_image"] as? Double ?? 0, 914.38, accuracy: 0.01)
    let small = try run("7")
    for key in ["user_readout_accuracy", "spike_count_accuracy", "fixed_accuracy", "user_output_spikes_per_image"] {
      XCTAssertEqual(small[key] as? Double, object[key] as? Double, key)
    }

    let layers = try KerasWeights.load(url: weights)
    let ann = try Sequential(layers: [
      Dense(kernel: layers[0].kernel, activation: .relu), Dense(kernel: layers[1].kernel, activation: .softmax),
    ])
    let test = try MNISTDataset.load(directory: mnist, split: .test, limit: 100)
    let x = try Matrix(rows: 100, cols: 784, values: test.scaledPixels(range: 0..<100))
    XCTAssertEqual(object["ann_accuracy"] as? Double, try ann.accuracy(x, labels: test.labels))
    let train = try MNISTDataset.load(directory: mnist, split: .train, limit: 2000)
    let calibration = try Matrix(rows: 2000, cols: 784, values: train.scaledPixels(range: 0..<2000))
    let fixed = try SpikingEvaluation.evaluate(
      try Converter.convert(ann, calibration: calibration), inputs: x, labels: test.labels, steps: 350, dt: 0.001,
      batchSize: 100, threads: 1, seed: 0)
    XCTAssertEqual(object["fixed_accuracy"] as? Double, fixed.accuracy)
  }

  func testForum_Version() throws {
    let r = try execute("nengo-forum", ["--version"])
    XCTAssertEqual(r.status, 0)
    XCTAssertEqual(r.stdout, "0.1.0\n")
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
