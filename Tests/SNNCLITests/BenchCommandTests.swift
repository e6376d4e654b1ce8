import Foundation
import SNNKernels
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
    XCTAssertGreaterThan(try XCTUnwrap(event["seconds"] as? Double), 0)
    XCTAssertGreaterThan(try XCTUnwrap(dense["seconds"] as? Double), 0)
    XCTAssertGreaterThan(try XCTUnwrap(event["synaptic_ops_per_second"] as? Double), 0)
    // The paths differ only in summation order: same spikes up to rounding, same answers here.
    XCTAssertEqual(event["accuracy"] as? Double, dense["accuracy"] as? Double)
    XCTAssertEqual(object["same_predictions"] as? Int, 12)
    // Event-driven work is spikes x width, far below the dense multiply-adds.
    let eventOps = try XCTUnwrap(event["synaptic_operations"] as? Int)
    let denseOps = try XCTUnwrap(dense["synaptic_operations"] as? Int)
    XCTAssertLessThan(eventOps, denseOps)
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
