import Foundation
import XCTest
import _SNNTestSupport

/// `snn bench` runs both synaptic paths on the same images and reports them side by side.
final class BenchCommandTests: XCTestCase {
  func testBench_EventAndDensePaths_AgreeAndReportTheirWork() throws {
    guard let weights = TestPaths.kerasFixture?.appendingPathComponent("weights.npz"),
      FileManager.default.fileExists(atPath: weights.path)
    else { throw XCTSkip("Keras fixture not found") }
    guard TestPaths.mnistDirectory != nil else { throw XCTSkip("MNIST not found") }
    let r = try BuiltTool.run(
      "snn", ["bench", "--weights", weights.path, "--images", "12", "--steps", "40", "--batch-size", "5", "--json"])
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
    XCTAssertEqual((object["runs"] as? [Any])?.count, 4)
  }

  func testBench_BadImages_OneLineError() throws {
    let r = try BuiltTool.run("snn", ["bench", "--images", "0"])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
  }
}
