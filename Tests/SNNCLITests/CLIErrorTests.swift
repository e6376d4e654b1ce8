import Foundation
import SwiftSNN
import _SNNTestSupport
import XCTest

/// Runs the built `snn` binary: bad values give one line on standard error and a non-zero
/// exit.
final class CLIErrorTests: XCTestCase {
  private func snn(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let candidates = [
      Bundle.main.bundleURL.appendingPathComponent("snn"),
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("snn"),
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("snn"),
    ]
    guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
      throw XCTSkip("snn binary not built next to the tests")
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
  }

  func testBadValues_GiveOneLineErrorAndNonZeroExit() throws {
    let cases: [([String], String)] = [
      (["mnist", "--steps", "-5"], "--steps"),
      (["mnist", "--max-rate", "fast"], "max-rate"),
      (["mnist", "--data", "/nonexistent/mnist", "--test-limit", "10"], "/nonexistent/mnist"),
      (["mnist", "--normalize", "median"], "--normalize"),
      (["mnist", "--dt", "0"], "--dt"),
    ]
    for (args, mention) in cases {
      let r = try snn(args)
      XCTAssertNotEqual(r.status, 0, "\(args)")
      let lines = r.stderr.split(separator: "\n")
      XCTAssertEqual(lines.count, 1, "\(args): \(r.stderr)")
      XCTAssertTrue(r.stderr.contains(mention), "\(args): \(r.stderr)")
    }
  }

  func testHelp_ExitsZero() throws {
    let r = try snn(["mnist", "--help"])
    XCTAssertEqual(r.status, 0)
    XCTAssertTrue(r.stdout.contains("--max-rate"))
  }
}
