import Foundation
import XCTest
import _SNNTestSupport

/// The progress bar, drawn only on a terminal: run under `script`, which gives the tool a
/// pseudo-terminal and records what it wrote.
final class ProgressTests: XCTestCase {
  /// Training two epochs draws 1/2 then 2/2 (it used to start at 2/2 and end at 3/2).
  func testTrainingBar_CountsEpochsFromOne() throws {
    guard let mnist = TestPaths.mnistDirectory else { throw unavailable("MNIST not found") }
    let script = "/usr/bin/script"
    guard FileManager.default.isExecutableFile(atPath: script) else { throw unavailable("no \(script) (util-linux)") }
    let snn = try BuiltTool.url("snn").path
    let command = "\(snn) mnist --data \(mnist.path) --epochs 2 --test-limit 10 --steps 10 --calibration 50"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: script)
    process.arguments = ["-qec", command, "/dev/null"]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, text)
    let counts = text.split(whereSeparator: { $0 == "\r" || $0 == "\n" })
      .filter { $0.hasPrefix("train [") }
      .compactMap { $0.split(separator: " ").first { $0.contains("/") }.map(String.init) }
    XCTAssertEqual(counts, ["1/2", "2/2"], text)
  }
}
