import Foundation
import SNNCore
import XCTest
import _SNNTestSupport

@testable import SNNIO

/// ``KerasWeights`` on the real files Keras, tf_keras, h5py and numpy wrote for the forum
/// user's 784-128-10 MNIST network (shared/fixtures/keras-mnist-784-128-10, see its README),
/// checked against each other and against the reference logits computed by numpy.
final class KerasWeightsTests: XCTestCase {
  /// Every weights format of the fixture, and whether the file keeps the layer names.
  private static let formats: [(file: String, hasNames: Bool)] = [
    ("model_weights.h5", true), ("model_weights_fixedlen_attrs.h5", true),
    ("model.weights.h5", true), ("model_with_optimizer.weights.h5", true),
    ("model.keras", true), ("weights.npz", false),
  ]

  private func fixture(_ name: String) throws -> URL {
    guard let directory = TestPaths.kerasFixture,
      FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
    else { throw unavailable("Keras fixture \(name) not found (set SWIFTSNN_FIXTURES)") }
    return directory.appendingPathComponent(name)
  }
}

// MARK: - Every format, the same weights

extension KerasWeightsTests {
  func testLoad_EveryFormat_SameShapesNamesAndValues() throws {
    let reference = try KerasWeights.load(url: fixture("weights.npz"))
    XCTAssertEqual(reference.map(\.name), ["W1", "W2"])
    XCTAssertEqual(reference.map(\.kernel.rows), [784, 128])
    XCTAssertEqual(reference.map(\.kernel.cols), [128, 10])
    for (file, hasNames) in Self.formats {
      let layers = try KerasWeights.load(url: fixture(file))
      XCTAssertEqual(layers.count, 2, file)
      guard layers.count == 2 else { continue }
      if hasNames { XCTAssertEqual(layers.map(\.name), ["hidden", "output"], file) }
      XCTAssertEqual(layers[0].kernel, reference[0].kernel, file)
      XCTAssertEqual(layers[1].kernel, reference[1].kernel, file)
      XCTAssertNil(layers[0].bias, file)
      XCTAssertNil(layers[1].bias, file)
      try KerasWeights.expectShapes(layers, [(784, 128), (128, 10)], file: file)
    }
  }

  func testLoad_KernelLayout_IsInputsByOutputs() throws {
    // W1[i, j] is the weight from pixel i to hidden unit j: numpy's own reading of W1.npy.
    let arrays = try NPZ.read(url: fixture("weights.npz"))
    let w1 = try XCTUnwrap(arrays["W1"])
    XCTAssertEqual(w1.shape, [784, 128])
    let layers = try KerasWeights.load(url: fixture("model_weights.h5"))
    XCTAssertEqual(layers[0].kernel.values, w1.floats())
    XCTAssertNotEqual(
      layers[0].kernel.values.prefix(128), layers[0].kernel.values.prefix(256).suffix(128))
  }
}

// MARK: - Forward pass against numpy's logits

extension KerasWeightsTests {
  /// relu(x W1) W2 for the first 3 test images (pixels / 255) against
  /// reference_outputs.json (logits printed by numpy to 6 decimals).
  func testForwardPass_FirstThreeTestImages_MatchReferenceLogits() throws {
    guard let mnist = TestPaths.mnistDirectory else { throw unavailable("MNIST not found") }
    let imagesURL = mnist.appendingPathComponent("t10k-images-idx3-ubyte.gz")
    guard FileManager.default.fileExists(atPath: imagesURL.path) else {
      throw unavailable("t10k-images-idx3-ubyte.gz not found")
    }
    let images = try firstImages(3, gzipURL: imagesURL)
    let json = try JSONSerialization.jsonObject(
      with: Data(contentsOf: fixture("reference_outputs.json")))
    let reference = try XCTUnwrap((json as? [String: Any])?["logits_first_3"] as? [[Double]])
    let hiddenSums = try XCTUnwrap((json as? [String: Any])?["hidden_sum_first_3"] as? [Double])

    for file in ["model_weights.h5", "model.keras", "weights.npz"] {
      let layers = try KerasWeights.load(url: fixture(file))
      for (n, pixels) in images.enumerated() {
        let x = pixels.map { Float($0) / 255 }
        let hidden = multiply(x, layers[0].kernel).map { max($0, 0) }
        let logits = multiply(hidden, layers[1].kernel)
        XCTAssertEqual(
          Double(hidden.reduce(0, +)), hiddenSums[n], accuracy: 1e-3, "\(file) image \(n)")
        for (k, (got, want)) in zip(logits, reference[n]).enumerated() {
          XCTAssertEqual(Double(got), want, accuracy: 1e-4, "\(file) image \(n) logit \(k)")
        }
      }
    }
  }

  /// Row vector times matrix, accumulated in Double.
  private func multiply(_ x: [Float], _ w: Matrix) -> [Float] {
    (0..<w.cols).map { j in
      Float((0..<w.rows).reduce(0.0) { $0 + Double(x[$1]) * Double(w[$1, j]) })
    }
  }

  /// The first `count` images of a gzipped IDX3 file, read inline (big-endian header:
  /// magic 0x00000803, count, rows, cols; then one byte per pixel).
  private func firstImages(_ count: Int, gzipURL: URL) throws -> [[UInt8]] {
    let raw = try [UInt8](
      Gzip.decompress(Data(contentsOf: gzipURL), maxOutputBytes: 8_000_000, source: gzipURL.path))
    func be32(_ i: Int) -> Int { raw[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
    XCTAssertEqual(be32(0), 0x0803)
    XCTAssertEqual(be32(8), 28)
    XCTAssertEqual(be32(12), 28)
    return (0..<count).map { Array(raw[(16 + $0 * 784)..<(16 + ($0 + 1) * 784)]) }
  }
}

// MARK: - expectShapes

extension KerasWeightsTests {
  func testExpectShapes_WrongShape_NamesLayerAndBothShapes() throws {
    let layers = try KerasWeights.load(url: fixture("model.weights.h5"))
    let error = InteropFixtures.assertFormatError {
      try KerasWeights.expectShapes(layers, [(784, 100), (100, 10)], file: "model.weights.h5")
    }
    XCTAssertEqual(
      error?.description, "model.weights.h5: hidden: kernel is (784, 128), expected (784, 100)")
    InteropFixtures.assertFormatError("has 2 Dense layers (hidden, output), expected 3") {
      try KerasWeights.expectShapes(layers, [(784, 128), (128, 10), (10, 10)], file: "m")
    }
  }
}
