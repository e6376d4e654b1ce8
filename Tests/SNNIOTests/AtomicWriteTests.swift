import Foundation
import XCTest
import _SNNTestSupport

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

  func testWrite_FlushFails_ThrowsAndKeepsOldFileAndNoTemporary() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("model.npz")
      try Data("good old model".utf8).write(to: url)
      InteropFixtures.assertFormatError(url.path, "cannot flush the data to disk", "input/output error") {
        try AtomicFileWriter.write(
          Data("new".utf8), to: url, chunkWriter: { fd, chunk in write(fd, chunk.baseAddress, chunk.count) },
          sync: { _ in
            errno = EIO
            return -1
          })
      }
      XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "good old model")
      XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["model.npz"])
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

// MARK: - What the path points to

extension AtomicWriteTests {
  func testWrite_SymbolicLink_ReplacesTargetAndKeepsLink() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let targets = directory.appendingPathComponent("targets")
      try FileManager.default.createDirectory(at: targets, withIntermediateDirectories: false)
      let target = targets.appendingPathComponent("real.npz")
      try Data("old".utf8).write(to: target)
      let link = directory.appendingPathComponent("link.npz")
      XCTAssertEqual(symlink("targets/real.npz", link.path), 0)

      try writeAtomically(Data("new".utf8), to: link)

      XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "new")
      XCTAssertEqual(
        try FileManager.default.destinationOfSymbolicLink(atPath: link.path), "targets/real.npz")
      XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: targets.path), ["real.npz"])
      XCTAssertEqual(
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(),
        ["link.npz", "targets"])
    }
  }

  func testWrite_ChainOfLinks_ReplacesTheLastTarget() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let sub = directory.appendingPathComponent("sub")
      try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: false)
      let target = sub.appendingPathComponent("end.txt")
      try Data("old".utf8).write(to: target)
      XCTAssertEqual(chmod(target.path, 0o640), 0)
      // first -> sub/middle (relative) -> <absolute>/sub/end.txt
      XCTAssertEqual(symlink(target.path, sub.appendingPathComponent("middle").path), 0)
      XCTAssertEqual(symlink("sub/middle", directory.appendingPathComponent("first").path), 0)

      try writeAtomically(Data("new".utf8), to: directory.appendingPathComponent("first"))

      XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "new")
      XCTAssertEqual(try kind(of: directory.appendingPathComponent("first")), S_IFLNK)
      XCTAssertEqual(try kind(of: sub.appendingPathComponent("middle")), S_IFLNK)
      XCTAssertEqual(try kind(of: target), S_IFREG)
      let mode = try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int
      XCTAssertEqual(mode, 0o640, "the target keeps its mode")
    }
  }

  func testWrite_DanglingLink_CreatesTheTarget() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let link = directory.appendingPathComponent("link")
      XCTAssertEqual(symlink("made.txt", link.path), 0)
      try writeAtomically(Data("made".utf8), to: link)
      XCTAssertEqual(try kind(of: link), S_IFLNK)
      XCTAssertEqual(
        try String(contentsOf: directory.appendingPathComponent("made.txt"), encoding: .utf8), "made")
    }
  }

  func testWrite_DanglingLinkIntoMissingDirectory_ThrowsNamingBoth() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let link = directory.appendingPathComponent("link")
      XCTAssertEqual(symlink("/nonexistent-swiftsnn-dir/x.npz", link.path), 0)
      InteropFixtures.assertFormatError(
        link.path, "cannot create a temporary file in /nonexistent-swiftsnn-dir",
        "(the link's target /nonexistent-swiftsnn-dir/x.npz)", "no such file"
      ) {
        try writeAtomically(Data([1]), to: link)
      }
      XCTAssertEqual(try kind(of: link), S_IFLNK)
    }
  }

  func testWrite_LinkLoop_ThrowsInsteadOfLooping() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let a = directory.appendingPathComponent("a")
      XCTAssertEqual(symlink("b", a.path), 0)
      XCTAssertEqual(symlink("a", directory.appendingPathComponent("b").path), 0)
      InteropFixtures.assertFormatError(a.path, "more than 40 symbolic links") {
        try writeAtomically(Data([1]), to: a)
      }
    }
  }

  func testWrite_Directory_RefusedNamingPath() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let sub = directory.appendingPathComponent("out.npz")
      try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: false)
      InteropFixtures.assertFormatError(sub.path, "cannot write: it is a directory") {
        try writeAtomically(Data([1]), to: sub)
      }
      let link = directory.appendingPathComponent("to-dir")
      XCTAssertEqual(symlink("out.npz", link.path), 0)
      InteropFixtures.assertFormatError(link.path, "(the link's target", "it is a directory") {
        try writeAtomically(Data([1]), to: link)
      }
      XCTAssertEqual(try kind(of: sub), S_IFDIR)
      XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: sub.path), [])
    }
  }

  func testWrite_FIFO_WritesThroughToTheReader() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let fifo = directory.appendingPathComponent("pipe")
      XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
      let data = Data((0..<(3 * AtomicFileWriter.chunkSize / 2)).map { UInt8($0 % 253) })
      let received = ReceivedBytes()
      let reader = Thread {
        // Read to the end: Data(contentsOf:) would read the FIFO's size (0) and close early.
        if let handle = FileHandle(forReadingAtPath: fifo.path) {
          received.bytes = handle.readDataToEndOfFile()
          try? handle.close()
        }
        received.done.signal()
      }
      reader.start()
      try writeAtomically(data, to: fifo)
      XCTAssertEqual(received.done.wait(timeout: .now() + 60), .success, "the reader never finished")
      XCTAssertEqual(received.bytes, data)
      XCTAssertEqual(try kind(of: fifo), S_IFIFO, "the FIFO stays a FIFO")
      XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["pipe"])
    }
  }

  /// `/dev/stdout` when standard output is a pipe: `/proc/self/fd/N` is a kernel link to
  /// "pipe:[inode]", which is no path; the data must still go into the pipe.
  func testWrite_ProcLinkToAPipe_WritesThrough() throws {
    let pipe = Pipe()
    let path = "/proc/self/fd/\(pipe.fileHandleForWriting.fileDescriptor)"
    try skipUnlessAvailable(FileManager.default.fileExists(atPath: path), "no /proc/self/fd")
    try writeAtomically(Data("through the pipe".utf8), to: URL(fileURLWithPath: path))
    try pipe.fileHandleForWriting.close()
    XCTAssertEqual(
      String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), "through the pipe")
  }

  /// A copy of /dev/null (the same character device number) made with `mknod`, which needs root: the
  /// tests run as root in CI (`.ci/run`), where this must not be skipped.
  func testWrite_CharacterDevice_WritesThroughAndStaysADevice() throws {
    guard getuid() == 0 else {
      throw unavailable("mknod needs root; this test runs only as root")
    }
    try InteropFixtures.withTemporaryDirectory { directory in
      let device = directory.appendingPathComponent("null")
      var null = stat()
      XCTAssertEqual(stat("/dev/null", &null), 0)
      XCTAssertEqual(mknod(device.path, S_IFCHR | 0o666, null.st_rdev), 0, "mknod failed")
      let link = directory.appendingPathComponent("out.npz")
      XCTAssertEqual(symlink("null", link.path), 0)

      try writeAtomically(Data("discarded".utf8), to: device)
      try writeAtomically(Data("discarded too".utf8), to: link)

      XCTAssertEqual(try kind(of: device), S_IFCHR, "the device must not become a regular file")
      XCTAssertEqual(try kind(of: link), S_IFLNK)
      XCTAssertEqual(
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(),
        ["null", "out.npz"], "no temporary file")
    }
  }

  /// `S_IFREG`, `S_IFLNK`, ... of the file at `url` itself (not following a link).
  private func kind(of url: URL) throws -> mode_t {
    var info = stat()
    guard lstat(url.path, &info) == 0 else { throw DataFormatError(file: url.path, "lstat failed") }
    return info.st_mode & S_IFMT
  }
}

