import Foundation
import XCTest
import _SNNTestSupport

@testable import SNNIO

/// `.npz` reading and writing, against archives written by `numpy.savez` and
/// `numpy.savez_compressed` (scripts/make_numpy_fixtures.py), and corrupt archives.
final class NumPyNPZTests: XCTestCase {
  /// The arrays both fixture archives hold: `a` as in f4.npy, `b` as in u1.npy.
  private let expectedA = (0..<12).map { Float($0) / 7 - 0.5 }
  private let expectedB = (0..<10).map { UInt8(($0 * 29) % 256) }
}

// MARK: - Reading numpy's archives

extension NumPyNPZTests {
  func testRead_StoredArchive_MatchesClosedForm() throws {
    let arrays = try NPZ.read(url: InteropFixtures.numpy("stored.npz"))
    XCTAssertEqual(Set(arrays.keys), ["a", "b"])
    XCTAssertEqual(arrays["a"]?.shape, [3, 4])
    XCTAssertEqual(arrays["a"]?.storage, .float32(expectedA))
    XCTAssertEqual(arrays["b"]?.shape, [2, 5])
    XCTAssertEqual(arrays["b"]?.storage, .uint8(expectedB))
  }

  func testRead_CompressedArchive_MatchesClosedForm() throws {
    let archive = try ZipArchive(url: InteropFixtures.numpy("compressed.npz"), maxBytes: 1 << 20)
    XCTAssertEqual(archive.entries.map(\.method), [8, 8], "the fixture must really be deflated")
    let arrays = try NPZ.read(url: InteropFixtures.numpy("compressed.npz"))
    XCTAssertEqual(arrays["a"]?.storage, .float32(expectedA))
    XCTAssertEqual(arrays["b"]?.storage, .uint8(expectedB))
  }
}

// MARK: - Writing

extension NumPyNPZTests {
  func testWriteThenRead_StoredAndCompressed_RoundTrip() throws {
    let arrays: [String: NDArray] = [
      "weights": try NDArray(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6]),
      "labels": NDArray([UInt8](repeating: 7, count: 1000)),
      "empty": try NDArray(shape: [0, 4], floats: []),
    ]
    try InteropFixtures.withTemporaryDirectory { directory in
      for compressed in [false, true] {
        let url = directory.appendingPathComponent("w\(compressed).npz")
        try NPZ.write(arrays, to: url, compressed: compressed)
        XCTAssertEqual(try NPZ.read(url: url), arrays)
        let archive = try ZipArchive(url: url, maxBytes: 1 << 20)
        XCTAssertEqual(archive.entries.map(\.name), ["empty.npy", "labels.npy", "weights.npy"])
        XCTAssertEqual(Set(archive.entries.map(\.method)), [compressed ? 8 : 0])
      }
    }
  }

  func testEncode_SameArrays_SameBytes() throws {
    let arrays = ["x": NDArray([Float(1), 2]), "y": NDArray([UInt8(3)])]
    XCTAssertEqual(
      try NPZ.encode(arrays, compressed: true), try NPZ.encode(arrays, compressed: true))
  }

  /// numpy itself must read what we write (skipped where python3 with numpy is missing).
  func testWrite_NumPyLoadsIt() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("check.npz")
      let arrays: [String: NDArray] = [
        "W1": try NDArray(shape: [2, 3], floats: [0.5, -1, 2, 3, 4, 1e-3]),
        "b": try NDArray(shape: [3], storage: .int64([-1, 0, 1 << 40])),
      ]
      try NPZ.write(arrays, to: url, compressed: true)
      let script = """
        import numpy as np, sys
        d = np.load(sys.argv[1])
        print(sorted(d.files), d['W1'].dtype, d['W1'].shape, d['W1'].tolist(), d['b'].tolist())
        """
      guard let output = try runPython(script, argument: url.path) else {
        throw unavailable("python3 with numpy is not available")
      }
      XCTAssertEqual(
        output,
        "['W1', 'b'] float32 (2, 3) [[0.5, -1.0, 2.0], [3.0, 4.0, 0.0010000000474974513]] [-1, 0, "
          + "1099511627776]\n"
      )
    }
  }

  /// Runs `python3 -c script argument`; nil when python3 or numpy is not there.
  private func runPython(_ script: String, argument: String) throws -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, argument]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = Pipe()
    do { try process.run() } catch { return nil }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: output, as: UTF8.self)
  }
}

