import Foundation
import SNNCore
import XCTest

@_spi(Fuzzing) @testable import SNNIO

/// ``KerasWeights/load(tree:configJSON:)``: the Keras loaders' validation run on an in-memory
/// ``HDF5Tree`` (what `fuzz-keras-tree` fuzzes) gives what it gives on the same layout read
/// by libhdf5, and refuses absurd declarations before allocating for them.
final class KerasTreeTests: XCTestCase {
  /// The bad-file corpus folder (`Fixtures/corpus/keras`).
  private static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/corpus/keras")

  /// The error `body` throws, failing the test when it throws something else or nothing.
  private func formatError(
    _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line
  ) -> DataFormatError? {
    do {
      try body()
      XCTFail("expected a DataFormatError", file: file, line: line)
    } catch let error as DataFormatError {
      return error
    } catch {
      XCTFail("expected a DataFormatError, got \(error)", file: file, line: line)
    }
    return nil
  }

  /// A tree with the Keras 3 layout `layers/<group>/vars/<i>`.
  private func keras3(_ layers: [(group: String, name: String?, vars: [HDF5Tree.Dataset])])
    -> HDF5Tree
  {
    var tree = HDF5Tree(name: "t.weights.h5", fileSize: 1 << 20)
    for (group, name, vars) in layers {
      tree.addGroup("layers")
      tree.addGroup("layers/\(group)")
      tree.addGroup("layers/\(group)/vars")
      if let name { tree.setAttribute("name", of: "layers/\(group)/vars", .strings([name])) }
      for (i, dataset) in vars.enumerated() { tree.addDataset("layers/\(group)/vars/\(i)", dataset) }
    }
    return tree
  }

  /// A tree with the Keras 2 layout: `layer_names` on the root, `weight_names` per layer.
  private func legacy(_ layers: [(name: String, weights: [(String, HDF5Tree.Dataset)])])
    -> HDF5Tree
  {
    var tree = HDF5Tree(name: "t.h5", fileSize: 1 << 20)
    tree.setAttribute("layer_names", of: "/", .strings(layers.map(\.name)))
    for (name, weights) in layers {
      tree.addGroup(name)
      tree.addGroup("\(name)/\(name)")
      tree.setAttribute(
        "weight_names", of: name, .strings(weights.map { "\(name)/\($0.0)" }))
      for (weight, dataset) in weights { tree.addDataset("\(name)/\(name)/\(weight)", dataset) }
    }
    return tree
  }
}

// MARK: - The same answers as on files read by libhdf5

