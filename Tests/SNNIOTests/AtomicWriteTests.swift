import Foundation
import XCTest

@testable import SNNIO

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// ``writeAtomically(_:to:)``: the target is always either the old or the complete new
/// content, including when the write fails midway or the writing process is killed.
final class AtomicWriteTests: XCTestCase {
  /// Set in the environment of the child process of ``testWrite_ChildKilledMidway_OldFileIntact``.
  fileprivate static let childTargetVariable = "SWIFTSNN_ATOMIC_WRITE_CHILD_TARGET"
}

// MARK: - Success

extension AtomicWriteTests {
  func testWrite_NewFile_HasContentsAndNoTemporaryLeft() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("out.bin")
      var data = Data(count: 3_000_000)  // several write chunks
      for i in stride(from: 0, to: data.count, by: 4096) { data[i] = UInt8(i / 4096 % 251) }
      try writeAtomically(data, to: url)
      XCTAssertEqual(try Data(contentsOf: url), data)
      XCTAssertEqual(
        try FileManager.default.contentsOfDirectory(atPath: directory.path), ["out.bin"])
    }
  }

  func testWrite_ExistingFile_ReplacedKeepingItsMode() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("out.txt")
      try Data("old".utf8).write(to: url)
      XCTAssertEqual(chmod(url.path, 0o600), 0)
      try writeAtomically(Data("new content".utf8), to: url)
      XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "new content")
      let mode =
        try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
      XCTAssertEqual(mode, 0o600)
    }
  }

  func testWrite_EmptyData_WritesEmptyFile() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("empty")
      try Data("old".utf8).write(to: url)
      try writeAtomically(Data(), to: url)
      XCTAssertEqual(try Data(contentsOf: url), Data())
    }
  }
}

// MARK: - Failures leave the old file

extension AtomicWriteTests {
  func testWrite_MissingDirectory_ThrowsNamingPath() {
    let url = URL(fileURLWithPath: "/nonexistent-swiftsnn-dir/sub/out.bin")
    InteropFixtures.assertFormatError(url.path, "cannot create a temporary file", "no such file") {
      try writeAtomically(Data([1]), to: url)
    }
  }

  func testWrite_ParentIsAFile_ThrowsNamingPath() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let file = directory.appendingPathComponent("plain")
      try Data("x".utf8).write(to: file)
      let url = file.appendingPathComponent("out.bin")
      InteropFixtures.assertFormatError(url.path, "not a directory") {
        try writeAtomically(Data([1]), to: url)
      }
    }
  }

  func testWrite_UnwritableDirectory_ThrowsAndKeepsOldFile() throws {
    guard getuid() != 0 else {
      // Directory permissions do not stop root; sysfs refuses new files even to root.
      let url = URL(fileURLWithPath: "/sys/swiftsnn-atomic-write-test")
      InteropFixtures.assertFormatError(url.path, "cannot create a temporary file in /sys") {
        try writeAtomically(Data("bad".utf8), to: url)
      }
      return
    }
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("good.txt")
      try Data("good".utf8).write(to: url)
      XCTAssertEqual(chmod(directory.path, 0o500), 0)
      defer { chmod(directory.path, 0o700) }
      InteropFixtures.assertFormatError(url.path, "permission denied") {
        try writeAtomically(Data("bad".utf8), to: url)
      }
      XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "good")
    }
  }

  func testWrite_DiskFullMidway_ThrowsAndKeepsOldFileAndNoTemporary() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("model.npz")
      try Data("good old model".utf8).write(to: url)
      var calls = 0
      InteropFixtures.assertFormatError(
        url.path, "cannot write 3000000 bytes (wrote 1048576)", "no space left on device"
      ) {
        try AtomicFileWriter.write(Data(count: 3_000_000), to: url) { fd, chunk in
          calls += 1
          if calls == 1 { return write(fd, chunk.baseAddress, chunk.count) }
          errno = ENOSPC
          return -1
        }
      }
      XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "good old model")
      XCTAssertEqual(
        try FileManager.default.contentsOfDirectory(atPath: directory.path), ["model.npz"])
    }
  }

  func testWrite_InterruptedBySignal_Retries() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("out")
      var interrupted = false
      try AtomicFileWriter.write(Data("abc".utf8), to: url) { fd, chunk in
        if !interrupted {
          interrupted = true
          errno = EINTR
          return -1
        }
        return write(fd, chunk.baseAddress, chunk.count)
      }
      XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "abc")
    }
  }
}

// MARK: - A process killed mid-write

extension AtomicWriteTests {
  /// Re-runs this test binary as a child that starts replacing a file and stalls after the
  /// first megabyte; the parent kills it with SIGKILL and checks that the target still holds
  /// its old content (the partial temporary file is left beside it).
  func testWrite_ChildKilledMidway_OldFileIntact() throws {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0])
    guard executable.pathExtension == "xctest",
      FileManager.default.isExecutableFile(atPath: executable.path)
    else {
      throw XCTSkip("not running from a Linux .xctest executable: cannot re-launch it")
    }
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("weights.npz")
      let old = Data("old weights, complete".utf8)
      try old.write(to: url)
      let marker = directory.appendingPathComponent("started")

      let child = Process()
      child.executableURL = executable
      child.arguments = ["SNNIOTests.AtomicWriteTests/testChildProcessHelper_RunsOnlyWhenSpawned"]
      child.environment = ProcessInfo.processInfo.environment.merging(
        [Self.childTargetVariable: url.path]) { $1 }
      child.standardOutput = FileHandle.nullDevice
      child.standardError = FileHandle.nullDevice
      try child.run()

      let deadline = Date().addingTimeInterval(60)
      while !FileManager.default.fileExists(atPath: marker.path) && child.isRunning
        && Date() < deadline
      {
        usleep(20_000)
      }
      XCTAssertTrue(
        FileManager.default.fileExists(atPath: marker.path), "child never started writing")
      XCTAssertEqual(kill(child.processIdentifier, SIGKILL), 0)
      child.waitUntilExit()
      XCTAssertEqual(child.terminationReason, .uncaughtSignal)

      XCTAssertEqual(try Data(contentsOf: url), old, "the target must still hold the old content")
      let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        .filter { $0.hasPrefix(".weights.npz.tmp-\(child.processIdentifier)-") }
      XCTAssertEqual(leftovers.count, 1, "the killed child's partial temporary file")
      if let leftover = leftovers.first {
        let size = try Data(contentsOf: directory.appendingPathComponent(leftover)).count
        XCTAssertEqual(size, AtomicFileWriter.chunkSize, "the child was killed after one chunk")
      }
    }
  }

  /// The child half of ``testWrite_ChildKilledMidway_OldFileIntact``: does nothing unless
  /// that test launched it.
  func testChildProcessHelper_RunsOnlyWhenSpawned() throws {
    guard let target = ProcessInfo.processInfo.environment[Self.childTargetVariable] else { return }
    let url = URL(fileURLWithPath: target)
    let marker = url.deletingLastPathComponent().appendingPathComponent("started")
    var calls = 0
    try AtomicFileWriter.write(Data(count: 4 * AtomicFileWriter.chunkSize), to: url) { fd, chunk in
      calls += 1
      if calls == 2 {
        _ = FileManager.default.createFile(atPath: marker.path, contents: nil)
        sleep(120)  // killed here by the parent
      }
      return write(fd, chunk.baseAddress, chunk.count)
    }
  }
}
