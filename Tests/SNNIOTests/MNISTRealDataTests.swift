import Foundation
import XCTest
import _SNNTestSupport

@testable import SNNIO

/// Checks against the real MNIST files in `TestPaths.mnistDirectory`; the reference values
/// are the published label counts and values computed with Python's `gzip` and `hashlib`.
final class MNISTRealDataTests: XCTestCase {
  /// The MNIST directory, or a skip (a failure in CI) when it is absent.
  private func mnistDirectory() throws -> URL {
    guard let dir = TestPaths.mnistDirectory, FileManager.default.fileExists(atPath: dir.path) else {
      throw unavailable("no MNIST directory (set SWIFTSNN_DATA)")
    }
    return dir
  }

  /// How many times each digit occurs in `labels`.
  private func histogram(_ labels: [UInt8]) -> [Int] {
    labels.reduce(into: [Int](repeating: 0, count: 10)) { $0[Int($1)] += 1 }
  }

  func testLoad_TestSplit_MatchesPublishedFacts() throws {
    let test = try MNISTDataset.load(directory: mnistDirectory(), split: .test)
    XCTAssertEqual(test.count, 10_000)
    XCTAssertEqual(test.rows, 28)
    XCTAssertEqual(test.cols, 28)
    XCTAssertEqual(Array(test.labels.prefix(10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    XCTAssertEqual(histogram(test.labels), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])

    // The first image, a 7: row 7 and simple statistics, from Python's gzip module.
    let first = Array(test.pixels(of: 0))
    XCTAssertEqual(
      Array(first[7 * 28..<8 * 28]),
      [0, 0, 0, 0, 0, 0, 84, 185, 159, 151, 60, 36] + [UInt8](repeating: 0, count: 16))
    XCTAssertEqual(first.reduce(0) { $0 + Int($1) }, 18_454)
    XCTAssertEqual(first.filter { $0 != 0 }.count, 116)
    XCTAssertEqual(test.images.reduce(0) { $0 + Int($1) }, 264_923_200)

    let scaled = test.scaledPixels(range: 0..<1)
    XCTAssertEqual(scaled.count, 784)
    XCTAssertEqual(scaled[7 * 28 + 7], 185 / 255)
  }

  func testLoad_TrainLabels_MatchPublishedCounts() throws {
    // Outside XCTUnwrap's autoclosure: a skip thrown in there is recorded as a failure.
    let directory = try mnistDirectory()
    let file = try IDXFile.read(
      contentsOf: XCTUnwrap(MNISTSplit.findFile(named: "train-labels-idx1-ubyte", in: directory)))
    XCTAssertEqual(file.dimensions, [60_000])
    XCTAssertEqual(Array(file.bytes.prefix(10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
    XCTAssertEqual(histogram(file.bytes), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
  }

  func testLoad_TrainSplitWithLimit_ReadsOnlyThePrefix() throws {
    let train = try MNISTDataset.load(directory: mnistDirectory(), split: .train, limit: 100)
    XCTAssertEqual(train.count, 100)
    XCTAssertEqual(Array(train.labels.prefix(5)), [5, 0, 4, 1, 9])
    XCTAssertEqual(train.pixels(of: 0).reduce(0) { $0 + Int($1) }, 27_537)
  }

  func testGunzip_TestFiles_MatchUncompressedChecksums() throws {
    // Uncompressed MD5s from the data directory's README (the original MNIST content).
    let dir = try mnistDirectory()
    for (name, md5, size) in [
      ("t10k-labels-idx1-ubyte.gz", "27ae3e4e09519cfbb04c329615203637", 10_008),
      ("t10k-images-idx3-ubyte.gz", "2646ac647ad5339dbf082846283269ea", 7_840_016),
    ] {
      let url = dir.appendingPathComponent(name)
      let content = try Gzip.decompress(Data(contentsOf: url), maxOutputBytes: size, source: url.path)
      XCTAssertEqual(content.count, size, name)
      XCTAssertEqual(MD5.hexDigest(of: content), md5, name)
    }
  }

}
