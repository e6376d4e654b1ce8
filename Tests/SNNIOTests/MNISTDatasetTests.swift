import Foundation
import XCTest
import _SNNTestSupport

@testable import SNNIO

final class MNISTDatasetTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = try TestPaths.temporaryDirectory()
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  /// The synthetic pixel value of pixel `p` of image `i` (see ``MNISTTestFixtures``).
  private func expectedPixel(image i: Int, pixel p: Int) -> UInt8 { UInt8((i * 31 + p) % 256) }

  /// Overwrites one file of the synthetic directory with raw `data`.
  private func replace(_ name: String, with data: Data) throws {
    try FileManager.default.removeItem(at: directory.appendingPathComponent(name + ".gz"))
    try data.write(to: directory.appendingPathComponent(name))
  }
}

// MARK: - Loading

extension MNISTDatasetTests {
  func testLoad_GzipAndRawDirectories_GiveSyntheticValues() throws {
    for gzip in [true, false] {
      let dir = directory.appendingPathComponent(gzip ? "gz" : "raw")
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      try MNISTTestFixtures.writeSyntheticDirectory(dir, trainCount: 12, testCount: 5, gzip: gzip)

      let train = try MNISTDataset.load(directory: dir, split: .train)
      XCTAssertEqual(train.count, 12)
      XCTAssertEqual(train.rows, 4)
      XCTAssertEqual(train.cols, 3)
      XCTAssertEqual(train.images.count, 12 * 12)
      XCTAssertEqual(train.labels, (0..<12).map { UInt8($0 % 10) })
      XCTAssertEqual(Array(train.pixels(of: 11)), (0..<12).map { expectedPixel(image: 11, pixel: $0) })

      let test = try MNISTDataset.load(directory: dir, split: .test)
      XCTAssertEqual(test.count, 5)
      XCTAssertEqual(test.labels, [0, 1, 2, 3, 4])
    }
  }

  func testLoad_Limit_KeepsLeadingExamples() throws {
    try MNISTTestFixtures.writeSyntheticDirectory(directory, gzip: true)
    let full = try MNISTDataset.load(directory: directory, split: .train)
    let three = try MNISTDataset.load(directory: directory, split: .train, limit: 3)
    XCTAssertEqual(three, full.prefix(3))
    XCTAssertEqual(three.count, 3)
    XCTAssertEqual(try MNISTDataset.load(directory: directory, split: .train, limit: 0).count, 0)
    XCTAssertEqual(try MNISTDataset.load(directory: directory, split: .train, limit: 1000), full)
    MNISTTestFixtures.assertFormatError("must not be negative") {
      _ = try MNISTDataset.load(directory: self.directory, split: .train, limit: -1)
    }
  }

  func testLoad_DottedFileNames_AreFound() throws {
    let (images, labels) = MNISTTestFixtures.syntheticSplit(count: 2)
    try images.write(to: directory.appendingPathComponent("t10k-images.idx3-ubyte"))
    try Gzip.compress(labels).write(to: directory.appendingPathComponent("t10k-labels.idx1-ubyte.gz"))
    XCTAssertEqual(try MNISTDataset.load(directory: directory, split: .test).count, 2)
  }

  func testLoad_MissingFile_NamesDirectoryAndFile() throws {
    try MNISTTestFixtures.writeSyntheticDirectory(directory, gzip: true)
    try FileManager.default.removeItem(
      at: directory.appendingPathComponent("t10k-labels-idx1-ubyte.gz"))
    MNISTTestFixtures.assertFormatError(directory.path, "missing t10k-labels-idx1-ubyte") {
      _ = try MNISTDataset.load(directory: self.directory, split: .test)
    }
    XCTAssertNoThrow(try MNISTDataset.load(directory: directory, split: .train))
  }