// MARK: - Corrupt archives

extension NumPyNPZTests {
  func testRead_CRCMismatch_ThrowsNamingEntry() throws {
    var data = try InteropFixtures.numpyBytes("stored.npz")
    // The last byte of a.npy's data (a.npy's local header is at 0; b.npy's follows).
    let second =
      try XCTUnwrap(InteropFixtures.offset(of: [0x50, 0x4b, 0x03, 0x04], in: data.dropFirst(4))) + 4
    data[second - 1] ^= 0x01
    InteropFixtures.assertFormatError("stored.npz", "a.npy", "CRC-32 mismatch") {
      _ = try NPZ.read(data: data, name: "stored.npz")
    }
  }

  func testRead_DeclaredSizeOverCap_ThrowsBeforeInflating() throws {
    var data = try InteropFixtures.numpyBytes("compressed.npz")
    let central = try XCTUnwrap(InteropFixtures.offset(of: [0x50, 0x4b, 0x01, 0x02], in: data))
    InteropFixtures.patch(&data, at: central + 24, uint32: 0xF000_0000)
    InteropFixtures.assertFormatError("a.npy", "declares 4026531840 uncompressed bytes, more than") {
      _ = try NPZ.read(data: data, name: "bomb.npz")
    }
  }

  func testRead_RealBombOverCap_Throws() throws {
    // 4 MiB of zeros deflate to ~4 KB (a ratio of 1000); the archive declares the size
    // honestly, and the cap refuses it.
    var writer = ZipWriter(file: "bomb.npz")
    let zeros = NPY.encode(NDArray([UInt8](repeating: 0, count: 4 << 20)))
    try writer.add(name: "z.npy", contents: zeros, compressed: true)
    let data = try writer.finish()
    XCTAssertLessThan(data.count, 10_000)
    InteropFixtures.assertFormatError("z.npy", "more than the 1048576-byte limit") {
      _ = try NPZ.read(data: data, name: "bomb.npz", maxBytes: 1 << 20)
    }
    XCTAssertEqual(try NPZ.read(data: data, name: "bomb.npz")["z"]?.count, 4 << 20)
  }

  func testRead_InflatesBeyondDeclaredSize_Throws() throws {
    var data = try InteropFixtures.numpyBytes("compressed.npz")
    let central = try XCTUnwrap(InteropFixtures.offset(of: [0x50, 0x4b, 0x01, 0x02], in: data))
    InteropFixtures.patch(&data, at: central + 24, uint32: 100)  // a.npy really has 176 bytes
    InteropFixtures.assertFormatError("a.npy", "larger than the limit of 100 bytes") {
      _ = try NPZ.read(data: data, name: "lying.npz")
    }
  }

  func testRead_CorruptDeflateStream_Throws() throws {
    var data = try InteropFixtures.numpyBytes("compressed.npz")
    // The local header of a.npy is 30 bytes + the name + numpy's 20-byte ZIP64 extra field.
    let start = 30 + 5 + 20
    for i in 0..<8 { data[start + i] = 0xff }
    InteropFixtures.assertFormatError("a.npy", "deflated data") {
      _ = try NPZ.read(data: data, name: "corrupt.npz")
    }
  }

  func testRead_TruncatedOrNotZip_Throws() throws {
    let data = try InteropFixtures.numpyBytes("stored.npz")
    InteropFixtures.assertFormatError("no end-of-central-directory record") {
      _ = try NPZ.read(data: data.prefix(data.count - 30), name: "cut.npz")
    }
    InteropFixtures.assertFormatError("not a zip archive") {
      _ = try NPZ.read(data: Data("just text".utf8), name: "text.npz")
    }
    InteropFixtures.assertFormatError("not a zip archive") {
      _ = try NPZ.read(data: Data(), name: "empty.npz")
    }
  }

