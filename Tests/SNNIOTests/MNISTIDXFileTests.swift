import Foundation
import XCTest
import _SNNTestSupport

@testable import SNNIO

final class MNISTIDXFileTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = try TestPaths.temporaryDirectory()
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  /// Writes `data` (gzipped if asked) to a file in the test's directory.
  private func write(_ data: Data, name: String, gzip: Bool = false) throws -> URL {
    let url = directory.appendingPathComponent(gzip ? name + ".gz" : name)
    try (gzip ? Gzip.compress(data) : data).write(to: url)
    return url
  }

  /// Asserts that reading `data` from a raw file (and, if `gzipped`, from a gzipped file
  /// too) throws an error mentioning every fragment.
  private func assertReadFails(
    _ data: Data, gzipped: Bool = true, _ fragments: String..., line: UInt = #line
  ) throws {
    for gz in gzipped ? [false, true] : [false] {
      let url = try write(data, name: "bad-\(line)", gzip: gz)
      XCTAssertThrowsError(try IDXFile.read(contentsOf: url), "gzip \(gz)", line: line) { error in
        let text = "\(error)"
        XCTAssertTrue(text.hasPrefix(url.path), "\"\(text)\" does not name the file", line: line)
        for fragment in fragments {
          XCTAssertTrue(text.contains(fragment), "\"\(text)\" lacks \"\(fragment)\"", line: line)
        }
      }
    }
  }

  private let idx = MNISTTestFixtures.idxBytes
}

// MARK: - Valid files

extension MNISTIDXFileTests {
  func testRead_RawAndGzip_GiveSameDimensionsAndBytes() throws {
    let payload = (0..<24).map { UInt8($0 * 10) }
    let data = idx(0x08, [2, 3, 4], payload)
    for gz in [false, true] {
      let file = try IDXFile.read(contentsOf: write(data, name: "ok", gzip: gz))
      XCTAssertEqual(file.dimensions, [2, 3, 4])
      XCTAssertEqual(file.itemCount, 2)
      XCTAssertEqual(file.bytes, payload)
    }
  }

  func testRead_OneAndFourDimensions_Accepted() throws {
    let labels = try IDXFile.decode(idx(0x08, [5], [9, 8, 7, 6, 5]), source: "l")
    XCTAssertEqual(labels.dimensions, [5])
    XCTAssertEqual(labels.bytes, [9, 8, 7, 6, 5])
    let four = try IDXFile.decode(idx(0x08, [1, 2, 1, 2], [1, 2, 3, 4]), source: "f")
    XCTAssertEqual(four.dimensions, [1, 2, 1, 2])
  }

  func testEncoded_MatchesHandWrittenBytes() throws {
    let file = try IDXFile(dimensions: [2, 2, 1], bytes: [1, 2, 3, 4])
    XCTAssertEqual(file.encoded(), idx(0x08, [2, 2, 1], [1, 2, 3, 4]))
    XCTAssertEqual(try IDXFile.decode(file.encoded(), source: "e"), file)
  }

  func testRead_MaxItems_ReturnsLeadingItems() throws {
    let payload = (0..<60).map { UInt8($0) }
    let data = idx(0x08, [10, 2, 3], payload)
    for gz in [false, true] {
      let url = try write(data, name: "items", gzip: gz)
      let first = try IDXFile.read(contentsOf: url, maxItems: 4)
      XCTAssertEqual(first.dimensions, [4, 2, 3])
      XCTAssertEqual(first.bytes, Array(payload[0..<24]))
      XCTAssertEqual(try IDXFile.read(contentsOf: url, maxItems: 0).dimensions, [0, 2, 3])
      XCTAssertEqual(try IDXFile.read(contentsOf: url, maxItems: 99).dimensions, [10, 2, 3])
    }
  }

  func testReadHeader_GzipFile_GivesDimensions() throws {
    let url = try write(idx(0x08, [7, 2, 2], [UInt8](repeating: 1, count: 28)), name: "h", gzip: true)
    let header = try IDXHeader.read(contentsOf: url)
    XCTAssertEqual(header.dimensions, [7, 2, 2])
    XCTAssertEqual(header.byteCount, 16)
    XCTAssertEqual(header.payloadByteCount, 28)
  }
}

// MARK: - Corrupt files

extension MNISTIDXFileTests {
  func testRead_EmptyFile_Throws() throws {
    try assertReadFails(Data(), "file is empty")
  }

