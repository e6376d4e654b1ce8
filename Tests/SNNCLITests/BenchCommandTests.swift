import Foundation
import SNNKernels
import SwiftSNN
import XCTest
import _SNNTestSupport

/// `snn bench` runs both synaptic paths on the same images and reports them side by side.
final class BenchCommandTests: XCTestCase {
  func testBench_EventAndDensePaths_AgreeAndReportTheirWork() throws {
    guard let weights = TestPaths.kerasFixture?.appendingPathComponent("weights.npz"),
      FileManager.default.fileExists(atPath: weights.path)
    else { throw unavailable("Keras fixture not found") }
    guard TestPaths.mnistDirectory != nil else { throw unavailable("MNIST not found") }
    let r = try BuiltTool.run(
      "snn",
      [
        "bench", "--weights", weights.path, "--images", "12", "--steps", "40", "--batch-size", "5", "--repeat", "2",
        "--json",
      ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let event = try XCTUnwrap(object["event_driven"] as? [String: Any])
    let dense = try XCTUnwrap(object["dense"] as? [String: Any])
    XCTAssertEqual(object["images"] as? Int, 12)
    XCTAssertEqual(object["steps"] as? Int, 40)
    // The same network run here through the library (the fixture converted with the
    // defaults, calibrated on 2000 training images; seed 0): the bench reports its
    // accuracy and synaptic operations exactly, for each path.
    let mnist = try XCTUnwrap(TestPaths.mnistDirectory)
    let layers = try KerasWeights.load(url: weights)
    let ann = try Sequential(layers: [
      Dense(kernel: layers[0].kernel, bias: layers[0].bias, activation: .relu),
      Dense(kernel: layers[1].kernel, bias: layers[1].bias, activation: .softmax),
    ])
    let train = try MNISTDataset.load(directory: mnist, split: .train, limit: 2000)
    let test = try MNISTDataset.load(directory: mnist, split: .test, limit: 12)
    let converted = try Converter.convert(
      ann, calibration: try Matrix(rows: 2000, cols: 784, values: train.scaledPixels(range: 0..<2000)))
    let x = try Matrix(rows: 12, cols: 784, values: test.scaledPixels(range: 0..<12))
    for (name, path, reported) in [("event", PathChoice.event, event), ("dense", .dense, dense)] {
      let expected = try SpikingEvaluation.evaluate(
        converted, inputs: x, labels: test.labels, steps: 40, dt: 0.001, batchSize: 5, threads: 1, seed: 0, path: path)
      XCTAssertEqual(reported["accuracy"] as? Double, expected.accuracy, name)
      XCTAssertEqual(reported["synaptic_operations"] as? Int, expected.synapticOperations, name)
    }
    // The paths differ only in summation order: same spikes up to rounding, same answers here.
    XCTAssertEqual(object["same_predictions"] as? Int, 12)
    // Event-driven work is spikes x width, far below the dense multiply-adds.
    let eventOps = try XCTUnwrap(event["synaptic_operations"] as? Int)
    let denseOps = try XCTUnwrap(dense["synaptic_operations"] as? Int)
    XCTAssertLessThan(eventOps * 5, denseOps)
    // 1 and all threads for each path, then the event-driven kernels on every slower
    // instruction set this CPU has (AVX2 and scalar on an AVX-512 machine), one thread:
    // all with the same predictions.
    let runs = try XCTUnwrap(object["runs"] as? [[String: Any]])
    let best = InstructionSet.best
    XCTAssertEqual(object["instruction_set"] as? String, best.description)
    XCTAssertEqual(runs.count, 4 + InstructionSet.allCases.filter { $0 < best }.count)
    XCTAssertEqual(
      Set(runs.compactMap { $0["instruction_set"] as? String }),
      Set(InstructionSet.allCases.filter { $0 <= best }.map(\.description)))
    XCTAssertEqual(object["same_predictions_every_run"] as? Bool, true)
    // Two interleaved rounds, the fastest of each configuration reported.
    XCTAssertEqual(object["rounds"] as? Int, 2)
  }

  func testBench_BadImages_OneLineError() throws {
    for args in [["--images", "0"], ["--repeat", "0"]] {
      let r = try BuiltTool.run("snn", ["bench"] + args)
      XCTAssertNotEqual(r.status, 0)
      XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
    }
  }
}
