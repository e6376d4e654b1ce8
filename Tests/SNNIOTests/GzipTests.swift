import Foundation
import XCTest
import _SNNTestSupport

@testable import SNNIO

final class GzipTests: XCTestCase {
  /// `printf 'hello gzip\n' | gzip -n -9`, made by GNU gzip.
  private let helloGzip = Data([
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48,
    0xcd, 0xc9, 0xc9, 0x57, 0x48, 0xaf, 0xca, 0x2c, 0xe0, 0x02, 0x00, 0x39,
    0x7c, 0x63, 0x56, 0x0b, 0x00, 0x00, 0x00,
  ])

  /// Deterministic bytes that compress moderately: a repeating alphabet with every
  /// seventh byte scrambled by a multiplicative hash of its index and `seed`.
  private func sampleData(count: Int, seed: UInt64 = 1) -> Data {
    var bytes = [UInt8](repeating: 0, count: count)
    for i in 0..<count {
      let hashed = (UInt64(i) &+ seed) &* 0x9E37_79B9_7F4A_7C15
      bytes[i] = i % 7 == 0 ? UInt8(truncatingIfNeeded: hashed >> 56) : UInt8(65 + i % 13)
    }
    return Data(bytes)
  }

  /// Asserts that `body` throws a ``DataFormatError`` mentioning `fragment`.
  private func assertFormatError(
    _ fragment: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void
  ) {
    MNISTTestFixtures.assertFormatError(fragment, file: file, line: line, body)
  }
}

// MARK: - Reading streams made by other tools

extension GzipTests {
  func testDecompress_GNUGzipOutput_GivesOriginalText() throws {
    let out = try Gzip.decompress(helloGzip, maxOutputBytes: 100, source: "hello.gz")
    XCTAssertEqual(String(decoding: out, as: UTF8.self), "hello gzip\n")
  }

  func testInflate_PythonZlibStream_GivesOriginalText() throws {
    // zlib.compress(b'hello') in Python.
    let stream = Data([0x78, 0x9c, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x06, 0x2c, 0x02, 0x15])
    let out = try Zlib.inflate(stream, windowBits: Zlib.zlibFormat, maxOutputBytes: 5, source: "z")
    XCTAssertEqual(String(decoding: out, as: UTF8.self), "hello")
    let auto = try Zlib.inflate(stream, windowBits: Zlib.autoDetect, maxOutputBytes: 5, source: "z")
    XCTAssertEqual(auto, out)
  }

  func testInflate_PythonRawDeflate_GivesOriginalText() throws {
    // zlib.compressobj(9, DEFLATED, -15) over b'abcabcabcabcabcabc' in Python.
    let stream = Data([0x4b, 0x4c, 0x4a, 0x4e, 0x44, 0x45, 0x00])
    let out = try Zlib.inflate(stream, windowBits: Zlib.rawDeflate, maxOutputBytes: 18, source: "r")
    XCTAssertEqual(String(decoding: out, as: UTF8.self), "abcabcabcabcabcabc")
  }

  func testCompress_OutputReadByGNUGzip_GivesOriginal() throws {
    let gzipTool = URL(fileURLWithPath: "/bin/gzip")
    guard FileManager.default.isExecutableFile(atPath: gzipTool.path) else {
      throw unavailable("no /bin/gzip to cross-check with")
    }
    let original = sampleData(count: 100_000)
    let dir = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let gz = dir.appendingPathComponent("sample.gz")
    try Gzip.compress(original, level: 9).write(to: gz)

    let process = Process()
    process.executableURL = gzipTool
    process.arguments = ["-dc", gz.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
    XCTAssertEqual(out, original)
  }
}

// MARK: - Round trips

extension GzipTests {
  func testCompress_RoundTrip_AllContainers() throws {
    for count in [0, 1, 65_535, 65_536, 200_001] {
      let original = sampleData(count: count, seed: UInt64(count))
      for bits in [Zlib.rawDeflate, Zlib.zlibFormat, Zlib.gzipFormat] {
        let packed = try Zlib.deflate(original, windowBits: bits, source: "t")
        let unpacked = try Zlib.inflate(packed, windowBits: bits, maxOutputBytes: count, source: "t")
        XCTAssertEqual(unpacked, original, "count \(count), windowBits \(bits)")
      }
    }
  }

  func testCompress_Level0_StoresUncompressed() throws {
    let original = sampleData(count: 10_000)
    let stored = try Gzip.compress(original, level: 0)
    XCTAssertGreaterThan(stored.count, original.count)
    XCTAssertEqual(try Gzip.decompress(stored, maxOutputBytes: 10_000, source: "s"), original)
  }

