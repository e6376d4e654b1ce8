import Foundation
import SNNTool
import SwiftSNN
import XCTest
import _SNNTestSupport

/// Weights files that may reach libhdf5 are loaded in a child process
/// (`IsolatedWeights`): a file that crashes libhdf5 gives a one-line error, and every
/// other file loads, or fails, exactly as in this process. An `.npz` is read in-process.
final class IsolatedWeightsTests: XCTestCase {
  private static let fixtures = TestPaths.packageRoot.appendingPathComponent("Tests/SNNCLITests/Fixtures")
  private static let crashingFiles = ["hdf5-crash-null-write.h5", "hdf5-crash-wild-free.h5"]

  // MARK: - Files that crash libhdf5

  func testCrashingHDF5_SNNMNIST_OneLineErrorNamingTheFile_NoTemporaryFilesLeft() throws {
    guard let data = TestPaths.mnistDirectory else { throw unavailable("MNIST not found") }
    for name in Self.crashingFiles {
      let file = Self.fixtures.appendingPathComponent(name).path
      try assertReportsCrash(
        tool: "snn", ["mnist", "--weights", file, "--data", data.path, "--epochs", "0"], file: file)
    }
  }

  func testCrashingHDF5_NengoForum_OneLineErrorNamingTheFile() throws {
    let file = Self.fixtures.appendingPathComponent(Self.crashingFiles[1]).path
    try assertReportsCrash(tool: "nengo-forum", ["--weights", file], file: file)
  }

  /// A file on which libhdf5 allocates without bound (4.3 GB resident, in process) stops
  /// at the child's address-space cap: a one-line error naming the file. The mechanism is
  /// checked, not the time: no process this test started (the tool, its child) ever held
  /// more than the cap (`getrusage(RUSAGE_CHILDREN)`: the largest peak of the waited-for
  /// descendants; every other test's processes stay far below it).
  func testUnboundedAllocationInLibhdf5_StopsAtTheChildsMemoryCap() throws {
    guard let data = TestPaths.mnistDirectory else { throw unavailable("MNIST not found") }
    let file = Self.fixtures.appendingPathComponent("hdf5-unbounded-allocation.h5").path
    let r = try BuiltTool.run("snn", ["mnist", "--weights", file, "--data", data.path, "--epochs", "0"])
    XCTAssertEqual(r.status, 1, r.stderr)
    XCTAssertTrue(r.stderr.hasPrefix("snn: \(file): "), r.stderr)
    XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
    var usage = rusage()
    XCTAssertEqual(getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage), 0)
    let peakBytes = UInt64(usage.ru_maxrss) * 1024  // ru_maxrss is in KiB on Linux
    XCTAssertLessThanOrEqual(peakBytes, ReadWeightsCommand.addressSpaceLimit, "the cap must have stopped libhdf5")
  }

  /// An `.npz` is read in this process by the package's own reader (no child, no
  /// libhdf5): here the running executable is the test runner, which has no
  /// `_read-weights` command, so a child could not have loaded it.
  func testNPZ_LoadedInProcess() throws {
    guard let dir = TestPaths.kerasFixture, FileManager.default.fileExists(atPath: dir.path) else {
      throw unavailable("Keras fixture not found")
    }
    let url = dir.appendingPathComponent("weights.npz")
    XCTAssertEqual(try WeightFiles.layers(url), try KerasWeights.load(url: url))
  }

  /// Runs `tool` with a private `TMPDIR`: it must exit with status 1 (not die by a
  /// signal), print exactly `<tool>: <file>: libhdf5 crashed reading it (signal ...` and
  /// leave no temporary files.
  private func assertReportsCrash(tool: String, _ arguments: [String], file: String) throws {
    let tmp = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: tmp) }
    var environment = ProcessInfo.processInfo.environment
    environment["TMPDIR"] = tmp.path
    let r = try BuiltTool.run(tool, arguments, environment: environment)
    XCTAssertEqual(r.status, 1, "\(file): \(r.stderr)")
    let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertEqual(lines.count, 2, "one line and its newline: \(r.stderr)")
    XCTAssertTrue(
      r.stderr.hasPrefix("\(tool): \(file): libhdf5 crashed reading it (signal "), "\(r.stderr)")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path), [], "temporary files left")
  }

  // MARK: - Everything else: the same as loading in this process

  func testKerasFixture_ThroughTheChild_SameLayersBitForBit() throws {
    guard let dir = TestPaths.kerasFixture, FileManager.default.fileExists(atPath: dir.path) else {
      throw unavailable("Keras fixture not found")
    }
    let snn = try BuiltTool.url("snn")
    for name in ["model_weights.h5", "model.weights.h5", "model.keras", "weights.npz"] {
      let url = dir.appendingPathComponent(name)
      let child = try IsolatedWeights.load(url: url, executable: snn)
      let here = try KerasWeights.load(url: url)
      XCTAssertEqual(child, here, name)
      XCTAssertFalse(child.isEmpty, name)
    }
  }

  func testLayersWithoutBias_ThroughTheChild_KeepNamesAndNilBias() throws {
    let tmp = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: tmp) }
    let url = tmp.appendingPathComponent("nobias.npz")
    let w1 = try Matrix(rows: 3, cols: 2, values: [1, -0.0, 2.5, .leastNonzeroMagnitude, -3, 7])
    let w2 = try Matrix(rows: 2, cols: 1, values: [0.1, -0.2])
    try NPZ.write(["W1": NDArray(w1), "W2": NDArray(w2)], to: url)
    let layers = try IsolatedWeights.load(url: url, executable: BuiltTool.url("snn"))
    XCTAssertEqual(layers, [DenseWeights(name: "W1", kernel: w1), DenseWeights(name: "W2", kernel: w2)])
    XCTAssertEqual(layers.first?.kernel.values.map(\.bitPattern), w1.values.map(\.bitPattern))
  }

  func testCorruptKerasCorpus_ThroughTheChild_SameErrorsAsInProcess() throws {
    let corpus = TestPaths.packageRoot.appendingPathComponent("Tests/SNNIOTests/Fixtures/corpus/keras")
    let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
    XCTAssertGreaterThan(names.count, 10)
    let snn = try BuiltTool.url("snn")
    for name in names + ["does-not-exist.h5"] {
      let url = corpus.appendingPathComponent(name)
      let here = message { _ = try KerasWeights.load(url: url) }
      let child = message { _ = try IsolatedWeights.load(url: url, executable: snn) }
      XCTAssertNotNil(here, name)
      XCTAssertEqual(child, here, name)
    }
  }

  /// The description of what `body` throws, or nil.
  private func message(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      return "\(error)"
    }
  }

  func testChildStillRunningAfterTheTimeout_IsStoppedAndReported() throws {
    let tmp = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: tmp) }
    let hang = tmp.appendingPathComponent("hang.sh")
    try Data("#!/bin/sh\nexec sleep 60\n".utf8).write(to: hang)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hang.path)
    let start = Date()
    XCTAssertThrowsError(
      try IsolatedWeights.load(url: URL(fileURLWithPath: "/w.h5"), executable: hang, timeout: 0.5)
    ) { error in
      XCTAssertEqual(
        "\(error)",
        "/w.h5: reading it took longer than 0.5 s and was stopped; the file is corrupt or not a weights file")
    }
    XCTAssertLessThan(Date().timeIntervalSince(start), 30)
  }
}
