import Foundation
import XCTest

@testable import SNNIO

/// Paths and assertions shared by the NumPy, Keras and atomic-write tests.
enum InteropFixtures {
  /// `Tests/SNNIOTests/Fixtures/<folder>/<name>` (made by scripts/make_*_fixtures.py).
  static func url(_ folder: String, _ name: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures").appendingPathComponent(folder)
      .appendingPathComponent(name)
  }

  /// A committed NumPy fixture.
  static func numpy(_ name: String) -> URL { url("numpy", name) }

  /// A committed small HDF5 fixture.
  static func keras(_ name: String) -> URL { url("keras", name) }

  /// The bytes of a committed NumPy fixture.
  static func numpyBytes(_ name: String) throws -> Data { try Data(contentsOf: numpy(name)) }

  /// Asserts that `body` throws a ``DataFormatError`` whose text contains every fragment,
  /// and returns the error.
  @discardableResult
  static func assertFormatError(
    _ fragments: String..., file: StaticString = #filePath, line: UInt = #line,
    _ body: () throws -> Void
  ) -> DataFormatError? {
    var caught: DataFormatError?
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
      guard let error = error as? DataFormatError else {
        return XCTFail("expected DataFormatError, got \(error)", file: file, line: line)
      }
      caught = error
      for fragment in fragments {
        XCTAssertTrue(
          error.description.contains(fragment), "\"\(error)\" lacks \"\(fragment)\"",
          file: file, line: line)
      }
    }
    return caught
  }

  /// Runs `body` with a fresh temporary directory, removed afterwards.
  static func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("swiftsnn-interop-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
  }

  /// The offset of the first occurrence of `pattern` in `data`.
  static func offset(of pattern: [UInt8], in data: Data) -> Int? {
    let bytes = [UInt8](data)
    guard bytes.count >= pattern.count else { return nil }
    for i in 0...(bytes.count - pattern.count)
    where Array(bytes[i..<(i + pattern.count)]) == pattern {
      return i
    }
    return nil
  }

  /// Writes `value` little-endian into `data` at `offset`.
  static func patch(_ data: inout Data, at offset: Int, uint32 value: UInt32) {
    for i in 0..<4 { data[data.startIndex + offset + i] = UInt8((value >> (8 * UInt32(i))) & 0xff) }
  }
}
