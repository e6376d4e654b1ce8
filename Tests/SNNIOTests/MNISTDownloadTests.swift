import Dispatch
import Foundation
import XCTest
import _SNNTestSupport

@testable import SNNIO

final class MNISTDownloadTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = try TestPaths.temporaryDirectory()
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  /// The content served in the HTTP tests and its MD5 (from `md5sum`).
  private let served = Data("swiftsnn download test\n".utf8)
  private let servedMD5 = "3f3b7b26ade69462d194b599e215a90e"
}

// MARK: - MD5 (RFC 1321)

extension MNISTDownloadTests {
  func testMD5_RFC1321TestSuite() {
    // RFC 1321, appendix A.5.
    let suite: [(String, String)] = [
      ("", "d41d8cd98f00b204e9800998ecf8427e"),
      ("a", "0cc175b9c0f1b6a831c399e269772661"),
      ("abc", "900150983cd24fb0d6963f7d28e17f72"),
      ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
      ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
      (
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        "d174ab98d277d9f5a5611c2c9f419d9f"
      ),
      (
        "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
        "57edf4a22be3c955ac49da2e2107b67a"
      ),
    ]
    for (message, digest) in suite {
      XCTAssertEqual(MD5.hexDigest(of: Data(message.utf8)), digest, "MD5(\"\(message)\")")
    }
  }

  func testMD5_PaddingBoundaries_MatchPythonHashlib() {
    // hashlib.md5(b'a' * n).hexdigest(): lengths around the 56- and 64-byte boundaries.
    let reference: [Int: String] = [
      55: "ef1772b6dff9a122358552954ad0df65", 56: "3b0c8ac703f828b04c6c197006d17218",
      63: "b06521f39153d618550606be297466d5", 64: "014842d480b571495a4a0363793f7367",
      65: "c743a45e0d2e6a95cb859adae0248435", 119: "8a7bd0732ed6a28ce75f6dabc90e1613",
      120: "5f61c0ccad4cac44c75ff505e1f1e537",
    ]
    for (n, digest) in reference {
      XCTAssertEqual(MD5.hexDigest(of: Data(repeating: 0x61, count: n)), digest, "length \(n)")
    }
  }

  func testMD5_MillionAs_InPiecesOfAnySize() {
    let message = Data(repeating: 0x61, count: 1_000_000)
    XCTAssertEqual(MD5.hexDigest(of: message), "7707d6ae4e027c70eea2a935c2296f21")
    for piece in [1, 63, 64, 65, 4_099] {
      var md5 = MD5()
      var start = 0
      while start < message.count {
        let end = min(start + piece, message.count)
        md5.update(message[start..<end])
        start = end
        if piece == 1 && start >= 10_000 { break }  // byte-at-a-time only for a prefix
      }
      let expected = piece == 1 ? MD5.hexDigest(of: message.prefix(10_000)) : "7707d6ae4e027c70eea2a935c2296f21"
      XCTAssertEqual(md5.finalize().map { String(format: "%02x", $0) }.joined(), expected, "piece \(piece)")
    }
  }
}

// MARK: - Checksum verification on local files

extension MNISTDownloadTests {
  func testVerify_MatchingFile_Passes() throws {
    let url = directory.appendingPathComponent("ok.bin")
    try served.write(to: url)
    XCTAssertNoThrow(try MNISTDownload.verify(file: url, expectedMD5: servedMD5))
    XCTAssertNoThrow(try MNISTDownload.verify(file: url, expectedMD5: servedMD5.uppercased()))
  }

  func testVerify_AlteredFile_ReportsBothChecksums() throws {
    let url = directory.appendingPathComponent("bad.bin")
    try (served + Data([0])).write(to: url)
    MNISTTestFixtures.assertFormatError(url.path, "MD5 checksum mismatch", "expected \(servedMD5), got ") {
      try MNISTDownload.verify(file: url, expectedMD5: self.servedMD5)
    }
  }

  func testVerify_MissingFile_Throws() {
    let url = directory.appendingPathComponent("absent")
    MNISTTestFixtures.assertFormatError(url.path, "cannot read") {
      try MNISTDownload.verify(file: url, expectedMD5: self.servedMD5)
    }
  }

  func testOfficialFiles_AreTheFourPublishedChecksums() {
    XCTAssertEqual(
      MNISTDownload.officialFiles.map(\.name), MNISTSplit.allFileNames.map { $0 + ".gz" })
    XCTAssertEqual(
      Set(MNISTDownload.officialFiles.map(\.md5)),
      [
        "f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432",
        "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c",
      ])
  }
}

// MARK: - Downloads from a local HTTP server

