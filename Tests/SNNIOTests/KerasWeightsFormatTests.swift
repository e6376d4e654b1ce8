import Foundation
import SNNCore
import XCTest
import _SNNTestSupport

@testable import SNNIO

/// ``KerasWeights`` on small files made by h5py (scripts/make_keras_fixtures.py), archives
/// made at test time, and corrupt inputs: every refusal names the file, the layer or
/// dataset, and the problem.
final class KerasWeightsFormatTests: XCTestCase {
  private func load(_ name: String) throws -> [DenseWeights] {
    try KerasWeights.load(url: InteropFixtures.keras(name))
  }
}

// MARK: - Layouts

extension KerasWeightsFormatTests {
  func testLoad_Keras2FullModelWithBiases_ReadsModelWeightsGroup() throws {
    let layers = try load("legacy_full_model_bias.h5")
    XCTAssertEqual(layers.map(\.name), ["dense_a", "dense_b"])  // 'activation' has no weights
    XCTAssertEqual(layers[0].kernel, try Matrix([[0, 0.1], [0.2, 0.3], [0.4, 0.5]]))
    XCTAssertEqual(layers[0].bias, [0.5, -0.5])
    // dense_b's weight_names is a fixed-length, space-padded string attribute.
    XCTAssertEqual(layers[1].kernel, try Matrix([[2], [-1]]))
    XCTAssertEqual(layers[1].bias, [0.25])
  }

  func testLoad_Keras3ElevenDenseLayers_OrderedBySuffixNumber() throws {
    let layers = try load("keras3_natural_order.weights.h5")
    XCTAssertEqual(layers.map(\.name), (0..<11).map { "layer\($0)" })
    XCTAssertEqual(layers.map { $0.kernel.values }, (1...11).map { [Float($0)] })
    XCTAssertEqual(layers.map(\.bias), (0..<11).map { $0 == 3 ? [0.5] : nil })
  }

  func testLoad_NPZWithBiases_PairsThemInOrder() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("w.npz")
      let arrays: [String: NDArray] = [
        "W1": try NDArray(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6]),
        "b1": NDArray([Float(0.1), 0.2, 0.3]),
        "W2": try NDArray(shape: [3, 1], storage: .float64([1, -1, 0.5])),
        "b2": NDArray([Float(-1)]),
      ]
      try NPZ.write(arrays, to: url)
      let layers = try KerasWeights.load(url: url)
      XCTAssertEqual(layers.map(\.name), ["W1", "W2"])
      XCTAssertEqual(layers.map(\.bias), [[0.1, 0.2, 0.3], [-1]])
      XCTAssertEqual(layers[1].kernel, try Matrix([[1], [-1], [0.5]]))
    }
  }

  func testLoad_NPZNaturalOrder_W10AfterW9() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("w.npz")
      var arrays: [String: NDArray] = [:]
      for k in 1...10 { arrays["W\(k)"] = try NDArray(shape: [1, 1], floats: [Float(k)]) }
      try NPZ.write(arrays, to: url, compressed: true)
      XCTAssertEqual(try KerasWeights.load(url: url).map(\.name), (1...10).map { "W\($0)" })
    }
  }

  func testSnakeCase_MatchesKerasNaming() {
    let cases = [
      ("Dense", "dense"), ("InputLayer", "input_layer"),
      ("BatchNormalization", "batch_normalization"),
      ("Conv2D", "conv2d"), ("HTTPServer", "http_server"), ("EinsumDense", "einsum_dense"),
    ]
    for (name, expected) in cases { XCTAssertEqual(KerasConfig.snakeCase(name), expected) }
  }

  func testNaturalLess_OrdersDigitRunsAsNumbers() {
    let names = ["dense_10", "dense_2", "dense", "dense_1", "W10", "W9", "W1"]
    XCTAssertEqual(
      names.sorted(by: naturalLess), ["W1", "W9", "W10", "dense", "dense_1", "dense_2", "dense_10"])
  }
}

// MARK: - Refused files

