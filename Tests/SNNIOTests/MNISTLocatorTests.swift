import Foundation
import XCTest
import _SNNTestSupport

@testable import SNNIO

final class MNISTLocatorTests: XCTestCase {
  private var root: URL!
  /// A directory holding the four (synthetic) files.
  private var complete: URL!
  /// An environment whose cache directory is inside `root`.
  private var environment: [String: String] = [:]

  override func setUpWithError() throws {
    root = try TestPaths.temporaryDirectory()
    complete = root.appendingPathComponent("complete")
    try FileManager.default.createDirectory(at: complete, withIntermediateDirectories: true)
    try MNISTTestFixtures.writeSyntheticDirectory(complete, gzip: true)
    environment = ["XDG_CACHE_HOME": root.appendingPathComponent("cache").path, "HOME": "/nonexistent"]
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: root)
  }

  /// A downloader that fails the test if it is called.
  private func noDownload(_ url: URL) throws {
    XCTFail("unexpected download into \(url.path)")
  }
}

// MARK: - Search order

extension MNISTLocatorTests {
  func testLocate_Explicit_WinsOverEnvironment() throws {
    environment["SWIFTSNN_DATA"] = root.appendingPathComponent("elsewhere").path
    let found = try MNISTLocator.locate(
      explicit: complete.path, environment: environment, download: noDownload)
    XCTAssertEqual(found.path, complete.path)
  }

  func testLocate_ExplicitLackingAFile_NamesDirectoryAndFile() throws {
    try FileManager.default.removeItem(at: complete.appendingPathComponent("train-labels-idx1-ubyte.gz"))
    MNISTTestFixtures.assertFormatError(complete.path, "from --data", "lacks train-labels-idx1-ubyte") {
      _ = try MNISTLocator.locate(
        explicit: self.complete.path, environment: self.environment, download: self.noDownload)
    }
  }

  func testLocate_ExplicitMissingDirectory_Throws() throws {
    let missing = root.appendingPathComponent("missing").path
    MNISTTestFixtures.assertFormatError(missing, "does not exist") {
      _ = try MNISTLocator.locate(explicit: missing, environment: self.environment, download: self.noDownload)
    }
  }

  func testLocate_EnvironmentVariable_IsUsedAndChecked() throws {
    environment["SWIFTSNN_DATA"] = complete.path
    XCTAssertEqual(
      try MNISTLocator.locate(explicit: nil, environment: environment, download: noDownload).path,
      complete.path)
    environment["SWIFTSNN_DATA"] = root.path
    MNISTTestFixtures.assertFormatError(root.path, "from SWIFTSNN_DATA", "lacks train-images-idx3-ubyte") {
      _ = try MNISTLocator.locate(explicit: nil, environment: self.environment, download: self.noDownload)
    }
  }

  func testLocate_FilledCache_IsUsedWithoutDownload() throws {
    let cache = MNISTLocator.cacheDirectory(environment: environment)
    try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
    try MNISTTestFixtures.writeSyntheticDirectory(cache, gzip: false)
    environment["SWIFTSNN_DATA"] = ""  // empty means unset
    XCTAssertEqual(
      try MNISTLocator.locate(explicit: nil, environment: environment, download: noDownload).path,
      cache.path)
  }

  func testLocate_EmptyCache_DownloadsIntoIt() throws {
    var downloadedInto: URL?
    let found = try MNISTLocator.locate(explicit: nil, environment: environment) { target in
      downloadedInto = target
      try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
      try MNISTTestFixtures.writeSyntheticDirectory(target, gzip: true)
    }
    let cache = MNISTLocator.cacheDirectory(environment: environment)
    XCTAssertEqual(downloadedInto?.path, cache.path)
    XCTAssertEqual(found.path, cache.path)
    XCTAssertEqual(try MNISTDataset.load(directory: found, split: .test).count, 5)
  }

  func testLocate_DownloadLeavingFilesMissing_Throws() throws {
    MNISTTestFixtures.assertFormatError("from the download cache", "lacks") {
      _ = try MNISTLocator.locate(explicit: nil, environment: self.environment) { target in
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
      }
    }
  }
}

// MARK: - Cache directory

extension MNISTLocatorTests {
  func testCacheDirectory_FollowsXDGThenHome() {
    XCTAssertEqual(
      MNISTLocator.cacheDirectory(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"]).path,
      "/x/cache/swiftsnn/mnist")
    XCTAssertEqual(
      MNISTLocator.cacheDirectory(environment: ["HOME": "/home/u"]).path,
      "/home/u/.cache/swiftsnn/mnist")
    // The XDG specification says relative paths are to be ignored.
    XCTAssertEqual(
      MNISTLocator.cacheDirectory(environment: ["XDG_CACHE_HOME": "rel", "HOME": "/home/u"]).path,
      "/home/u/.cache/swiftsnn/mnist")
  }

  func testMissingFiles_ListsStandardNames() throws {
    XCTAssertEqual(MNISTLocator.missingFiles(in: complete), [])
    XCTAssertEqual(MNISTLocator.missingFiles(in: root), MNISTSplit.allFileNames)
    XCTAssertEqual(
      MNISTSplit.allFileNames,
      ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"])
  }
}
