import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// The shared data the MNIST snippets read: the first test images as raw grey levels, their
/// labels, and the Keras fixture weights. Skips (with the reason) when the data is missing.
enum DocData {
  /// The first `count` MNIST test images, grey levels 0...255 as floats, and their labels.
  static func testImages(_ count: Int) throws -> (pixels: Matrix, labels: [UInt8]) {
    let test = try MNISTDataset.load(directory: try mnistDirectory(), split: .test, limit: count)
    let pixels = try Matrix(rows: test.count, cols: test.pixelsPerImage, values: test.images.map(Float.init))
    return (pixels, test.labels)
  }

  /// The first `count` MNIST training images, scaled to [0, 1].
  static func trainingImages(_ count: Int) throws -> Matrix {
    let train = try MNISTDataset.load(directory: try mnistDirectory(), split: .train, limit: count)
    return try Matrix(rows: train.count, cols: train.pixelsPerImage, values: train.scaledPixels(range: 0..<train.count))
  }

  /// `weights.npz` of the Keras fixture (784-128-10, ReLU, no biases).
  static func kerasWeightsURL() throws -> URL {
    guard let dir = TestPaths.kerasFixture, FileManager.default.fileExists(atPath: dir.path) else {
      throw unavailable("the Keras fixture is missing: set SWIFTSNN_FIXTURES")
    }
    return dir.appendingPathComponent("weights.npz")
  }

  private static func mnistDirectory() throws -> URL {
    guard let dir = TestPaths.mnistDirectory else { throw unavailable("MNIST is missing: set SWIFTSNN_DATA") }
    return dir
  }
}
