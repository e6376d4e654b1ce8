import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

@testable import SNNTool

/// Reading the peers' JSON lines, running peer processes, the table, and — when
/// `.venv-peers` exists — the real NumPy and Nengo peers on a tiny export.
final class ComparePeerTests: XCTestCase {
  private let good =
    #"{"framework": "numpy", "version": "2.3.5", "configuration": "correct", "images": 200, "accuracy": 0.985, "seconds": 3.3, "seconds_per_image": 0.0165, "steps": 350, "threads": 2}"#

  private func write(_ text: String, to url: URL) throws {
    try Data(text.utf8).write(to: url)
  }
}

// MARK: - Parsing a peer's standard output

extension ComparePeerTests {
  func testParse_GoodLine_ReadsFieldsAndKeepsExtras() throws {
    let row = try CompareRow.parse(stdout: good + "\n", peer: "numpy")
    XCTAssertEqual(row.framework, "numpy")
    XCTAssertEqual(row.version, "2.3.5")
    XCTAssertEqual(row.configuration, "correct")
    XCTAssertEqual(row.images, 200)
    XCTAssertEqual(row.accuracy, 0.985)
    XCTAssertEqual(row.seconds, 3.3)
    XCTAssertEqual(row.secondsPerImage, 0.0165, accuracy: 1e-12)
    XCTAssertEqual(row.extras["threads"], .number(2))
    XCTAssertEqual(row.extras["steps"], .number(350))
    XCTAssertNil(row.extras["accuracy"], "the table's own fields are not extras")
  }

  func testParse_WarningsOnStdoutBeforeTheResult_AreIgnored() throws {
    let stdout = "UserWarning: scipy is not installed\n{not json either\n  \(good)  \n\n"
    XCTAssertEqual(try CompareRow.parse(stdout: stdout, peer: "nengo").images, 200)
  }

  func testParse_NoJSONObject_NamesThePeerAndTheLastLine() {
    for stdout in ["", "Traceback (most recent call last):\nboom", "[1, 2, 3]", "{\"framework\": "] {
      XCTAssertThrowsError(try CompareRow.parse(stdout: stdout, peer: "brian2"), stdout) { error in
        XCTAssertTrue("\(error)".contains("brian2 printed no JSON object"), "\(error)")
      }
    }
  }

  func testParse_MissingOrMistypedOrOutOfRangeField_IsAnError() throws {
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(good.utf8)) as? [String: Any])
    func line(_ change: (inout [String: Any]) -> Void) throws -> String {
      var o = object
      change(&o)
      return String(decoding: try JSONSerialization.data(withJSONObject: o), as: UTF8.self)
    }
    let cases: [(String, (inout [String: Any]) -> Void)] = [
      ("accuracy", { $0["accuracy"] = nil }),
      ("framework", { $0["framework"] = nil }),
      ("images", { $0["images"] = nil }),
      ("seconds", { $0["seconds"] = nil }),
      ("accuracy", { $0["accuracy"] = "high" }),
      ("version", { $0["version"] = 2 }),
      ("images", { $0["images"] = 2.5 }),
      ("accuracy", { $0["accuracy"] = 1.5 }),
      ("images", { $0["images"] = 0 }),
      ("seconds", { $0["seconds"] = -1 }),
      ("framework", { $0["framework"] = "" }),
    ]
    for (key, change) in cases {
      let text = try line(change)
      XCTAssertThrowsError(try CompareRow.parse(stdout: text, peer: "numpy"), text) { error in
        XCTAssertTrue("\(error)".contains(key), "\(text): \(error)")
      }
    }
  }
}

// MARK: - Running a peer process

extension ComparePeerTests {
  /// A fake peer: a shell script, run by /bin/sh as the "Python" interpreter.
  private func fakePeer(_ body: String) throws -> (runner: ComparePeerRunner, script: URL, dir: URL) {
    let dir = try TestPaths.temporaryDirectory()
    let script = dir.appendingPathComponent("peer_fake.py")
    try write(body, to: script)
    return (ComparePeerRunner(python: URL(fileURLWithPath: "/bin/sh"), timeout: 20), script, dir)
  }

  func testRunner_FakePeer_ResultAndArgumentsComeThrough() throws {
    // Prints a warning on stdout and on stderr, then a result echoing --limit and --config.
    let fake = try fakePeer(
      """
      echo "warning: this goes first"
      echo "noise on stderr" >&2
      echo "{\\"framework\\": \\"fake\\", \\"version\\": \\"9\\", \\"configuration\\": \\"$6\\", \\"images\\": $4, \\"accuracy\\": 0.5, \\"seconds\\": 1.25, \\"seconds_per_image\\": 0.1, \\"data\\": \\"$2\\"}"
      """)
    defer { try? FileManager.default.removeItem(at: fake.dir) }
    let run = ComparePeerRun(peer: "fake", configuration: "user", images: 12)
    let data = fake.dir.appendingPathComponent("export.npz")
    let result = try fake.runner.run(
      name: "fake", script: run.script(in: fake.dir), arguments: run.arguments(data: data, seed: 4))
    XCTAssertEqual(result.row.framework, "fake")
    XCTAssertEqual(result.row.configuration, "user")
    XCTAssertEqual(result.row.images, 12)
    XCTAssertEqual(result.row.seconds, 1.25)
    XCTAssertEqual(result.row.extras["data"], .string(data.path))
    XCTAssertGreaterThan(result.processSeconds, 0)
  }

