import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// `snn mnist --weights FILE --epochs 0` runs the SNN from every weights format Keras users
/// have, without training.
final class MNISTWeightsTests: XCTestCase {
  func testEveryKerasFormat_RunsTheSNNWithoutTraining() throws {
    guard let dir = TestPaths.kerasFixture, FileManager.default.fileExists(atPath: dir.path) else {
      throw unavailable("Keras fixture not found")
    }
    guard TestPaths.mnistDirectory != nil else { throw unavailable("MNIST not found") }
    var accuracies: Set<String> = []
    for file in [
      "model_weights.h5", "model_weights_fixedlen_attrs.h5", "model.weights.h5", "model.keras", "weights.npz",
    ] {
      let r = try BuiltTool.run(
        "snn",
        [
          "mnist", "--weights", dir.appendingPathComponent(file).path, "--epochs", "0", "--test-limit", "20",
          "--steps", "30", "--calibration", "100", "--json",
        ])
      XCTAssertEqual(r.status, 0, "\(file): \(r.stderr)")
      let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], file)
      let ann = try XCTUnwrap(object["ann"] as? [String: Any], file)
      let snn = try XCTUnwrap(object["snn"] as? [String: Any], file)
      XCTAssertEqual(ann["train_seconds"] as? Double, 0, file)
      XCTAssertEqual(snn["images"] as? Int, 20, file)
      accuracies.insert("\(ann["test_accuracy"] ?? "") \(snn["test_accuracy"] ?? "")")
    }
    // The same weights in five containers: the same ANN and SNN results.
    XCTAssertEqual(accuracies.count, 1, "\(accuracies)")
  }
}

// MARK: - Which networks `snn mnist` and `nengo-forum` accept

extension MNISTWeightsTests {
  /// Writes `kernels` as W1, W2, ... into `name` in `directory`.
  private func weightsFile(_ kernels: [Matrix], _ name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    var arrays: [String: NDArray] = [:]
    for (i, k) in kernels.enumerated() { arrays["W\(i + 1)"] = NDArray(k) }
    try NPZ.write(arrays, to: url)
    return url.path
  }

  /// Anything but 784 inputs and 10 classes is refused by both tools with the same
  /// message, naming the file and the layer, before MNIST is even looked for.
  func testWrongShapes_RefusedNamingFileAndLayer_SameMessageInBothTools() throws {
    let dir = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let fiveClasses = try weightsFile([Matrix(rows: 784, cols: 64), Matrix(rows: 64, cols: 5)], "five.npz", in: dir)
    let oneClass = try weightsFile([Matrix(rows: 784, cols: 128), Matrix(rows: 128, cols: 1)], "one.npz", in: dir)
    let smallInput = try weightsFile([Matrix(rows: 100, cols: 128), Matrix(rows: 128, cols: 10)], "small.npz", in: dir)
    let cases = [
      (fiveClasses, "layer 2 (W2) has 5 outputs; an MNIST classifier needs 10 (one per class)"),
      (oneClass, "layer 2 (W2) has 1 outputs; an MNIST classifier needs 10 (one per class)"),
      (smallInput, "layer 1 (W1) has 100 inputs; an MNIST classifier needs 784 (28 x 28 pixels)"),
    ]
    let noData = ["--data", dir.appendingPathComponent("no-mnist").path]
    for (file, problem) in cases {
      let snn = try BuiltTool.run("snn", ["mnist", "--weights", file] + noData)
      XCTAssertEqual(snn.status, 64, snn.stderr)
      XCTAssertEqual(snn.stderr, "snn: \(file): \(problem)\n")
      let forum = try BuiltTool.run("nengo-forum", ["--weights", file] + noData)
      XCTAssertEqual(forum.status, 64, forum.stderr)
      XCTAssertEqual(forum.stderr, "nengo-forum: \(file): \(problem)\n")
    }
  }

