import Foundation
import XCTest

@testable import SNNIO

/// Helpers shared by the MNIST, IDX and gzip tests.
enum MNISTTestFixtures {
  /// Asserts that `body` throws a ``DataFormatError`` whose text contains every fragment.
  static func assertFormatError(
    _ fragments: String..., file: StaticString = #filePath, line: UInt = #line,
    _ body: () throws -> Void
  ) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
      guard let error = error as? DataFormatError else {
        return XCTFail("expected DataFormatError, got \(error)", file: file, line: line)
      }
      for fragment in fragments {
        XCTAssertTrue(
          error.description.contains(fragment), "\"\(error)\" lacks \"\(fragment)\"", file: file,
          line: line)
      }
    }
  }

  /// IDX bytes written by hand, independently of ``IDXHeader``: two zero bytes, the type
  /// code, the number of dimensions, each dimension big-endian, then `payload`.
  static func idxBytes(code: UInt8 = 0x08, dimensions: [UInt32], payload: [UInt8]) -> Data {
    var bytes: [UInt8] = [0, 0, code, UInt8(dimensions.count)]
    for d in dimensions {
      bytes += [UInt8(d >> 24), UInt8((d >> 16) & 0xff), UInt8((d >> 8) & 0xff), UInt8(d & 0xff)]
    }
    return Data(bytes + payload)
  }

  /// A small MNIST-like split: `count` images of `rows`x`cols` where pixel `p` of image `i`
  /// is `(i * 31 + p) % 256`, and labels `i % 10`.
  static func syntheticSplit(count: Int, rows: Int = 4, cols: Int = 3) -> (images: Data, labels: Data) {
    let pixels = (0..<count * rows * cols).map { n -> UInt8 in
      let i = n / (rows * cols)
      let p = n % (rows * cols)
      return UInt8((i * 31 + p) % 256)
    }
    let images = idxBytes(
      dimensions: [UInt32(count), UInt32(rows), UInt32(cols)], payload: pixels)
    let labels = idxBytes(dimensions: [UInt32(count)], payload: (0..<count).map { UInt8($0 % 10) })
    return (images, labels)
  }

  /// Writes a synthetic MNIST directory (both splits) into `directory`, gzipped or raw.
  static func writeSyntheticDirectory(
    _ directory: URL, trainCount: Int = 12, testCount: Int = 5, gzip: Bool
  ) throws {
    for (split, count) in [(MNISTSplit.train, trainCount), (.test, testCount)] {
      let (images, labels) = syntheticSplit(count: count)
      for (name, data) in [(split.imagesFileName, images), (split.labelsFileName, labels)] {
        let url = directory.appendingPathComponent(gzip ? name + ".gz" : name)
        try (gzip ? Gzip.compress(data) : data).write(to: url)
      }
    }
  }
}