/// What the FIFO test's reader thread received.
private final class ReceivedBytes: @unchecked Sendable {
  var bytes = Data()
  let done = DispatchSemaphore(value: 0)
}

// MARK: - A process killed mid-write

extension AtomicWriteTests {
  /// Re-runs this test binary as a child that starts replacing a file and stalls after the
  /// first megabyte; the parent kills it with SIGKILL and checks that the target still holds
  /// its old content (the partial temporary file is left beside it). The child is this
  /// same test, run with ``childTargetVariable`` set, so that it is not a test of its own.
  func testWrite_ChildKilledMidway_OldFileIntact() throws {
    if let target = ProcessInfo.processInfo.environment[Self.childTargetVariable] {
      return try stallWhileReplacing(URL(fileURLWithPath: target))
    }
    let executable = URL(fileURLWithPath: CommandLine.arguments[0])
    guard executable.pathExtension == "xctest",
      FileManager.default.isExecutableFile(atPath: executable.path)
    else {
      throw unavailable("not running from a Linux .xctest executable: cannot re-launch it")
    }
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("weights.npz")
      let old = Data("old weights, complete".utf8)
      try old.write(to: url)
      let marker = directory.appendingPathComponent("started")

      let child = Process()
      child.executableURL = executable
      child.arguments = ["SNNIOTests.AtomicWriteTests/testWrite_ChildKilledMidway_OldFileIntact"]
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

  /// The child's half of ``testWrite_ChildKilledMidway_OldFileIntact``: writes one chunk,
  /// creates the `started` marker beside `url` and sleeps until it is killed.
  private func stallWhileReplacing(_ url: URL) throws {
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
