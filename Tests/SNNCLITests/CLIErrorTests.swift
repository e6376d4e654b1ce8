import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// Runs the built `snn` binary: bad values give one line on standard error and a non-zero
/// exit.
final class CLIErrorTests: XCTestCase {
  private func snn(_ arguments: [String]) throws -> BuiltTool.Result { try BuiltTool.run("snn", arguments) }

  func testBadValues_GiveOneLineErrorAndNonZeroExit() throws {
    let cases: [([String], String)] = [
      (["mnist", "--steps", "-5"], "--steps must be in 1-100000, got -5"),
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

  /// `snn help NAME` for a NAME that is no subcommand fails (ArgumentParser alone would
  /// print the root's help and exit 0).
  func testHelpForAnUnknownSubcommand_FailsWithOneLine() throws {
    let r = try snn(["help", "frob"])
    XCTAssertEqual(r.status, 64)
    XCTAssertEqual(r.stderr, "snn: help: 'frob' is not a subcommand\n")
    XCTAssertEqual(r.stdout, "")
    XCTAssertEqual(try snn(["help", "mnist", "frob"]).status, 64)
    let known = try snn(["help", "mnist"])
    XCTAssertEqual(known.status, 0)
    XCTAssertTrue(known.stdout.contains("--max-rate"), known.stdout)
  }

  func testHelp_ExitsZero() throws {
    let r = try snn(["mnist", "--help"])
    XCTAssertEqual(r.status, 0)
    XCTAssertTrue(r.stdout.contains("--max-rate"))
  }
}