  func testRunner_FailingPeer_QuotesTheLastLineOfItsStandardError() throws {
    let fake = try fakePeer(
      """
      echo "Traceback (most recent call last):" >&2
      echo "ModuleNotFoundError: No module named 'nengo'" >&2
      exit 1
      """)
    defer { try? FileManager.default.removeItem(at: fake.dir) }
    XCTAssertThrowsError(try fake.runner.run(name: "nengo", script: fake.script, arguments: [])) { error in
      XCTAssertTrue("\(error)".contains("No module named 'nengo'"), "\(error)")
      XCTAssertTrue("\(error)".contains("exit status 1"), "\(error)")
    }
  }

  func testRunner_MissingInterpreterOrScript_IsAnErrorNotACrash() throws {
    let fake = try fakePeer("echo '{}'")
    defer { try? FileManager.default.removeItem(at: fake.dir) }
    let noPython = ComparePeerRunner(python: fake.dir.appendingPathComponent("no-python"), timeout: 5)
    XCTAssertThrowsError(try noPython.run(name: "numpy", script: fake.script, arguments: [])) { error in
      XCTAssertTrue("\(error)".contains("setup-peers.sh"), "\(error)")
    }
    let missing = fake.dir.appendingPathComponent("peer_ghost.py")
    XCTAssertThrowsError(try fake.runner.run(name: "ghost", script: missing, arguments: [])) { error in
      XCTAssertTrue("\(error)".contains("peer_ghost.py"), "\(error)")
    }
  }

  func testRunner_HangingPeer_IsStoppedAtTheTimeout() throws {
    let fake = try fakePeer("sleep 30")
    defer { try? FileManager.default.removeItem(at: fake.dir) }
    var runner = fake.runner
    runner.timeout = 0.5
    let start = Date()
    XCTAssertThrowsError(try runner.run(name: "slow", script: fake.script, arguments: [])) { error in
      XCTAssertTrue("\(error)".contains("timeout"), "\(error)")
    }
    XCTAssertLessThan(Date().timeIntervalSince(start), 10)
  }
}

// MARK: - Plan and table

extension ComparePeerTests {
  func testPlan_NengoRunsTwiceOnItsSubset_NoRunExceedsTheLimit() {
    let runs = ComparePeerRun.plan(
      peers: ["numpy", "nengo", "brian2", "extra"], limit: 500, nengoLimit: 200, brian2Limit: 1000, threads: 3)
    XCTAssertEqual(runs.map(\.peer), ["numpy", "nengo", "nengo", "brian2", "extra"])
    XCTAssertEqual(runs.map(\.configuration), ["correct", "user", "correct", "correct", "correct"])
    XCTAssertEqual(runs.map(\.images), [500, 200, 200, 500, 500])
    XCTAssertEqual(runs[0].extraArguments, ["--threads", "3"])
    XCTAssertEqual(
      runs[1].arguments(data: URL(fileURLWithPath: "/x/e.npz"), seed: 5),
      ["--data", "/x/e.npz", "--limit", "200", "--config", "user", "--seed", "5"])
  }

  func testTable_RatioIsPerImage_AndJSONRowsHaveTheRequiredKeys() throws {
    let swift = CompareRow(
      framework: "SwiftSNN", version: "0.1.0", configuration: "correct", images: 1000, accuracy: 0.97, seconds: 2)
    var nengo = CompareRow(
      framework: "nengo", version: "4.1.0", configuration: "user", images: 100, accuracy: 0.5, seconds: 2)
    nengo.extras = ["spike_count_accuracy": .number(0.7), "accuracy": .number(0.1), "path": .string("a/b")]
    let table = CompareTable(reference: swift, rows: [swift, nengo])
    XCTAssertEqual(table.ratio(swift), 1)
    XCTAssertEqual(table.ratio(nengo), 10, accuracy: 1e-9)  // 0.02 s/image against 0.002
    let cells = table.cells()
    XCTAssertEqual(cells.count, 3)
    XCTAssertEqual(cells[0].count, cells[2].count)
    XCTAssertEqual(cells[2].last, "10.00x")

    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try table.json().utf8)) as? [[String: Any]])
    XCTAssertEqual(json.count, 2)
    for row in json {
      for key in ["framework", "version", "configuration", "images", "accuracy", "seconds_per_image"] {
        XCTAssertNotNil(row[key], key)
      }
    }
    XCTAssertEqual(json[1]["accuracy"] as? Double, 0.5, "a peer's extra cannot overwrite a table field")
    XCTAssertEqual(json[1]["spike_count_accuracy"] as? Double, 0.7)
    XCTAssertEqual(json[1]["seconds_per_image"] as? Double, 0.02)
    XCTAssertTrue(try table.json().contains("\"a/b\""), "slashes are not escaped")
    XCTAssertTrue(try table.json().contains("\"images\" : 100,"), "whole numbers print as integers")
  }
}
