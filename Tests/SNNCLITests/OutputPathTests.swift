import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// Output paths are checked before any work starts, and results already computed are
/// printed even when a save fails.
final class OutputPathTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws { directory = try TestPaths.temporaryDirectory() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  /// Under a regular file, in a missing directory, or naming a directory: refused at
  /// once with the option and the reason, nothing on standard output. `--data` points
  /// nowhere, so any work started would fail with a different message.
  func testBadOutputPaths_RefusedBeforeTheWork() throws {
    let file = path("afile")
    try Data("x".utf8).write(to: URL(fileURLWithPath: file))
    let noData = ["--data", path("no-mnist")]
    let cases: [(String, [String], String)] = [
      ("snn", ["mnist", "--report", "\(file)/rep"], "--report \(file)/rep: \(file) is not a directory"),
      ("snn", ["mnist", "--report", "\(file)/a/b"], "--report \(file)/a/b: \(file) is not a directory"),
      (
        "snn", ["mnist", "--save-weights", "\(file)/w.npz"], "--save-weights \(file)/w.npz: \(file) is not a directory"
      ),
      (
        "snn", ["mnist", "--save-network", path("missing/net.json")],
        "--save-network \(path("missing/net.json")): the directory \(path("missing")) does not exist"
      ),
      (
        "snn", ["mnist", "--save-weights", directory.path],
        "--save-weights \(directory.path): is a directory; give a file name"
      ),
      ("snn", ["compare", "--export", "\(file)/e.npz"], "--export \(file)/e.npz: \(file) is not a directory"),
      ("nengo-forum", ["--export", "\(file)/n.json"], "--export \(file)/n.json: \(file) is not a directory"),
    ]
    for (tool, arguments, message) in cases {
      let r = try BuiltTool.run(tool, arguments + noData)
      XCTAssertEqual(r.status, 64, "\(arguments): \(r.stderr)")
      XCTAssertEqual(r.stderr, "\(tool): \(message)\n", "\(arguments)")
      XCTAssertEqual(r.stdout, "", "\(arguments)")
    }
  }

  /// A report directory that does not exist yet, under a writable one, is fine.
  func testReportDirectoryToBeCreated_IsAccepted() throws {
    guard let data = TestPaths.mnistDirectory, let keras = TestPaths.kerasFixture else {
      throw unavailable("MNIST or the Keras fixture is not available")
    }
    let r = try BuiltTool.run(
      "snn",
      [
        "mnist", "--data", data.path, "--weights", keras.appendingPathComponent("weights.npz").path, "--test-limit",
        "10",
        "--steps", "20", "--calibration", "50", "--report", path("new/report"),
      ])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(FileManager.default.fileExists(atPath: path("new/report/report.md")), r.stdout)
  }

  /// The network file is writable but its weights file beside it is a directory: the save
  /// fails after the simulation. The results are printed all the same, then the failure,
  /// and the exit status is 1.
  func testSaveFailingAfterTheWork_ResultsPrintedThenTheError() throws {
    guard let data = TestPaths.mnistDirectory, let keras = TestPaths.kerasFixture else {
      throw unavailable("MNIST or the Keras fixture is not available")
    }
    try FileManager.default.createDirectory(atPath: path("net.npz"), withIntermediateDirectories: false)
    let arguments = [
      "mnist", "--data", data.path, "--weights", keras.appendingPathComponent("weights.npz").path, "--test-limit", "10",
      "--steps", "20", "--calibration", "50", "--save-network", path("net.json"),
    ]
    let text = try BuiltTool.run("snn", arguments)
    XCTAssertEqual(text.status, 1, text.stderr)
    XCTAssertTrue(text.stdout.contains("SNN (20 steps)"), text.stdout)
    XCTAssertTrue(text.stderr.hasPrefix("snn: could not save: --save-network \(path("net.json")): "), text.stderr)
    XCTAssertEqual(text.stderr.split(separator: "\n").count, 1, text.stderr)
    let json = try BuiltTool.run("snn", arguments + ["--json"])
    XCTAssertEqual(json.status, 1, json.stderr)
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    XCTAssertEqual((object["snn"] as? [String: Any])?["images"] as? Int, 10)
  }
}