  func testCompress_InvalidLevel_Throws() {
    assertFormatError("level 12") { _ = try Gzip.compress(Data([1, 2, 3]), level: 12) }
  }

  func testDecompress_ConcatenatedMembers_AreJoined() throws {
    let a = sampleData(count: 1_000, seed: 2)
    let b = sampleData(count: 3_000, seed: 3)
    let joined = try Gzip.compress(a) + Gzip.compress(b)
    XCTAssertEqual(try Gzip.decompress(joined, maxOutputBytes: 4_000, source: "j"), a + b)
  }
}

// MARK: - Limits and corrupt input

extension GzipTests {
  func testDecompress_OutputExactlyAtLimit_Succeeds() throws {
    let original = Data(repeating: 7, count: 5_000)
    let gz = try Gzip.compress(original)
    XCTAssertEqual(try Gzip.decompress(gz, maxOutputBytes: 5_000, source: "e"), original)
    assertFormatError("larger than the limit of 4999 bytes") {
      _ = try Gzip.decompress(gz, maxOutputBytes: 4_999, source: "e")
    }
  }

  func testDecompress_Bomb_RejectedAtLimit() throws {
    // 16 MiB of zeros compress to about 16 KiB; a 1 MiB limit must stop it early.
    let bomb = try Gzip.compress(Data(count: 16 << 20), level: 9)
    XCTAssertLessThan(bomb.count, 50_000)
    assertFormatError("decompression bomb") {
      _ = try Gzip.decompress(bomb, maxOutputBytes: 1 << 20, source: "bomb.gz")
    }
  }

  func testDecompress_TruncatedStreams_Throw() throws {
    let gz = try Gzip.compress(sampleData(count: 50_000))
    for cut in [gz.count - 1, gz.count - 8, gz.count / 2, 10, 3] {
      assertFormatError("truncated") {
        _ = try Gzip.decompress(gz.prefix(cut), maxOutputBytes: 1 << 20, source: "cut.gz")
      }
    }
  }

  func testDecompress_CorruptCRC_Throws() throws {
    var gz = try Gzip.compress(sampleData(count: 1_000))
    gz[gz.count - 6] ^= 0xff  // inside the CRC-32 trailer
    assertFormatError("corrupt compressed data") {
      _ = try Gzip.decompress(gz, maxOutputBytes: 1 << 20, source: "crc.gz")
    }
  }

  func testDecompress_TrailingGarbage_Throws() throws {
    let gz = try Gzip.compress(sampleData(count: 1_000)) + Data("junk".utf8)
    assertFormatError("4 unexpected bytes after the end") {
      _ = try Gzip.decompress(gz, maxOutputBytes: 1 << 20, source: "junk.gz")
    }
  }

  func testDecompress_NotGzipOrEmpty_Throws() {
    assertFormatError("not gzip data: starts with 00 00") {
      _ = try Gzip.decompress(Data([0, 0, 8, 3]), maxOutputBytes: 10, source: "idx")
    }
    assertFormatError("file is empty") {
      _ = try Gzip.decompress(Data(), maxOutputBytes: 10, source: "empty.gz")
    }
    assertFormatError("compressed stream is empty") {
      _ = try Zlib.inflate(Data(), windowBits: Zlib.rawDeflate, maxOutputBytes: 10, source: "e")
    }
  }

  func testDecompressPrefix_StopsEarlyWithoutCheckingTheRest() throws {
    let original = sampleData(count: 200_000)
    let gz = try Gzip.compress(original)
    let truncated = gz.prefix(gz.count * 3 / 4)
    let head = try Gzip.decompressPrefix(truncated, byteCount: 1_000, source: "p")
    XCTAssertEqual(head, original.prefix(1_000))
    // Asking for more than the stream holds decodes and checks it all.
    XCTAssertEqual(try Gzip.decompressPrefix(gz, byteCount: 300_000, source: "p"), original)
    assertFormatError("truncated") {
      _ = try Gzip.decompressPrefix(truncated, byteCount: 300_000, source: "p")
    }
  }

  func testHasMagic_DetectsGzipOnly() throws {
    XCTAssertTrue(Gzip.hasMagic(helloGzip))
    XCTAssertTrue(Gzip.hasMagic(helloGzip.dropFirst(0)))
    XCTAssertFalse(Gzip.hasMagic(Data([0x1f])))
    XCTAssertFalse(Gzip.hasMagic(Data([0, 0, 8, 1])))
    // A slice that does not start at index 0.
    let shifted = (Data([9]) + helloGzip).dropFirst()
    XCTAssertTrue(Gzip.hasMagic(shifted))
  }
}
