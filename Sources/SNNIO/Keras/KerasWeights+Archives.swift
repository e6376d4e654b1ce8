import Foundation

extension KerasWeights {
  /// The largest `config.json` accepted (bytes).
  private static let maxConfigBytes = 64 << 20

  /// A Keras 3 `.keras` archive: `model.weights.h5` is extracted to a temporary file (HDF5
  /// opens files by path) and read in the Keras 3 layout, ordered and named by
  /// `config.json` when the archive has one.
  static func loadKerasArchive(_ archive: ZipArchive, weightsEntry: ZipArchive.Entry) throws
    -> [DenseWeights]
  {
    let config = try archive.entry(named: "config.json").map { entry in
      try KerasConfig(
        json: archive.contents(of: entry, maxBytes: maxConfigBytes), file: archive.file)
    }
    let weights = try archive.contents(of: weightsEntry, maxBytes: maxBytes)
    let temporary = FileManager.default.temporaryDirectory
      .appendingPathComponent("swiftsnn-\(UUID().uuidString).weights.h5")
    do {
      try weights.write(to: temporary)
    } catch {
      throw DataFormatError(
        file: archive.file, object: weightsEntry.name,
        "cannot extract to \(temporary.path): \(error.localizedDescription)")
    }
    defer { try? FileManager.default.removeItem(at: temporary) }
    let name = "\(archive.file)!/\(weightsEntry.name)"
    let isHDF5 = try HDF5File.withLibrary { HDF5File.isHDF5(temporary.path) }
    guard isHDF5 else {
      throw DataFormatError(file: name, "is not an HDF5 file")
    }
    return try loadHDF5(path: temporary.path, file: name, config: config)
  }

  /// Arrays of an `.npz` file: the 2-D arrays are the kernels in natural name order
  /// (`W1`, `W2`, ..., `W10`); the 1-D arrays, if there are any, are the biases, matched to
  /// the kernels in the same order.
  static func loadNPZ(_ arrays: [String: NDArray], file: String) throws -> [DenseWeights] {
    let names = arrays.keys.sorted(by: naturalLess)
    var kernels: [(String, NDArray)] = []
    var biases: [(String, NDArray)] = []
    for name in names {
      guard let array = arrays[name] else { continue }
      guard array.dtype == .float32 || array.dtype == .float64 else {
        throw DataFormatError(
          file: file, object: name, "array is \(array.dtype), expected float32 or float64 weights")
      }
      switch array.shape.count {
      case 2: kernels.append((name, array))
      case 1: biases.append((name, array))
      default:
        throw DataFormatError(
          file: file, object: name,
          "array of shape \(NDArray.describe(array.shape)) is neither a kernel (2-D) nor a bias "
            + "(1-D)"
        )
      }
    }
    guard biases.isEmpty || biases.count == kernels.count else {
      throw DataFormatError(
        file: file,
        "has \(kernels.count) kernels (\(kernels.map(\.0).joined(separator: ", "))) but "
          + "\(biases.count) biases (\(biases.map(\.0).joined(separator: ", ")))"
      )
    }
    return try kernels.indices.map { i in
      let (name, kernel) = kernels[i]
      var variables = [
        KerasLayerVariables.Variable(label: name, shape: kernel.shape, values: kernel.floats())
      ]
      if !biases.isEmpty {
        let (biasName, bias) = biases[i]
        variables.append(.init(label: biasName, shape: bias.shape, values: bias.floats()))
      }
      return try KerasLayerVariables(name: name, variables: variables).denseWeights(file: file)
    }
  }
}
