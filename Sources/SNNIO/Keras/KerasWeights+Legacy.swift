extension KerasWeights {
  /// Reads the Keras 2 layout under `root` (`/` for `save_weights`, `model_weights` for a
  /// full-model `save`): the attribute `layer_names` lists the layer groups in model order,
  /// each group's attribute `weight_names` lists its datasets relative to the group.
  static func loadLegacy(_ h5: some HDF5Source, root: String, file: String) throws -> [DenseWeights] {
    let prefix = root == "/" ? "" : root + "/"
    let layerNames = try h5.strings(attribute: "layer_names", of: root)
    var layers: [DenseWeights] = []
    for layerName in layerNames {
      let group = prefix + layerName
      guard h5.isGroup(group) else {
        throw DataFormatError(
          file: file, object: group, "is listed in the 'layer_names' attribute but is not a group")
      }
      guard h5.hasAttribute("weight_names", of: group) else {
        throw DataFormatError(file: file, object: group, "has no 'weight_names' attribute")
      }
      let weightNames = try h5.strings(attribute: "weight_names", of: group)
      if weightNames.isEmpty { continue }
      var variables: [KerasLayerVariables.Variable] = []
      for weightName in weightNames {
        let path = group + "/" + weightName
        guard h5.isDataset(path) else {
          throw DataFormatError(
            file: file, object: path, "is listed in 'weight_names' but is not a dataset")
        }
        let (shape, values) = try h5.floatDataset(path, maxElements: maxBytes / 4)
        variables.append(.init(label: path, shape: shape, values: values))
      }
      layers.append(
        try KerasLayerVariables(name: layerName, variables: variables).denseWeights(file: file))
    }
    return layers
  }
}
