import Foundation
import XCTest
import _SNNTestSupport

/// `snn compare` finds its peers from the package or the environment, never the working
/// directory; refuses unknown peers; and removes its temporary export on Ctrl-C.
final class CompareLocationTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws { directory = try TestPaths.temporaryDirectory() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

  /// Runs `snn` in `directory` (not the package) with `environment` added.
  private func snn(_ arguments: [String], environment: [String: String] = [:]) throws -> BuiltTool.Result {
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { $1 }
    let previous = FileManager.default.currentDirectoryPath
    _ = FileManager.default.changeCurrentDirectoryPath(directory.path)
    defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
    return try BuiltTool.run("snn", arguments, environment: env)
  }

  /// Writes a `/bin/sh` peer script `peer_<name>.py` into `dir`.
  private func peer(_ name: String, _ script: String, in dir: URL) throws {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try Data(script.utf8).write(to: dir.appendingPathComponent("peer_\(name).py"))
  }

  /// From another directory, the default peers are the package's compare/ scripts: an
  /// unknown name is refused listing exactly them (a cwd-relative `compare` would list
  /// none).
  func testUnknownPeer_FromAnotherDirectory_ListsThePackagesPeers() throws {
    let r = try snn(["compare", "--peers", "numpy,frob"])
    XCTAssertEqual(r.status, 64, r.stderr)
    let scripts = TestPaths.packageRoot.appendingPathComponent("compare").path
    XCTAssertEqual(
      r.stderr, "snn: --peers: unknown peer 'frob'; the peers in \(scripts) are brian2, nengo, numpy, snntorch\n")
  }

  /// `SWIFTSNN_PEERS_DIR` replaces the package's folder; `--peer-dir` replaces both.
  func testPeerDirectory_FromTheEnvironment_AndTheOption() throws {
    let fromEnvironment = directory.appendingPathComponent("env-peers")
    try peer("alpha", "exit 0", in: fromEnvironment)
    let r = try snn(["compare", "--peers", "numpy"], environment: ["SWIFTSNN_PEERS_DIR": fromEnvironment.path])
    XCTAssertEqual(r.stderr, "snn: --peers: unknown peer 'numpy'; the peers in \(fromEnvironment.path) are alpha\n")
    let fromOption = directory.appendingPathComponent("option-peers")
    try peer("beta", "exit 0", in: fromOption)
    let o = try snn(
      ["compare", "--peers", "alpha", "--peer-dir", fromOption.path],
      environment: ["SWIFTSNN_PEERS_DIR": fromEnvironment.path])
    XCTAssertEqual(o.stderr, "snn: --peers: unknown peer 'alpha'; the peers in \(fromOption.path) are beta\n")
  }

  /// Every peer skipped (here: the interpreter from SWIFTSNN_PEERS_PYTHON does not
  /// exist): SwiftSNN's row is printed, each skip once, and the exit status is 1.
  func testEveryPeerSkipped_ExitsNonZero_EachSkipOnce() throws {
    guard let mnist = TestPaths.mnistDirectory, let keras = TestPaths.kerasFixture else {
      throw unavailable("MNIST or the Keras fixture is not available")
    }
    let peers = directory.appendingPathComponent("peers")
    try peer("one", "exit 0", in: peers)
    try peer("two", "exit 0", in: peers)
    let python = directory.appendingPathComponent("no-python").path
    let r = try snn(
      [
        "compare", "--data", mnist.path, "--weights", keras.appendingPathComponent("weights.npz").path, "--limit", "5",
        "--steps", "10", "--calibration", "50", "--peers", "one,two", "--peer-dir", peers.path,
      ],
      environment: ["SWIFTSNN_PEERS_PYTHON": python])
    XCTAssertEqual(r.status, 1, r.stderr)
    XCTAssertTrue(r.stdout.hasPrefix("framework"), "no blank first line: \(r.stdout)")
    let skips = r.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("snn compare: skipped") }
    XCTAssertEqual(skips.count, 2, r.stderr)
    XCTAssertTrue(
      skips[0].hasPrefix("snn compare: skipped one (correct, 5 images): one: no Python interpreter at \(python)"))
    XCTAssertTrue(r.stderr.hasSuffix("snn: every peer run was skipped (see above): nothing to compare SwiftSNN with\n"))
  }

  /// Ctrl-C while a peer runs: the peer is killed, the temporary export removed, and snn
  /// exits with 130 (128 + SIGINT).
  func testSIGINT_WhileAPeerRuns_RemovesTheTemporaryExport() throws {
    guard let mnist = TestPaths.mnistDirectory, let keras = TestPaths.kerasFixture else {
      throw unavailable("MNIST or the Keras fixture is not available")
    }
    let peers = directory.appendingPathComponent("peers")
    let marker = directory.appendingPathComponent("export-path")
    // The peer records the export's path ($2) and its own pid, then waits.
    try peer("slow", "echo \"$2\" > '\(marker.path)'; echo $$ >> '\(marker.path)'; exec sleep 120", in: peers)
    let process = Process()
    process.executableURL = try BuiltTool.url("snn")
    process.arguments = [
      "compare", "--data", mnist.path, "--weights", keras.appendingPathComponent("weights.npz").path, "--limit", "5",
      "--steps", "10", "--calibration", "50", "--peers", "slow", "--peer-dir", peers.path, "--python", "/bin/sh",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(120)
    var lines: [String] = []
    while lines.count < 2, Date() < deadline {
      Thread.sleep(forTimeInterval: 0.1)
      lines = ((try? String(contentsOf: marker, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
    XCTAssertEqual(lines.count, 2, "the peer never started")
    guard lines.count == 2, let peerPID = Int32(lines[1]) else {
      process.terminate()
      return
    }
    let export = lines[0]
    XCTAssertTrue(FileManager.default.fileExists(atPath: export), "the export exists while the peer runs")
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationReason, .exit)
    XCTAssertEqual(process.terminationStatus, 130)
    XCTAssertFalse(FileManager.default.fileExists(atPath: export), "the temporary export must be removed")
    XCTAssertTrue(hasEnded(peerPID, within: 10), "the peer must be killed")
  }

  /// Whether `pid` is gone or a zombie (killed, not yet reaped by the init process that
  /// inherits it when snn exits) within `seconds`: a loaded machine can take a while to reap.
  private func hasEnded(_ pid: Int32, within seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    repeat {
      if kill(pid, 0) != 0 { return true }
      let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
      // The state follows the command name in parentheses: "pid (comm) S ...".
      if let close = stat.lastIndex(of: ")"),
        stat[close...].dropFirst().trimmingCharacters(in: .whitespaces).hasPrefix("Z")
      {
        return true
      }
      Thread.sleep(forTimeInterval: 0.05)
    } while Date() < deadline
    return false
  }
}