  /// A 784-128-128-10 stack: the fixture's layers with an identity layer between them,
  /// which computes exactly the fixture's function (ReLU of a ReLU output is itself). It
  /// is accepted, printed with its real shape, converted and simulated end to end.
  /// `snn mnist --precision float64` runs the same converted network in float64: it says
  /// so in its JSON, and on 200 test images classifies as float32 does (measured: 0.99 and
  /// the same synaptic operations in both); the default is float32.
  func testPrecisionFloat64_RunsAndReportsIt() throws {
    guard let keras = TestPaths.kerasFixture, let data = TestPaths.mnistDirectory else {
      throw unavailable("MNIST or the Keras fixture is not available")
    }
    var results: [String: [String: Any]] = [:]
    for precision in [nil, "float64"] {
      let r = try BuiltTool.run(
        "snn",
        [
          "mnist", "--data", data.path, "--weights", keras.appendingPathComponent("weights.npz").path,
          "--test-limit", "200", "--json",
        ] + (precision.map { ["--precision", $0] } ?? []))
      XCTAssertEqual(r.status, 0, r.stderr)
      let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout)
      results[precision ?? "default"] = try XCTUnwrap(object["snn"] as? [String: Any])
    }
    let f32 = try XCTUnwrap(results["default"])
    let f64 = try XCTUnwrap(results["float64"])
    XCTAssertEqual(f32["precision"] as? String, "float32")
    XCTAssertEqual(f64["precision"] as? String, "float64")
    let accuracy = try XCTUnwrap(f64["test_accuracy"] as? Double)
    XCTAssertEqual(accuracy, try XCTUnwrap(f32["test_accuracy"] as? Double), accuracy: 0.02)
    XCTAssertGreaterThan(accuracy, 0.9)
  }

  func testThreeLayerStack_RunsEndToEnd_WithItsRealShape() throws {
    guard let keras = TestPaths.kerasFixture, let data = TestPaths.mnistDirectory else {
      throw unavailable("MNIST or the Keras fixture is not available")
    }
    let dir = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let two = try KerasWeights.load(url: keras.appendingPathComponent("weights.npz"))
    var identity = Matrix(rows: 128, cols: 128)
    for i in 0..<128 { identity.values[i * 128 + i] = 1 }
    let three = try weightsFile([two[0].kernel, identity, two[1].kernel], "three.npz", in: dir)
    func run(_ weights: String) throws -> (ann: [String: Any], snn: [String: Any]) {
      let r = try BuiltTool.run(
        "snn",
        [
          "mnist", "--data", data.path, "--weights", weights, "--test-limit", "60", "--steps", "200",
          "--calibration", "200", "--json",
        ])
      XCTAssertEqual(r.status, 0, r.stderr)
      let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout)
      return (try XCTUnwrap(object["ann"] as? [String: Any]), try XCTUnwrap(object["snn"] as? [String: Any]))
    }
    let deep = try run(three)
    let shallow = try run(keras.appendingPathComponent("weights.npz").path)
    XCTAssertEqual(deep.ann["shape"] as? String, "784-128-128-10")
    XCTAssertEqual(shallow.ann["shape"] as? String, "784-128-10")
    XCTAssertEqual(deep.ann["test_accuracy"] as? Double, shallow.ann["test_accuracy"] as? Double)
    XCTAssertEqual((deep.snn["scales"] as? [Double])?.count, 3)
    let accuracy = try XCTUnwrap(deep.snn["test_accuracy"] as? Double)
    let reference = try XCTUnwrap(shallow.snn["test_accuracy"] as? Double)
    XCTAssertGreaterThanOrEqual(accuracy, reference - 0.1, "the deeper SNN must classify about as well")
    let text = try BuiltTool.run(
      "snn",
      ["mnist", "--data", data.path, "--weights", three, "--test-limit", "10", "--steps", "20", "--calibration", "50"])
    XCTAssertTrue(text.stdout.contains("ANN (784-128-128-10)"), text.stdout)
    // The compare peers implement two layers only: refused before any work.
    let compare = try BuiltTool.run(
      "snn", ["compare", "--data", dir.appendingPathComponent("none").path, "--weights", three])
    XCTAssertEqual(compare.status, 64, compare.stderr)
    XCTAssertEqual(
      compare.stderr,
      "snn: \(three): the peers implement two Dense layers (784-hidden-10); this network is 784-128-128-10\n")
  }
}