  func testLoad_LabelAboveNine_Throws() throws {
    try MNISTTestFixtures.writeSyntheticDirectory(directory, gzip: true)
    try replace("t10k-labels-idx1-ubyte", with: MNISTTestFixtures.idxBytes(dimensions: [5], payload: [1, 2, 10, 3, 4]))
    MNISTTestFixtures.assertFormatError("t10k-labels-idx1-ubyte", "label 10 of example 2") {
      _ = try MNISTDataset.load(directory: self.directory, split: .test)
    }
  }

  func testLoad_LabelImageCountMismatch_Throws() throws {
    try MNISTTestFixtures.writeSyntheticDirectory(directory, gzip: true)
    try replace("t10k-labels-idx1-ubyte", with: MNISTTestFixtures.idxBytes(dimensions: [4], payload: [1, 2, 3, 4]))
    // Caught from the headers even when the limit would hide it.
    for limit in [nil, 2] as [Int?] {
      MNISTTestFixtures.assertFormatError("has 4 labels but t10k-images-idx3-ubyte.gz has 5 images") {
        _ = try MNISTDataset.load(directory: self.directory, split: .test, limit: limit)
      }
    }
  }

  func testLoad_ImagesNotThreeDimensional_Throws() throws {
    try MNISTTestFixtures.writeSyntheticDirectory(directory, gzip: true)
    try replace(
      "t10k-images-idx3-ubyte",
      with: MNISTTestFixtures.idxBytes(dimensions: [5, 12], payload: [UInt8](repeating: 0, count: 60)))
    MNISTTestFixtures.assertFormatError("images must be 3-d", "got 5x12") {
      _ = try MNISTDataset.load(directory: self.directory, split: .test)
    }
  }

  func testLoad_TruncatedImages_Throws() throws {
    try MNISTTestFixtures.writeSyntheticDirectory(directory, gzip: true)
    let (images, _) = MNISTTestFixtures.syntheticSplit(count: 5)
    try replace("t10k-images-idx3-ubyte", with: images.dropLast(10))
    MNISTTestFixtures.assertFormatError("declares 5x4x3 = 60 bytes", "only 50 bytes are present") {
      _ = try MNISTDataset.load(directory: self.directory, split: .test)
    }
  }
}

// MARK: - Access

extension MNISTDatasetTests {
  func testScaledPixels_AreBytesOver255() throws {
    let data = try MNISTDataset(images: [0, 255, 51, 102, 1, 254], labels: [3, 4, 5], rows: 1, cols: 2)
    XCTAssertEqual(data.scaledPixels(range: 0..<3), [0, 1, 0.2, 0.4, 1.0 / 255, 254.0 / 255])
    XCTAssertEqual(data.scaledPixels(range: 1..<2), [0.2, 0.4])
    XCTAssertEqual(data.scaledPixels(range: 2..<2), [])
  }

  func testPixelsAndPrefix_SelectTheRightImages() throws {
    let data = try MNISTDataset(images: [1, 2, 3, 4, 5, 6], labels: [7, 8, 9], rows: 2, cols: 1)
    XCTAssertEqual(Array(data.pixels(of: 1)), [3, 4])
    let two = data.prefix(2)
    XCTAssertEqual(two.count, 2)
    XCTAssertEqual(two.images, [1, 2, 3, 4])
    XCTAssertEqual(two.labels, [7, 8])
    XCTAssertEqual(data.prefix(10), data)
    XCTAssertEqual(data.prefix(0).count, 0)
  }

  func testInit_InconsistentValues_Throw() {
    MNISTTestFixtures.assertFormatError("3 labels need 3x2x1 pixels, got 5") {
      _ = try MNISTDataset(images: [1, 2, 3, 4, 5], labels: [1, 2, 3], rows: 2, cols: 1)
    }
    MNISTTestFixtures.assertFormatError("label 11 of example 0") {
      _ = try MNISTDataset(images: [1], labels: [11], rows: 1, cols: 1)
    }
    MNISTTestFixtures.assertFormatError("at least 1x1") {
      _ = try MNISTDataset(images: [], labels: [], rows: 0, cols: 1)
    }
  }
}
