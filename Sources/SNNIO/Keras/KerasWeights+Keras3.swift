extension KerasWeights {
  /// Reads the Keras 3 layout: one group per layer under `/layers`, named after the layer's
  /// class (`dense`, `dense_1`, ...), holding `vars/0`, `vars/1`, ... and the user's layer
  /// name in the `name` attribute of `vars`. Other top-level groups (`/optimizer`, `/vars`)
  /// are ignored.
  ///
  /// Layer order comes from `config` when given (a `.keras` archive), else from the group
  /// names' numeric suffixes, which Keras assigns in model order per class; without a
  /// config, weighted layers of more than one class would have no known relative order and
  /// are refused.
  static func loadKeras3(_ h5: some HDF5Source, file: String, config: KerasConfig?) throws
    -> [DenseWeights]
  {
    var found: [(group: String, layer: KerasLayerVariables)] = []
    for group in try h5.children(ofGroup: "layers") {
      let path = "layers/" + group
      guard h5.isGroup(path) else {
        throw DataFormatError(file: file, object: path, "is not a group")
      }
      if h5.isGroup(path + "/layers"), try !h5.children(ofGroup: path + "/layers").isEmpty {
        throw DataFormatError(
          file: file, object: path, "holds sublayers (a nested model): not supported")
      }
      let varsPath = path + "/vars"
      guard h5.isGroup(varsPath) else { continue }
      let indices = try h5.children(ofGroup: varsPath).map { name -> Int in
        guard let index = Int(name), index >= 0 else {
          throw DataFormatError(
            file: file, object: varsPath + "/" + name, "is not a numbered variable")
        }
        return index
      }.sorted()
      if indices.isEmpty { continue }
      guard indices == Array(0..<indices.count) else {
        throw DataFormatError(
          file: file, object: varsPath,
          "variables are numbered \(indices), expected 0..<\(indices.count)")
      }
      var variables: [KerasLayerVariables.Variable] = []
      for index in indices {
        let datasetPath = "\(varsPath)/\(index)"
        let (shape, values) = try h5.floatDataset(datasetPath, maxElements: maxBytes / 4)
        variables.append(.init(label: datasetPath, shape: shape, values: values))
      }
      let storedName =
        h5.hasAttribute("name", of: varsPath)
        ? try h5.strings(attribute: "name", of: varsPath).first : nil
      found.append((group, KerasLayerVariables(name: storedName ?? group, variables: variables)))
    }

    if let config {
      var placed: [(position: Int, group: String, layer: KerasLayerVariables)] = []
      for (group, stored) in found {
        guard let layer = config.layer(forGroup: group) else {
          throw DataFormatError(
            file: file, object: "layers/\(group)", "matches no layer of config.json")
        }
        var variables = stored
        if variables.name == group {
          variables.name = layer.name
        } else if variables.name != layer.name {
          throw DataFormatError(
            file: file, object: "layers/\(group)",
            "is named '\(variables.name)' but config.json calls that layer '\(layer.name)'")
        }
        placed.append((layer.position, group, variables))
      }
      found = placed.sorted { $0.position < $1.position }.map { ($0.group, $0.layer) }
    } else {
      let classes = Set(found.map { classStem(ofGroup: $0.group) })
      guard classes.count <= 1 else {
        throw DataFormatError(
          file: file,
          "layers of several classes (\(classes.sorted().joined(separator: ", "))) hold weights "
            + "and their order is unknown without the model's config.json"
        )
      }
      found.sort { naturalLess($0.group, $1.group) }
    }
    return try found.map { try $0.layer.denseWeights(file: file) }
  }

  /// `dense` for `dense`, `dense_1`, `dense_12`: the group name without Keras's `_<n>`
  /// deduplication suffix.
  static func classStem(ofGroup group: String) -> String {
    guard let underscore = group.lastIndex(of: "_") else { return group }
    let suffix = group[group.index(after: underscore)...]
    return !suffix.isEmpty && suffix.allSatisfy(\.isASCIIDigit)
      ? String(group[..<underscore]) : group
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