  func testRead_BadMagic_Throws() throws {
    try assertReadFails(
      Data([0x01, 0x02, 0x08, 0x01, 0, 0, 0, 1, 5]), "bad magic number 0x01020801")
    // A PNG signature, say.
    try assertReadFails(Data([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), "bad magic number 0x89504e47")
  }

  func testRead_UnsupportedOrUnknownElementType_Throws() throws {
    try assertReadFails(
      idx(0x0D, [1], [0, 0, 0, 0]), "element type 0x0D (32-bit float) is not supported",
      "only 0x08")
    try assertReadFails(idx(0x07, [1], [0]), "unknown element type code 0x07")
  }

  func testRead_BadNumberOfDimensions_Throws() throws {
    try assertReadFails(Data([0, 0, 8, 0]), "has 0 dimensions")
    try assertReadFails(idx(0x08, [1, 1, 1, 1, 1], [0]), "has 5 dimensions")
  }

  func testRead_ShortHeader_Throws() throws {
    try assertReadFails(Data([0, 0, 8]), "3 bytes long, too short")
    try assertReadFails(Data([0, 0, 8, 3, 0, 0, 0, 1, 0, 0]), "header is truncated", "need 16")
  }

  func testRead_ZeroDimension_Throws() throws {
    try assertReadFails(idx(0x08, [3, 0, 2], []), "dimension 1 of 3x0x2 has size 0")
  }

  func testRead_AbsurdDimensions_ThrowBeforeAllocating() throws {
    let huge: UInt32 = 0xFFFF_FFFF
    // Overflows Int64 when multiplied out.
    try assertReadFails(
      idx(0x08, [huge, huge, huge, huge], []),
      "dimensions 4294967295x4294967295x4294967295x4294967295 declare more than the limit")
    // Does not overflow, but 4 GiB is over the 2 GiB default limit.
    try assertReadFails(idx(0x08, [65_536, 65_536], [1, 2, 3]), "declare more than the limit of 2147483648")
  }

  func testRead_CustomPayloadLimit_Applies() throws {
    let data = idx(0x08, [10, 10], [UInt8](repeating: 0, count: 100))
    XCTAssertNoThrow(try IDXFile.decode(data, source: "c", maxPayloadBytes: 100))
    MNISTTestFixtures.assertFormatError("limit of 99 data bytes") {
      _ = try IDXFile.decode(data, source: "c", maxPayloadBytes: 99)
    }
  }

  func testRead_TruncatedData_ReportsExpectedAndActualBytes() throws {
    try assertReadFails(
      idx(0x08, [3, 2, 2], [1, 2, 3, 4, 5, 6, 7]), "truncated",
      "declares 3x2x2 = 12 bytes", "only 7 bytes are present")
  }

  func testRead_HeaderClaimsMoreItemsThanPresent_Throws() throws {
    // 100 labels declared, 10 present.
    try assertReadFails(
      idx(0x08, [100], [UInt8](repeating: 3, count: 10)), "declares 100 = 100 bytes",
      "only 10 bytes are present")
  }

  func testRead_TrailingBytes_Throws() throws {
    try assertReadFails(
      idx(0x08, [2, 2], [1, 2, 3, 4, 0xAA, 0xBB]), gzipped: false,
      "2 trailing bytes after the 4 data bytes (2x2)")
    try assertReadFails(
      Gzip.compress(idx(0x08, [2, 2], [1, 2, 3, 4, 0xAA])), gzipped: false,
      "trailing data after the 4 data bytes (2x2) the header declares (after decompression)")
  }

  func testRead_TruncatedGzipStream_Throws() throws {
    let gz = try Gzip.compress(idx(0x08, [50, 20], (0..<1000).map { UInt8($0 % 251) }))
    try assertReadFails(gz.prefix(gz.count - 4), gzipped: false, "compressed stream is truncated")
  }

  func testRead_MissingFile_Throws() throws {
    let url = directory.appendingPathComponent("nope")
    MNISTTestFixtures.assertFormatError(url.path, "cannot read the file") {
      _ = try IDXFile.read(contentsOf: url)
    }
  }

  func testRead_NegativeMaxItems_Throws() throws {
    MNISTTestFixtures.assertFormatError("must not be negative") {
      _ = try IDXFile.decode(self.idx(0x08, [1], [1]), source: "n", maxItems: -1)
    }
  }

  func testInit_InconsistentSizes_Throws() {
    MNISTTestFixtures.assertFormatError("need 6 bytes, got 5") {
      _ = try IDXFile(dimensions: [2, 3], bytes: [1, 2, 3, 4, 5])
    }
    MNISTTestFixtures.assertFormatError("has 0 dimensions") {
      _ = try IDXFile(dimensions: [], bytes: [])
    }
    MNISTTestFixtures.assertFormatError("must each be in 1...4294967295") {
      _ = try IDXFile(dimensions: [0, 3], bytes: [])
    }
  }
}