extension KerasTreeTests {
  func testLoad_ValidTrees_GiveNamesShapesAndValues() throws {
    let kernel: [Float] = [1, 2, 3, 4, 5, 6]
    let layers = try KerasWeights.load(
      tree: legacy([
        ("dense", [("kernel:0", .float32([3, 2], kernel)), ("bias:0", .float32([2], [7, 8]))]),
        ("dense_1", [("kernel:0", .float32([2, 1], [9, 10]))]),
      ]), configJSON: nil)
    XCTAssertEqual(layers.map(\.name), ["dense", "dense_1"])
    XCTAssertEqual(layers[0].kernel, try Matrix(rows: 3, cols: 2, values: kernel))
    XCTAssertEqual(layers[0].bias, [7, 8])
    XCTAssertNil(layers[1].bias)

    let config = Data(
      (#"{"config": {"layers": [{"class_name": "Dense", "config": {"name": "hidden"}},"#
        + #"{"class_name": "Dense", "config": {"name": "output"}}]}}"#).utf8)
    let named = try KerasWeights.load(
      tree: keras3([
        ("dense_1", nil, [.float32([2, 1], [1, 2])]),
        ("dense", "hidden", [.float32([3, 2], kernel)]),
      ]), configJSON: config)
    XCTAssertEqual(named.map { $0.name }, ["hidden", "output"])
    XCTAssertEqual(named.map { $0.outputs }, [2, 1])
  }

  /// Each corpus file and the tree with its layout fail on the same object with the same
  /// problem.
  func testLoad_CorpusLayoutsAsTrees_SameErrorAsLibHDF5() throws {
    let cases: [(file: String, tree: HDF5Tree)] = [
      (
        "keras3_vars_gap.weights.h5",
        {
          var tree = keras3([("dense", nil, [.float32([2, 2], [1, 1, 1, 1])])])
          tree.addDataset("layers/dense/vars/2", .float32([2], [0, 0]))
          return tree
        }()
      ),
      (
        "keras3_kernel_4d.weights.h5",
        keras3([
          ("conv2d", "conv", [.float32([3, 3, 1, 2], Array(repeating: 0, count: 18)), .float32([2], [0, 0])])
        ])
      ),
      (
        "keras3_int_kernel.weights.h5",
        keras3([("dense", "hidden", [.init(typeClass: .integer, elementSize: 4, shape: [2, 2], bytes: [])])])
      ),
      (
        "keras3_nan_kernel.weights.h5",
        keras3([("dense", "hidden", [.float32([2, 2], [0, 1, .nan, 2])])])
      ),
      (
        "missing_layer_group.h5",
        {
          var tree = HDF5Tree(name: "t.h5", fileSize: 1 << 20)
          tree.setAttribute("layer_names", of: "/", .strings(["ghost"]))
          return tree
        }()
      ),
      (
        "missing_kernel.h5",
        {
          var tree = legacy([("dense", [("bias:0", .float32([2], [0, 0]))])])
          tree.setAttribute(
            "weight_names", of: "dense", .strings(["dense/kernel:0", "dense/bias:0"]))
          return tree
        }()
      ),
      (
        "bias_wrong_length.h5",
        legacy([
          (
            "dense",
            [
              ("kernel:0", .float32([3, 2], Array(repeating: 0, count: 6))),
              ("bias:0", .float32([5], Array(repeating: 0, count: 5))),
            ]
          )
        ])
      ),
    ]
    for (file, tree) in cases {
      let real = formatError { _ = try KerasWeights.load(url: Self.corpus.appendingPathComponent(file)) }
      let modelled = formatError { _ = try KerasWeights.load(tree: tree, configJSON: nil) }
      XCTAssertNotNil(real, file)
      XCTAssertEqual(modelled?.object, real?.object, file)
      XCTAssertEqual(modelled?.problem, real?.problem, file)
    }
  }
}

// MARK: - Paths

extension KerasTreeTests {
  func testPaths_EmptyAndDotComponentsSkipped_InvalidLinkNamesRefused() throws {
    var tree = HDF5Tree(name: "t.h5", fileSize: 1 << 20)
    XCTAssertTrue(tree.addGroup("/layers/"))
    XCTAssertTrue(tree.addGroup("layers//./dense"))
    XCTAssertFalse(tree.addGroup("layers/dense"), "taken")
    XCTAssertFalse(tree.addGroup("ghost/dense"), "no parent group")
    XCTAssertFalse(tree.addGroup("."))
    XCTAssertFalse(tree.addGroup(""))
    for path in ["layers/dense", "/layers/dense", "./layers/dense/", "layers/./dense/."] {
      XCTAssertTrue(tree.isGroup(path), path)
    }
    XCTAssertFalse(tree.isGroup("layers/dens"))
    XCTAssertFalse(tree.isGroup("layers/dense/.."))
    XCTAssertTrue(tree.addDataset("layers/b", .float32([1], [0])))
    XCTAssertTrue(tree.addDataset("layers/a", .float32([1], [0])))
    XCTAssertFalse(tree.addGroup("layers/a/x"), "parent is a dataset")
    XCTAssertEqual(try tree.children(ofGroup: "/layers"), ["a", "b", "dense"])
    XCTAssertEqual(try tree.children(ofGroup: ""), ["layers"])
    XCTAssertThrowsError(try tree.children(ofGroup: "layers/a"))
  }
}

// MARK: - Absurd declarations, refused before allocating

extension KerasTreeTests {
  func testLoad_StringAttributeLargerThanTheFile_RefusedBeforeReading() {
    // 2^20 fixed-length strings of 64 KiB: 64 GiB in a 1 MiB file.
    var tree = HDF5Tree(name: "t.h5", fileSize: 1 << 20)
    tree.setAttribute(
      "layer_names", of: "/", .init(typeClass: .string, elementSize: 1 << 16, count: 1 << 20))
    let error = formatError { _ = try KerasWeights.load(tree: tree, configJSON: nil) }
    XCTAssertEqual(error?.object, "/")
    XCTAssertEqual(
      error?.problem,
      "the attribute 'layer_names' declares 1048576 elements of 65536 bytes, more than the "
        + "1048576-byte file holds")
  }

  func testLoad_AttributeWithUnreadableOrHugeCount_Refused() {
    for count in [-1, (1 << 20) + 1] {
      var tree = HDF5Tree(name: "t.h5", fileSize: 1 << 40)
      tree.setAttribute("layer_names", of: "/", .init(typeClass: .string, elementSize: 8, count: count))
      let error = formatError { _ = try KerasWeights.load(tree: tree, configJSON: nil) }
      XCTAssertEqual(
        error?.problem, "the attribute 'layer_names' has an unreadable or absurd element count \(count)")
    }
  }

  func testLoad_DatasetExtentOverflowsOrPassesTheEnd_Refused() {
    let huge = HDF5Tree.Dataset(
      typeClass: .float, elementSize: Int.max, shape: [4, 4], offset: 0, bytes: [])
    let error = formatError {
      _ = try KerasWeights.load(tree: self.keras3([("dense", nil, [huge])]), configJSON: nil)
    }
    XCTAssertEqual(error?.object, "layers/dense/vars/0")
    XCTAssertEqual(
      error?.problem,
      "dataset of shape (4, 4) needs more than 2^64 bytes at offset 0, past the end of the "
        + "1048576-byte file (truncated?)")

    let late = HDF5Tree.Dataset(
      typeClass: .float, elementSize: 4, shape: [2, 2], offset: 2 << 20, bytes: [])
    let past = formatError {
      _ = try KerasWeights.load(tree: self.keras3([("dense", nil, [late])]), configJSON: nil)
    }
    XCTAssertEqual(
      past?.problem,
      "dataset of shape (2, 2) needs 16 bytes at offset 2097152, past the end of the "
        + "1048576-byte file (truncated?)")
  }

  func testLoad_DatasetShapeTooLargeOrShortOfData_Refused() {
    let tooLarge = HDF5Tree.Dataset(
      typeClass: .float, elementSize: 4, shape: [1 << 20, 1 << 20], bytes: [])
    let large = formatError {
      _ = try KerasWeights.load(tree: self.keras3([("dense", nil, [tooLarge])]), configJSON: nil)
    }
    XCTAssertEqual(
      large?.problem, "dataset of shape (1048576, 1048576) has more than the 536870912 elements accepted")

    let short = HDF5Tree.Dataset(typeClass: .float, elementSize: 4, shape: [2, 2], bytes: [0, 0])
    let error = formatError {
      _ = try KerasWeights.load(tree: self.keras3([("dense", nil, [short])]), configJSON: nil)
    }
    XCTAssertEqual(error?.problem, "cannot read the dataset's data")
  }
}