extension KerasWeightsFormatTests {
  func testLoad_TextFile_ThrowsNotKeras() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("weights.h5")
      try Data("these are not weights\n".utf8).write(to: url)
      InteropFixtures.assertFormatError(url.path, "not a Keras weights file") {
        _ = try KerasWeights.load(url: url)
      }
      let empty = directory.appendingPathComponent("empty.h5")
      try Data().write(to: empty)
      InteropFixtures.assertFormatError("not a Keras weights file") {
        _ = try KerasWeights.load(url: empty)
      }
    }
  }

  func testLoad_MissingFile_ThrowsNamingPath() {
    InteropFixtures.assertFormatError("/nonexistent/w.h5", "no such file") {
      _ = try KerasWeights.load(url: URL(fileURLWithPath: "/nonexistent/w.h5"))
    }
  }

  func testLoad_TruncatedHDF5_Throws() throws {
    guard let shared = TestPaths.kerasFixture else { throw unavailable("Keras fixtures not found") }
    let original = try Data(contentsOf: shared.appendingPathComponent("model_weights.h5"))
    try InteropFixtures.withTemporaryDirectory { directory in
      for length in [600, 4096, 200_000, original.count - 1000] {
        let url = directory.appendingPathComponent("cut\(length).h5")
        try original.prefix(length).write(to: url)
        InteropFixtures.assertFormatError(
          url.path, "cannot open the HDF5 file (truncated or corrupt?)"
        ) {
          _ = try KerasWeights.load(url: url)
        }
      }
    }
  }

  func testLoad_TruncatedKerasArchive_Throws() throws {
    guard let shared = TestPaths.kerasFixture else { throw unavailable("Keras fixtures not found") }
    let original = try Data(contentsOf: shared.appendingPathComponent("model.keras"))
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("cut.keras")
      try original.prefix(original.count / 2).write(to: url)
      InteropFixtures.assertFormatError(url.path, "a truncated one") {
        _ = try KerasWeights.load(url: url)
      }
    }
  }

  func testLoad_HDF5WithoutKerasGroups_Throws() {
    InteropFixtures.assertFormatError(
      "no_layers.h5", "neither a 'layer_names' attribute", "'/layers' group"
    ) {
      _ = try self.load("no_layers.h5")
    }
  }

  func testLoad_LayerListedWithoutGroup_Throws() {
    InteropFixtures.assertFormatError(
      "legacy_missing_group.h5: ghost:",
      "is listed in the 'layer_names' attribute but is not a group"
    ) {
      _ = try self.load("legacy_missing_group.h5")
    }
  }

  func testLoad_IntegerKernel_ThrowsNotFloat() {
    InteropFixtures.assertFormatError(
      "legacy_int_kernel.h5: dense/dense/kernel:0:", "dataset is integer, not floating point"
    ) {
      _ = try self.load("legacy_int_kernel.h5")
    }
  }

  func testLoad_ConvolutionLayer_ThrowsNotDense() {
    InteropFixtures.assertFormatError(
      "legacy_conv.h5: conv:", "is not a Dense layer", "(3, 3, 1, 2)"
    ) {
      _ = try self.load("legacy_conv.h5")
    }
  }

  func testLoad_NonFiniteWeights_ThrowsWithCountAndFirstIndex() {
    let error = InteropFixtures.assertFormatError { _ = try self.load("legacy_nonfinite.h5") }
    XCTAssertEqual(error?.file, InteropFixtures.keras("legacy_nonfinite.h5").path)
    XCTAssertEqual(error?.object, "hidden")
    XCTAssertEqual(
      error?.problem, "kernel has 3 NaN or infinite values, the first at index 5 (row 1, column 1)")
  }

  func testLoad_BrokenShapeChain_NamesTheLayer() {
    let error = InteropFixtures.assertFormatError { _ = try self.load("legacy_chain.h5") }
    XCTAssertEqual(error?.file, InteropFixtures.keras("legacy_chain.h5").path)
    XCTAssertEqual(error?.object, "output")
    XCTAssertEqual(error?.problem, "kernel is (2, 5) but the previous layer 'hidden' has 3 outputs")
  }

  func testLoad_Keras3MixedClassesWithoutConfig_ThrowsAmbiguous() {
    InteropFixtures.assertFormatError(
      "keras3_mixed_classes.weights.h5", "dense, einsum_dense",
      "order is unknown without the model's config.json"
    ) {
      _ = try self.load("keras3_mixed_classes.weights.h5")
    }
  }

  func testLoad_NPZWithUnpairedBiasesOrIntegers_Throws() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let unpaired = directory.appendingPathComponent("u.npz")
      try NPZ.write(
        [
          "W1": try NDArray(shape: [2, 2], floats: [1, 2, 3, 4]),
          "W2": try NDArray(shape: [2, 2], floats: [1, 2, 3, 4]),
          "b1": NDArray([Float(1), 2]),
        ], to: unpaired)
      InteropFixtures.assertFormatError("has 2 kernels (W1, W2) but 1 biases (b1)") {
        _ = try KerasWeights.load(url: unpaired)
      }
      let integers = directory.appendingPathComponent("i.npz")
      try NPZ.write(["W1": try NDArray(shape: [1, 2], storage: .int64([1, 2]))], to: integers)
      InteropFixtures.assertFormatError("W1", "array is int64, expected float32 or float64") {
        _ = try KerasWeights.load(url: integers)
      }
    }
  }

  func testLoad_ZipWithoutWeights_Throws() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("x.keras")
      var writer = ZipWriter(file: url.path)
      try writer.add(name: "metadata.json", contents: Data("{}".utf8), compressed: false)
      try writeAtomically(writer.finish(), to: url)
      InteropFixtures.assertFormatError("holds neither model.weights.h5", "nor .npy arrays") {
        _ = try KerasWeights.load(url: url)
      }
    }
  }
}

