import Foundation

extension KerasWeights {
  /// Loads the Dense layers of an in-memory HDF5 tree, with the validation
  /// ``load(url:)`` applies to an HDF5 file libhdf5 has opened: the Keras 2 or Keras 3
  /// layout, Dense layers only, finite weights, a consistent chain of shapes.
  ///
  /// For fuzzing and tests (`@_spi(Fuzzing) import SNNIO`); not a stable API.
  /// - Parameters:
  ///   - tree: The file's groups, datasets and attributes.
  ///   - configJSON: The `config.json` of a `.keras` archive the tree came from, if any:
  ///     it orders and names Keras 3 layers.
  /// - Returns: The layers in model order.
  /// - Throws: ``DataFormatError`` naming `tree.name`, the object and the problem.
  @_spi(Fuzzing) public static func load(tree: HDF5Tree, configJSON: Data?) throws
    -> [DenseWeights]
  {
    let config = try configJSON.map { try KerasConfig(json: $0, file: tree.name) }
    let layers = try loadHDF5(tree, config: config)
    try validate(layers, file: tree.name)
    return layers
  }
}
