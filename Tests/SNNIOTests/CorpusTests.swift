import Foundation
import SwiftSNN
import XCTest

/// The bad-file corpus (`Fixtures/corpus/`, written by `scripts/make_fuzz_corpora.py`): every
/// file is read from disk through the public loader for its kind and must fail with a
/// ``DataFormatError`` that names the file and says what is wrong. A file added to the
/// corpus without an expectation here fails ``testCorpus_EveryFileHasAnExpectation``.
final class CorpusTests: XCTestCase {
  /// The corpus folder.
  private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/corpus")

  /// Files that are not read on their own: the weights of the network files beside them.
  private static let companions: Set<String> = [
    "network/nan_weights.npz", "network/string_weights.npz", "network/nan_eval_points.npz",
  ]

  /// Loads `path` (relative to the corpus) with the loader of its folder.
  private func load(_ path: String) throws {
    let url = Self.root.appendingPathComponent(path)
    switch path.split(separator: "/")[0] {
    case "idx": _ = try IDXFile.read(contentsOf: url)
    case "npy": _ = try NPY.read(url: url)
    case "npz": _ = try NPZ.read(url: url)
    case "keras": _ = try KerasWeights.load(url: url)
    case "network": _ = try NetworkFile.load(url: url)
    default: XCTFail("\(path): no loader for this folder")
    }
  }

  func testCorpus_EveryFileHasAnExpectation() throws {
    let files = try FileManager.default.subpathsOfDirectory(atPath: Self.root.path)
      .filter { !$0.hasPrefix(".") && $0.contains(".") }
    let covered = Set(Self.expected.keys).union(Self.companions)
    XCTAssertEqual(Set(files).subtracting(covered), [], "corpus files without an expectation")
    XCTAssertEqual(covered.subtracting(files), [], "expectations without a corpus file")
    XCTAssertGreaterThanOrEqual(files.count, 30)
  }

  private static let notZip = "not a zip archive, or a truncated one (no end-of-central-directory record)"

