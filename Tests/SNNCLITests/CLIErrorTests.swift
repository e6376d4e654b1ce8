import Foundation
import SwiftSNN
import _SNNTestSupport
import XCTest

/// Runs the built `snn` binary: bad values give one line on standard error and a non-zero
/// exit.
final class CLIErrorTests: XCTestCase {
  private func snn(_ arguments: [String]) throws -> BuiltTool.Result { try BuiltTool.run("snn", arguments) }

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