  func testRead_DirectoryOutsideArchive_Throws() throws {
    var data = try InteropFixtures.numpyBytes("stored.npz")
    let end = try XCTUnwrap(InteropFixtures.offset(of: [0x50, 0x4b, 0x05, 0x06], in: data))
    InteropFixtures.patch(&data, at: end + 16, uint32: 0x7fff_0000)
    InteropFixtures.assertFormatError("central directory", "lies outside the archive") {
      _ = try NPZ.read(data: data, name: "x.npz")
    }
  }

  func testRead_EntryOffsetOutsideArchive_Throws() throws {
    var data = try InteropFixtures.numpyBytes("stored.npz")
    let central = try XCTUnwrap(InteropFixtures.offset(of: [0x50, 0x4b, 0x01, 0x02], in: data))
    InteropFixtures.patch(&data, at: central + 42, uint32: 0x7fff_0000)
    InteropFixtures.assertFormatError("a.npy", "lies outside the archive's data") {
      _ = try NPZ.read(data: data, name: "x.npz")
    }
  }

  func testRead_ZIP64EndRecord_ThrowsClearly() throws {
    let data = try InteropFixtures.numpyBytes("stored.npz")
    let end = try XCTUnwrap(InteropFixtures.offset(of: [0x50, 0x4b, 0x05, 0x06], in: data))
    var patched = data.prefix(end)
    var locator = Data([0x50, 0x4b, 0x06, 0x07])
    locator.append(Data(count: 16))
    patched.append(locator)
    patched.append(data.suffix(from: end))
    InteropFixtures.assertFormatError("ZIP64 archives") {
      _ = try NPZ.read(data: patched, name: "x.npz")
    }
  }

  /// Python's `zipfile` moves sizes into a ZIP64 extra field of the central directory when
  /// they need it; the reader takes them from there.
  func testRead_ZIP64SizesInCentralDirectory_Reads() throws {
    let npy = try InteropFixtures.numpyBytes("u1.npy")
    let name = Array("b.npy".utf8)
    let crc = CRC32.checksum(npy)
    var zip = Data()
    func le(_ value: UInt64, _ bytes: Int) {
      for i in 0..<bytes { zip.append(UInt8((value >> (8 * UInt64(i))) & 0xff)) }
    }
    le(0x0403_4b50, 4)
    le(45, 2)
    le(0, 2)
    le(0, 2)
    le(0, 4)
    le(UInt64(crc), 4)
    le(UInt64(npy.count), 4)
    le(UInt64(npy.count), 4)
    le(UInt64(name.count), 2)
    le(0, 2)
    zip.append(contentsOf: name)
    zip.append(npy)
    let directoryOffset = zip.count
    le(0x0201_4b50, 4)
    le(45, 2)
    le(45, 2)
    le(0, 2)
    le(0, 2)
    le(0, 4)
    le(UInt64(crc), 4)
    le(0xFFFF_FFFF, 4)
    le(0xFFFF_FFFF, 4)
    le(UInt64(name.count), 2)
    le(4 + 24, 2)
    le(0, 2)
    le(0, 2)
    le(0, 2)
    le(0, 4)
    le(0xFFFF_FFFF, 4)
    zip.append(contentsOf: name)
    le(1, 2)
    le(24, 2)
    le(UInt64(npy.count), 8)
    le(UInt64(npy.count), 8)
    le(0, 8)
    let directorySize = zip.count - directoryOffset
    le(0x0605_4b50, 4)
    le(0, 2)
    le(0, 2)
    le(1, 2)
    le(1, 2)
    le(UInt64(directorySize), 4)
    le(UInt64(directoryOffset), 4)
    le(0, 2)
    let arrays = try NPZ.read(data: zip, name: "zip64.npz")
    XCTAssertEqual(arrays["b"]?.storage, .uint8(expectedB))
  }

