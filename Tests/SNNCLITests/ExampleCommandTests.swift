import Foundation
import SNNExamples
import SNNTool
import XCTest
import _SNNTestSupport

/// `snn example`: the list, the JSON keys, a bad name, the plot, the table and the bench.
final class ExampleCommandTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws { directory = try TestPaths.temporaryDirectory() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

  private static let names = [
    "communication-channel", "squaring", "multiplication", "integrator", "oscillator", "learning",
  ]

  func testList_NamesEveryExample() throws {
    let r = try BuiltTool.run("snn", ["example", "--list"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout.split(separator: "\n").map { String($0.split(separator: " ")[0]) }, Self.names)
  }

  func testJSON_KeysAsTheIssueGivesThem() throws {
    let expected: [String: Set<String>] = [
      "squaring": ["example", "seed", "rmse", "seconds"],
      "oscillator": ["example", "seed", "frequency_hz", "amplitude_mean", "amplitude_std", "seconds"],
      "learning": ["example", "seed", "rmse_first_2s", "rmse_last_2s", "seconds"],
    ]
    for (name, keys) in expected {
      let r = try BuiltTool.run("snn", ["example", name, "--seed", "3", "--json"])
      XCTAssertEqual(r.status, 0, r.stderr)
      let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
      XCTAssertEqual(Set(object.keys), keys, name)
      XCTAssertEqual(object["example"] as? String, name)
      XCTAssertEqual(object["seed"] as? Int, 3)
      let seconds = try XCTUnwrap(object["seconds"] as? [String: Double])
      XCTAssertEqual(Set(seconds.keys), ["build", "run"])
      // The figures are those the library computes for the same seed (to the last digit or
      // two that Foundation's JSON reading may round differently).
      let run = try SNNExamplesRun.figures(name, seed: 3)
      for (key, value) in run {
        XCTAssertEqual(try XCTUnwrap(object[key] as? Double), value, accuracy: 1e-14 * abs(value), "\(name) \(key)")
      }
    }
  }

  func testBadName_ErrorListsTheNames() throws {
    let r = try BuiltTool.run("snn", ["example", "squares"])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stdout.isEmpty)
    XCTAssertTrue(
      r.stderr.contains("no NEF example is named 'squares'; the examples are: " + Self.names.joined(separator: ", ")),
      r.stderr)
  }

  func testParsing_BadCombinations_Fail() throws {
    let cases: [([String], String)] = [
      (["example"], "give an example's name"),
      (["example", "squaring", "--repeat", "0", "--bench"], "--repeat must be in 1-100, got 0"),
      (["example", "--table", "--plot", "x.svg"], "--table takes no --plot, --trace or --bench"),
      (["example", "--table", "--seeds", "4-1"], "--seeds '4-1'"),
      (["example", "squaring", "--plot", ""], "--plot must be a path"),
      (["example", "squaring", "--plot", "/nonexistent-dir/p.svg"], "does not exist"),
    ]
    for (arguments, message) in cases {
      XCTAssertThrowsError(try SNNCommand.parseAsRoot(arguments), "\(arguments)") {
        XCTAssertTrue(SNNCommand.message(for: $0).contains(message), "\(arguments): \(SNNCommand.message(for: $0))")
      }
    }
  }

  func testPlot_WritesAnSVGOfOutputAndIdeal() throws {
    let plot = directory.appendingPathComponent("integrator.svg")
    let r = try BuiltTool.run("snn", ["example", "integrator", "--plot", plot.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("wrote \(plot.path)"), r.stdout)
    let svg = try String(contentsOf: plot, encoding: .utf8)
    XCTAssertTrue(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), String(svg.prefix(80)))
    XCTAssertTrue(svg.contains(">ideal<") && svg.contains(">decoded<"), "legend entries")
    XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 2, "two curves")
  }

  /// The trace has compare_examples.py's columns and the figure recomputes from it.
  func testTrace_CSVForCompareExamples() throws {
    let csv = directory.appendingPathComponent("multiplication.csv")
    let r = try BuiltTool.run("snn", ["example", "multiplication", "--seed", "2", "--trace", csv.path, "--json"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
    XCTAssertEqual(lines[0], "# multiplication, seed 2, SwiftSNN")
    XCTAssertEqual(lines[1], "t,output,ideal")
    XCTAssertEqual(lines.count, 2 + 2000)
    let rows = lines.dropFirst(2).map { $0.split(separator: ",").compactMap { Double($0) } }
    XCTAssertEqual(rows.first?.first, 0.001)
    XCTAssertEqual(rows.last?.first, 2)
    let t = rows.map { $0[0] }
    let rmse = try NEFFigures.rmse(t: t, output: rows.map { [$0[1]] }, ideal: rows.map { [$0[2]] })
    XCTAssertEqual(rmse, try XCTUnwrap(object["rmse"] as? Double), accuracy: 1e-12)
  }

  func testTable_BesideNengosNumbers() throws {
    // A Nengo file of our own: the verdict follows its numbers.
    let nengo = directory.appendingPathComponent("nengo.json")
    let own = try SNNExamplesRun.figures("squaring", seed: 0)["rmse"] ?? 0
    for (reference, verdict) in [(own, "yes"), (own / 2, "NO")] {
      let json = "{\"_meta\": {}, \"squaring\": {\"mean\": {\"rmse\": \(reference)}, \"std\": {\"rmse\": 0}}}"
      try Data(json.utf8).write(to: nengo)
      let r = try BuiltTool.run("snn", ["example", "squaring", "--table", "--seeds", "0", "--nengo", nengo.path])
      XCTAssertEqual(r.status, verdict == "yes" ? 0 : 1, r.stderr)
      let row = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("squaring") })
      XCTAssertTrue(row.hasSuffix(verdict), String(row))
      XCTAssertTrue(row.contains(verdict == "yes" ? "1.00x" : "2.00x"), String(row))
    }
    try Data("[1, 2]".utf8).write(to: nengo)
    let bad = try BuiltTool.run("snn", ["example", "--table", "--nengo", nengo.path])
    XCTAssertNotEqual(bad.status, 0)
    XCTAssertTrue(bad.stderr.contains("--nengo \(nengo.path): not a JSON object"), bad.stderr)
  }

  func testBench_ReportsRunsAndTheDecoderSolve() throws {
    let r = try BuiltTool.run("snn", ["example", "communication-channel", "--bench", "--repeat", "2", "--json"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(object["repeats"] as? Int, 2)
    XCTAssertEqual(object["simulated_seconds"] as? Double, 2)
    let run = try XCTUnwrap(object["run_s"] as? Double)
    let nengoRun = try XCTUnwrap(object["nengo_run_s"] as? Double)
    XCTAssertEqual(try XCTUnwrap(object["run_speedup"] as? Double), nengoRun / run, accuracy: 1e-9 * nengoRun / run)
    XCTAssertEqual(object["decoder_solve_neurons"] as? Int, 1000)
    let solve = try XCTUnwrap(object["decoder_solve_s"] as? Double)
    XCTAssertGreaterThan(solve, 0)
    XCTAssertGreaterThan(try XCTUnwrap(object["decoder_build_s"] as? Double), solve)
  }
}

/// The library's figures, to compare the command's with.
enum SNNExamplesRun {
  static func figures(_ name: String, seed: UInt64) throws -> [String: Double] {
    let run = try NEFExample.named(name).run(seed: seed)
    return Dictionary(uniqueKeysWithValues: run.figures.map { ($0.key, $0.value) })
  }
}