// MARK: - .keras archives made here

extension KerasWeightsFormatTests {
  /// A `.keras` archive with the real fixture's `model.weights.h5` (or `weights`) and
  /// `config` as config.json.
  private func kerasArchive(in directory: URL, config: String?, weights: Data? = nil) throws -> URL {
    guard let shared = TestPaths.kerasFixture else { throw unavailable("Keras fixtures not found") }
    let h5 = try weights ?? Data(contentsOf: shared.appendingPathComponent("model.weights.h5"))
    var writer = ZipWriter(file: "test.keras")
    if let config {
      try writer.add(name: "config.json", contents: Data(config.utf8), compressed: true)
    }
    try writer.add(name: "model.weights.h5", contents: h5, compressed: true)
    let url = directory.appendingPathComponent("test.keras")
    try writeAtomically(writer.finish(), to: url)
    return url
  }

  private func config(_ layers: [(String, String)]) -> String {
    let list = layers.map { "{\"class_name\": \"\($0.0)\", \"config\": {\"name\": \"\($0.1)\"}}" }
    return
      "{\"class_name\": \"Functional\", \"config\": {\"layers\": "
      + "[\(list.joined(separator: ", "))]}}"
  }

  func testLoad_KerasArchiveWithoutConfig_UsesStoredNames() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = try kerasArchive(in: directory, config: nil)
      XCTAssertEqual(try KerasWeights.load(url: url).map(\.name), ["hidden", "output"])
    }
  }

  func testLoad_KerasArchiveConfigNamesDisagree_Throws() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let layers = [
        ("InputLayer", "in"), ("Flatten", "f"), ("Dense", "first"), ("Dense", "output"),
      ]
      let url = try kerasArchive(in: directory, config: config(layers))
      InteropFixtures.assertFormatError(
        "test.keras!/model.weights.h5", "layers/dense",
        "is named 'hidden' but config.json calls that layer 'first'"
      ) { _ = try KerasWeights.load(url: url) }
    }
  }

  func testLoad_KerasArchiveConfigMissingLayer_Throws() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = try kerasArchive(
        in: directory, config: config([("InputLayer", "in"), ("Dense", "hidden")]))
      InteropFixtures.assertFormatError("layers/dense_1", "matches no layer of config.json") {
        _ = try KerasWeights.load(url: url)
      }
    }
  }

  func testLoad_KerasArchiveBadConfigOrWeights_Throws() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let badJSON = try kerasArchive(in: directory, config: "{not json")
      InteropFixtures.assertFormatError("config.json", "is not valid JSON") {
        _ = try KerasWeights.load(url: badJSON)
      }
      let garbage = try kerasArchive(in: directory, config: nil, weights: Data("garbage".utf8))
      InteropFixtures.assertFormatError("model.weights.h5", "is not an HDF5 file") {
        _ = try KerasWeights.load(url: garbage)
      }
    }
  }
}
