import Foundation
import XCTest
import _SNNTestSupport

/// Runs whose answer cannot be trusted say so: most outputs silent, a test limit beyond
/// the test set. (Ignored options are refused: ArgumentValidationTests.)
final class SuspectRunTests: XCTestCase {
  private func fixtures() throws -> (mnist: URL, weights: String) {
    guard let mnist = TestPaths.mnistDirectory, let keras = TestPaths.kerasFixture else {
      throw unavailable("MNIST or the Keras fixture is not available")
    }
    return (mnist, keras.appendingPathComponent("weights.npz").path)
  }

  /// A current at max barely above the LIF threshold (1.01) keeps the output layer quiet
  /// for five steps: most images end silent and a warning says so on standard error,
  /// while the results still print.
  func testMostOutputsSilent_Warns() throws {
    let (mnist, weights) = try fixtures()
    let base = ["mnist", "--data", mnist.path, "--weights", weights, "--test-limit", "20", "--calibration", "50"]
    let short = try BuiltTool.run("snn", base + ["--steps", "5", "--current-at-max", "1.01", "--json"])
    XCTAssertEqual(short.status, 0, short.stderr)
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(short.stdout.utf8)) as? [String: Any])
    let silent = try XCTUnwrap((object["snn"] as? [String: Any])?["silent"] as? Int)
    XCTAssertGreaterThan(silent, 10)
    XCTAssertEqual(
      short.stderr,
      "warning: \(silent) of 20 images gave no output spike (each counted as a tie, classified 0); the network "
        + "needs more steps, a higher --max-rate or a larger --current-at-max\n")
    let normal = try BuiltTool.run("snn", base + ["--steps", "100", "--json"])
    XCTAssertEqual(normal.status, 0, normal.stderr)
    XCTAssertEqual(normal.stderr, "")
  }

  /// A test limit above the 10,000 test images is refused, not silently cut.
  func testTestLimitAboveTheTestSet_IsRefused() throws {
    let (mnist, weights) = try fixtures()
    let r = try BuiltTool.run("snn", ["mnist", "--data", mnist.path, "--weights", weights, "--test-limit", "20000"])
    XCTAssertEqual(r.status, 64, r.stderr)
    XCTAssertEqual(r.stderr, "snn: --test-limit 20000 is above the 10000 test images of \(mnist.path)\n")
  }
}