extension MNISTDownloadTests {
  func testDownload_FallsBackToSecondMirror_AndWritesVerifiedFile() throws {
    let server = try LocalHTTPServer(serving: directory.appendingPathComponent("site"))
    defer { server.stop() }
    try FileManager.default.createDirectory(
      at: server.root.appendingPathComponent("good"), withIntermediateDirectories: true)
    try served.write(to: server.root.appendingPathComponent("good/file.gz"))

    let target = directory.appendingPathComponent("out/nested")
    let lines = LogLines()
    try MNISTDownload.download(
      into: target, files: [.init(name: "file.gz", md5: servedMD5)],
      mirrors: [server.url("missing/"), server.url("good/")], log: lines.append)
    XCTAssertEqual(try Data(contentsOf: target.appendingPathComponent("file.gz")), served)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.path), ["file.gz"])
    XCTAssertTrue(lines.all.contains { $0.contains("HTTP 404") }, "\(lines.all)")
  }

  func testDownload_DestinationIsADanglingLink_WritesItsTargetAndKeepsTheLink() throws {
    let server = try LocalHTTPServer(serving: directory.appendingPathComponent("site"))
    defer { server.stop() }
    try served.write(to: server.root.appendingPathComponent("file.gz"))
    let target = directory.appendingPathComponent("out")
    let store = directory.appendingPathComponent("store")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
    let link = target.appendingPathComponent("file.gz")
    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "../store/file.gz")

    try MNISTDownload.download(
      into: target, files: [.init(name: "file.gz", md5: servedMD5)], mirrors: [server.url("")])

    XCTAssertEqual(try Data(contentsOf: store.appendingPathComponent("file.gz")), served)
    XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link.path), "../store/file.gz")
  }

  func testDownload_ChecksumMismatch_ThrowsAndWritesNothing() throws {
    let server = try LocalHTTPServer(serving: directory.appendingPathComponent("site"))
    defer { server.stop() }
    try served.write(to: server.root.appendingPathComponent("file.gz"))

    let target = directory.appendingPathComponent("out")
    let wrong = String(repeating: "0", count: 32)
    MNISTTestFixtures.assertFormatError(
      "file.gz", "every mirror", "HTTP 404", "MD5 checksum mismatch: expected \(wrong), got \(servedMD5)"
    ) {
      try MNISTDownload.download(
        into: target, files: [.init(name: "file.gz", md5: wrong)],
        mirrors: [server.url("nothing-here/"), server.url("")])
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.path), [])
  }

  func testFetch_BodyOverLimit_Throws() throws {
    let server = try LocalHTTPServer(serving: directory.appendingPathComponent("site"))
    defer { server.stop() }
    try Data(count: 5_000).write(to: server.root.appendingPathComponent("big"))
    MNISTTestFixtures.assertFormatError("more than the limit of 1000") {
      _ = try HTTPFetch.get(server.url("big"), maxBytes: 1_000, idleTimeout: 10, transferTimeout: 20)
    }
    XCTAssertEqual(
      try HTTPFetch.get(server.url("big"), maxBytes: 5_000, idleTimeout: 10, transferTimeout: 20).count,
      5_000)
  }

  func testDownload_UnreachableServer_Throws() throws {
    // Port 1 on the loopback interface: connection refused at once.
    let mirror = try XCTUnwrap(URL(string: "http://127.0.0.1:1/"))
    MNISTTestFixtures.assertFormatError("download failed") {
      try MNISTDownload.download(
        into: self.directory, files: [.init(name: "x.gz", md5: self.servedMD5)], mirrors: [mirror])
    }
  }

  func testDownload_ExistingFile_IsKeptUnchecked() throws {
    // A local copy is never checksum-rejected, and no transfer is attempted.
    let existing = directory.appendingPathComponent("x.gz")
    try Data("local copy".utf8).write(to: existing)
    let mirror = try XCTUnwrap(URL(string: "http://127.0.0.1:1/"))
    try MNISTDownload.download(
      into: directory, files: [.init(name: "x.gz", md5: servedMD5)], mirrors: [mirror])
    XCTAssertEqual(try Data(contentsOf: existing), Data("local copy".utf8))
  }
}

/// Collects log lines from a download (called on the test's thread only).
private final class LogLines: @unchecked Sendable {
  private(set) var all: [String] = []
  func append(_ line: String) { all.append(line) }
}

/// `python3 -m http.server` on a free loopback port, serving a fresh directory.
private final class LocalHTTPServer {
  let root: URL
  private let process = Process()
  private let port: Int

  init(serving root: URL) throws {
    self.root = root
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    guard
      let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else {
      throw unavailable("python3 is needed to serve HTTP locally")
    }
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", root.path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()

    // The server prints "Serving HTTP on 127.0.0.1 port N ..." once it listens.
    let banner = Banner()
    output.fileHandleForReading.readabilityHandler = { handle in
      banner.add(handle.availableData)
    }
    let deadline = Date().addingTimeInterval(15)
    var found: Int?
    while found == nil && Date() < deadline && process.isRunning {
      found = banner.port()
      if found == nil { usleep(20_000) }
    }
    output.fileHandleForReading.readabilityHandler = nil
    guard let found else {
      if process.isRunning { process.terminate() }
      throw unavailable("the local python3 HTTP server did not start")
    }
    port = found
  }

  /// The URL of `path` on this server.
  func url(_ path: String) -> URL {
    URL(string: "http://127.0.0.1:\(port)/\(path)") ?? URL(fileURLWithPath: "/")
  }

  /// Stops the server process (the one this object started) and waits for it.
  func stop() {
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
  }
}

/// The server's start-up output, filled from a reader thread.
private final class Banner: @unchecked Sendable {
  private let lock = NSLock()
  private var text = ""

  func add(_ data: Data) {
    lock.lock()
    text += String(decoding: data, as: UTF8.self)
    lock.unlock()
  }

  /// The port announced so far, if any.
  func port() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard let range = text.range(of: " port ") else { return nil }
    let digits = text[range.upperBound...].prefix { $0.isNumber }
    return Int(digits)
  }
}
