import Foundation
import SNNCore

/// Loads the weights of a Keras model made of `Dense` layers (with or without bias), from
/// any of the files Keras and NumPy write for it.
///
/// The format is recognised from the file's content, not its extension:
///
/// - **Keras 2** `model.save_weights("w.h5")`: the root attribute `layer_names` lists the
///   layer groups in model order; each group's attribute `weight_names` lists its datasets
///   (`<layer>/<weight name>`), as variable- or fixed-length strings, or as an empty
///   float64 array for a layer without weights.
/// - **Keras 2** `model.save("m.h5")`: the same under the group `/model_weights`.
/// - **Keras 3** `model.save_weights("w.weights.h5")`: `layers/<class>[_n]/vars/0` (kernel)
///   and `vars/1` (bias); the user's layer name is the `name` attribute of `vars`;
///   `/optimizer` is ignored.
/// - **Keras 3** `model.save("m.keras")`: a zip archive holding `model.weights.h5` as above
///   (extracted to a temporary file), ordered and named by its `config.json`.
/// - **NumPy** `.npz`: the 2-D arrays are the kernels, in natural name order (`W1`, `W2`,
///   ..., `W10`); the 1-D arrays, if any, are their biases, matched in the same order.
///
/// Layers without weights (Input, Flatten, Dropout, activations) are skipped. Layers come
/// back in model order. Every layer must be a Dense layer: one 2-D kernel and an optional
/// 1-D bias of `outputs` values; anything else (a 4-D convolution kernel, batch
/// normalisation's four vectors, a nested model) is refused with the layer's name.
///
/// Loading validates what a simulator relies on: no NaN or infinite weight (the count and
/// the first index are reported), and a consistent chain of shapes (layer `i`'s outputs
/// are layer `i + 1`'s inputs). Use ``expectShapes(_:_:file:)`` to check the result
/// against the architecture you expect.
///
/// ```swift
/// let layers = try KerasWeights.load(url: URL(fileURLWithPath: "model.keras"))
/// try KerasWeights.expectShapes(layers, [(784, 128), (128, 10)], file: "model.keras")
/// let w1 = layers[0].kernel  // 784 x 128, Keras layout (in x out)
/// ```
///
/// HDF5 files are read with the system's libhdf5, in this process. Debian 12's libhdf5
/// 1.10.8 can crash the process (a wild free, a write through NULL after an absurd
/// allocation) on some corrupt `.h5` files, which no check here can prevent. The `snn` and
/// `nengo-forum` tools therefore load weights in a child process (`IsolatedWeights` in
/// `SNNTool`) and report such a crash as an error naming the file; do the same when your
/// program must survive arbitrary files.
public enum KerasWeights {
  /// The largest file, and the most uncompressed bytes read from an archive, accepted:
  /// 2 GiB. A weight dataset may hold at most `maxBytes / 4` elements (`maxBytes` of
  /// float32).
  public static let maxBytes = 1 << 31

  /// Loads the Dense layers of the weights file at `url`.
  /// - Parameter url: A `.h5`, `.weights.h5`, `.keras` or `.npz` file.
  /// - Returns: The layers in model order, each with its kernel `(inputs, outputs)` and
  ///   bias.
  /// - Throws: ``DataFormatError`` naming the file, the layer or dataset, and the problem
  ///   (not an HDF5 file or zip archive, a missing group or attribute, a dataset that is
  ///   not a 2-D float kernel, non-finite weights, mismatched shapes).
  public static func load(url: URL) throws -> [DenseWeights] {
    let path = url.path
    let head = try readPrefix(url, count: 8)
    let layers: [DenseWeights]
    if ZipArchive.hasSignature(head) {
      layers = try loadZip(url)
    } else if try HDF5File.withLibrary({ HDF5File.isHDF5(path) }) {
      layers = try loadHDF5(path: path, file: path, config: nil)
    } else {
      throw DataFormatError(
        file: path,
        "not a Keras weights file: neither HDF5 (.h5, .weights.h5) nor a zip archive (.keras, .npz)"
      )
    }
    try validate(layers, file: path)
    return layers
  }