  /// Expected fragments per corpus file (the specific problem, with the sizes it names).
  private static let expected: [String: [String]] = [
    // MNIST IDX
    "idx/empty.idx": ["file is empty, expected an IDX header"],
    "idx/wrong_magic.idx": ["bad magic number 0x504b0304"],
    "idx/truncated_in_header.idx": ["header is truncated: 3 dimensions need 16 header bytes, but the file has only 6"],
    "idx/truncated_in_dims.idx": ["header is truncated: 3 dimensions need 16 header bytes, but the file has only 10"],
    "idx/truncated_in_payload.idx": ["data is truncated: the header declares 2x3x3 = 18 bytes, but only 4 bytes"],
    "idx/dims_product_overflows.idx": ["dimensions 4294967295x4294967295x4294967295x4294967295 declare more than"],
    "idx/dims_exceed_file.idx": ["the header declares 60000x28x28 = 47040000 bytes, but only 10 bytes are present"],
    "idx/trailing_bytes.idx": ["2 trailing bytes after the 18 data bytes (2x3x3)"],
    "idx/float_elements.idx": ["element type 0x0D (32-bit float) is not supported; only 0x08 (unsigned byte) is"],
    "idx/truncated_gzip.idx.gz": ["compressed stream is truncated: input ended after 20 bytes"],
    "idx/gzip_magic_only.idx.gz": ["compressed stream is truncated: input ended after 2 bytes"],
    // NumPy .npy
    "npy/empty.npy": ["too short for a .npy file (0 bytes)"],
    "npy/wrong_magic.npy": ["not a .npy file (the magic \\x93NUMPY is missing)"],
    "npy/truncated_in_preamble.npy": ["too short for a .npy file (9 bytes)"],
    "npy/truncated_in_header.npy": ["header length 118 runs past the end of the file (40 bytes)"],
    "npy/truncated_in_data.npy": ["shape (2, 3) of float32 needs 24 bytes of data, the file has 19 (truncated)"],
    "npy/shape_product_overflows.npy": ["has more elements than a 64-bit count can hold"],
    "npy/shape_exceeds_file.npy": ["shape (1000, 1000) of float32 needs 4000000 bytes of data, the file has 16"],
    "npy/negative_dimension.npy": ["bad .npy header: the shape has a negative dimension"],
    "npy/object_dtype.npy": ["dtype '|O' is not supported"],
    "npy/complex_dtype.npy": ["dtype '<c8' is not supported"],
    "npy/header_not_a_dict.npy": ["bad .npy header: expected '{' at header byte 0"],
    // NumPy .npz
    "npz/empty.npz": [CorpusTests.notZip],
    "npz/truncated_end_record.npz": [CorpusTests.notZip],
    "npz/truncated_in_entry.npz": [CorpusTests.notZip],
    "npz/not_npy_entry.npz": ["readme.txt: is not a .npy entry: not a NumPy .npz archive"],
    "npz/corrupt_array.npz": ["W.npy", "unsupported .npy format version 9.0"],
    "npz/declared_size_bomb.npz": [
      "W.npy: declares 4294967294 uncompressed bytes, more than the 2147483648-byte limit"
    ],
    // Keras weights (HDF5)
    "keras/empty.h5": ["not a Keras weights file"],
    "keras/truncated_at_100.h5": ["cannot open the HDF5 file (truncated or corrupt?)", "eof = 100"],
    "keras/truncated_at_1000.h5": ["cannot open the HDF5 file (truncated or corrupt?)", "eof = 1000"],
    "keras/missing_kernel.h5": ["dense/dense/kernel:0: is listed in 'weight_names' but is not a dataset"],
    "keras/kernel_1d.h5": ["dense: is not a Dense layer", "found dense/dense/kernel:0 (4,)"],
    "keras/kernel_3d.h5": ["dense: is not a Dense layer", "found dense/dense/kernel:0 (2, 2, 2)"],
    "keras/bias_wrong_length.h5": ["dense: bias has 5 values but the kernel (3, 2) has 2 outputs"],
    "keras/string_kernel.h5": ["dense/dense/kernel:0: dataset is HDF5 type class 3, not floating point"],
    "keras/inf_bias.h5": ["dense: bias has 1 NaN or infinite values, the first at index 0"],
    "keras/bad_config.keras": ["config.json: is not valid JSON"],
    "keras/keras3_bias_wrong_length.weights.h5": ["hidden: bias has 3 values but the kernel (4, 2) has 2 outputs"],
    "keras/keras3_int_kernel.weights.h5": ["layers/dense/vars/0: dataset is integer, not floating point"],
    "keras/keras3_kernel_4d.weights.h5": [
      "conv: is not a Dense layer", "found layers/conv2d/vars/0 (3, 3, 1, 2), layers/conv2d/vars/1 (2,)",
    ],
    "keras/keras3_nan_kernel.weights.h5": [
      "hidden: kernel has 1 NaN or infinite values, the first at index 2 (row 1, column 0)"
    ],
    "keras/keras3_scalar_bias.weights.h5": ["found layers/dense/vars/0 (2, 2), layers/dense/vars/1 ()"],
    "keras/keras3_vars_gap.weights.h5": ["layers/dense/vars: variables are numbered [0, 2], expected 0..<2"],
    "keras/keras3_vars_not_numbered.weights.h5": ["layers/dense/vars/kernel: is not a numbered variable"],
    "keras/missing_layer_group.h5": ["ghost: is listed in the 'layer_names' attribute but is not a group"],
    "keras/missing_weight_names.h5": ["dense: has no 'weight_names' attribute"],
    // Network files
    "network/empty.json": ["not valid JSON: line 1, column 1: expected a value, found the end of the file"],
    "network/truncated.json": ["not valid JSON: line 35, column 2: unterminated string"],
    "network/unknown_solver.json": ["connections[0].solver.type", "unknown solver \"Magic\""],
    "network/function_wrong_rows.json": [
      "connections[0].function", "shape (2, 1) must be (3, size_out): one row per eval point of a",
    ],
    "network/nef_in_version1.json": ["ensembles[0].eval_points", "is a field of version 2"],
    "network/nosolver_wrong_rows.json": ["connections[0].solver.values", "one row per neuron of a"],
    "network/nan_eval_points.json": ["array \"P\" (ensembles[0].eval_points)", "1 NaN or infinite values"],
    "network/unknown_process.json": ["nodes[0].process.type", "unknown process \"Noise\""],
    "network/unknown_learning_rule.json": ["connections[0].learning_rule.type", "unknown learning rule \"Hebb\""],
    "network/negative_learning_rate.json": [
      "connections[0].learning_rule.learning_rate", "must be >= 0 and finite, got -1.0",
    ],
    "network/learning_rule_without_rule.json": [
      "connections[1].post", "connection square (connections[0]) has no learning_rule",
    ],
    "network/learning_rule_missing_connection.json": [
      "connections[1].post", "connection index 5 is not one listed before this point",
    ],
    "network/learning_in_version1.json": ["connections[0].learning_rule", "is a field of version 2"],
    "network/piecewise_repeated_time.json": ["nodes[0].process.times", "repeats a time"],
    "network/wrong_version.json": ["version 7 is not supported; this SwiftSNN reads versions 1 and 2"],
    "network/inf_inline_weight.json": ["connections[0].transform.values[2][0]: 1e999 is not a finite 64-bit float"],
    "network/huge_ensemble.json": ["ensembles[0].n_neurons: 100000000000000 is out of range: must be in 1...16777216"],
    "network/missing_weights_file.json": ["the weights file ghost.npz does not exist"],
    "network/nan_weights.json": [
      "nan_weights.npz: array \"W\" (connections[0].transform.values): 2 NaN or infinite values, the first at flat index 1"
    ],
    "network/string_weights.json": ["string_weights.npz: W.npy: bad .npy header: dtype '<U1' is not supported"],
  ]

  func testCorpus_EachFileFailsWithItsSpecificError() {
    for (path, fragments) in Self.expected.sorted(by: { $0.key < $1.key }) {
      XCTAssertThrowsError(try load(path), path) { error in
        guard let error = error as? DataFormatError else {
          return XCTFail("\(path): expected DataFormatError, got \(error)")
        }
        let text = error.description
        let name = String(path.split(separator: "/").last ?? "")
        let namesFile = error.file.hasSuffix(name) || (path.hasPrefix("network/") && error.file.hasSuffix(".npz"))
        XCTAssertTrue(namesFile, "\(path): \"\(text)\" does not name the file")
        for fragment in fragments {
          XCTAssertTrue(text.contains(fragment), "\(path): \"\(text)\" lacks \"\(fragment)\"")
        }
      }
    }
  }
}