  func testRead_NonNPYEntry_Throws() throws {
    var writer = ZipWriter(file: "x.npz")
    try writer.add(name: "readme.txt", contents: Data("hi".utf8), compressed: false)
    let data = try writer.finish()
    InteropFixtures.assertFormatError("readme.txt", "is not a .npy entry") {
      _ = try NPZ.read(data: data, name: "x.npz")
    }
  }

  func testRead_CorruptArrayInside_ThrowsNamingArchiveAndEntry() throws {
    var writer = ZipWriter(file: "x.npz")
    try writer.add(name: "w.npy", contents: Data("not numpy at all".utf8), compressed: true)
    let data = try writer.finish()
    InteropFixtures.assertFormatError("x.npz: w.npy: not a .npy file") {
      _ = try NPZ.read(data: data, name: "x.npz")
    }
  }
}

// MARK: - Archives that ZIPFoundation 0.9.20 mishandles (why ZipArchive is ours)

extension NumPyNPZTests {
  /// An archive whose one deflated entry is cut in half (its sizes say so consistently):
  /// ZIPFoundation's Linux inflate loop reads past the entry and, at the end of the file,
  /// loops forever; this reader stops at the declared compressed size.
  func testRead_TruncatedDeflateStream_ThrowsTruncated() throws {
    var writer = ZipWriter(file: "cut.npz")
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15  // xorshift64: bytes deflate cannot shrink
    let noise = (0..<50_000).map { _ -> UInt8 in
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return UInt8(truncatingIfNeeded: state >> 32)
    }
    try writer.add(name: "w.npy", contents: NPY.encode(NDArray(noise)), compressed: true)
    var data = try writer.finish()
    let central = try XCTUnwrap(InteropFixtures.offset(of: [0x50, 0x4b, 0x01, 0x02], in: data))
    let compressed = Int(ByteReader(data).uint32(at: central + 20))
    XCTAssertGreaterThan(compressed, 40_000, "the entry must really be incompressible")
    InteropFixtures.patch(&data, at: 18, uint32: UInt32(compressed / 2))
    InteropFixtures.patch(&data, at: central + 20, uint32: UInt32(compressed / 2))
    InteropFixtures.assertFormatError("cut.npz: w.npy: deflated data", "truncated") {
      _ = try NPZ.read(data: data, name: "cut.npz")
    }
  }

  /// A damaged second central-directory header: ZIPFoundation's entry iterator just ends
  /// (one array, no error); this reader names the damaged header.
  func testRead_DamagedSecondCentralHeader_ThrowsInsteadOfDroppingArrays() throws {
    var data = try InteropFixtures.numpyBytes("stored.npz")
    let first = try XCTUnwrap(InteropFixtures.offset(of: [0x50, 0x4b, 0x01, 0x02], in: data))
    let second =
      try XCTUnwrap(
        InteropFixtures.offset(of: [0x50, 0x4b, 0x01, 0x02], in: data.dropFirst(first + 4))) + first + 4
    data[second + 3] = 0x09
    InteropFixtures.assertFormatError("damaged.npz", "central directory entry 1 is missing or truncated") {
      _ = try NPZ.read(data: data, name: "damaged.npz")
    }
  }

  /// An entry flagged as encrypted: ZIPFoundation's iterator ends there without an error
  /// (the archive reads as empty); this reader refuses it by name.
  func testRead_EncryptedEntry_ThrowsNamingIt() throws {
    var data = try InteropFixtures.numpyBytes("stored.npz")
    let first = try XCTUnwrap(InteropFixtures.offset(of: [0x50, 0x4b, 0x01, 0x02], in: data))
    data[first + 8] |= 1
    InteropFixtures.assertFormatError("locked.npz: a.npy: encrypted zip entries are not supported") {
      _ = try NPZ.read(data: data, name: "locked.npz")
    }
  }
}