  /// Checks that `weights` has exactly the kernel shapes `shapes` (`(inputs, outputs)`,
  /// one per layer, in order).
  /// - Parameters:
  ///   - weights: Loaded layers.
  ///   - shapes: The expected `(inputs, outputs)` of each kernel.
  ///   - file: The file the weights came from, for the message.
  /// - Throws: ``DataFormatError`` naming the first layer that differs, for example
  ///   `hidden: kernel is (784, 100), expected (784, 128)`, or the layer counts.
  public static func expectShapes(_ weights: [DenseWeights], _ shapes: [(Int, Int)], file: String)
    throws
  {
    guard weights.count == shapes.count else {
      let names = weights.map(\.name).joined(separator: ", ")
      throw DataFormatError(
        file: file, "has \(weights.count) Dense layers (\(names)), expected \(shapes.count)")
    }
    for (layer, shape) in zip(weights, shapes)
    where layer.kernel.rows != shape.0 || layer.kernel.cols != shape.1 {
      throw DataFormatError(
        file: file, object: layer.name,
        "kernel is \(layer.kernel.shapeDescription), expected (\(shape.0), \(shape.1))")
    }
  }

  // MARK: - Dispatch

  /// A `.keras` archive (it holds `model.weights.h5`) or an `.npz` archive.
  private static func loadZip(_ url: URL) throws -> [DenseWeights] {
    let archive = try ZipArchive(url: url, maxBytes: maxBytes)
    if let weightsEntry = archive.entry(named: "model.weights.h5") {
      return try loadKerasArchive(archive, weightsEntry: weightsEntry)
    }
    guard archive.entries.contains(where: { $0.name.hasSuffix(".npy") }) else {
      throw DataFormatError(
        file: url.path,
        "zip archive holds neither model.weights.h5 (a .keras file) nor .npy arrays (an .npz file)")
    }
    return try loadNPZ(NPZ.read(archive: archive, maxBytes: maxBytes), file: url.path)
  }

  /// An HDF5 file at `path` (named `file` in messages) in the Keras 2 or Keras 3 layout.
  static func loadHDF5(path: String, file: String, config: KerasConfig?) throws -> [DenseWeights] {
    try HDF5File.withLibrary {
      try loadHDF5(HDF5File(path: path, name: file), config: config)
    }
  }

  /// The Dense layers of `h5` in the Keras 2 or Keras 3 layout (before ``validate(_:file:)``).
  static func loadHDF5(_ h5: some HDF5Source, config: KerasConfig?) throws -> [DenseWeights] {
    let file = h5.name
    if h5.hasAttribute("layer_names", of: "/") {
      return try loadLegacy(h5, root: "/", file: file)
    }
    if h5.isGroup("model_weights") && h5.hasAttribute("layer_names", of: "model_weights") {
      return try loadLegacy(h5, root: "model_weights", file: file)
    }
    if h5.isGroup("layers") {
      return try loadKeras3(h5, file: file, config: config)
    }
    throw DataFormatError(
      file: file,
      "HDF5 file has neither a 'layer_names' attribute (Keras 2 weights) nor a '/layers' group "
        + "(Keras 3 weights)"
    )
  }

  // MARK: - Validation

  /// Refuses non-finite weights and a broken chain of shapes.
  static func validate(_ layers: [DenseWeights], file: String) throws {
    guard !layers.isEmpty else {
      throw DataFormatError(file: file, "holds no Dense layers with weights")
    }
    for layer in layers {
      if let (count, first) = layer.kernel.nonFiniteSummary() {
        let (row, col) = first.quotientAndRemainder(dividingBy: max(layer.kernel.cols, 1))
        throw DataFormatError(
          file: file, object: layer.name,
          "kernel has \(count) NaN or infinite values, the first at index \(first) (row \(row), "
            + "column \(col))"
        )
      }
      if let bias = layer.bias {
        let bad = bias.indices.filter { !bias[$0].isFinite }
        if let first = bad.first {
          throw DataFormatError(
            file: file, object: layer.name,
            "bias has \(bad.count) NaN or infinite values, the first at index \(first)")
        }
      }
    }
    for (previous, next) in zip(layers, layers.dropFirst()) where previous.outputs != next.inputs {
      throw DataFormatError(
        file: file, object: next.name,
        "kernel is \(next.kernel.shapeDescription) but the previous layer '\(previous.name)' has "
          + "\(previous.outputs) outputs"
      )
    }
  }
}
