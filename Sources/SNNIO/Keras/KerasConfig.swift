import Foundation

/// The layer list of a Keras 3 `config.json` (inside a `.keras` archive), with the weights
/// group each layer's variables are saved under.
///
/// Keras 3 saves a model's layers in `model.weights.h5` as `layers/<class>`, where
/// `<class>` is the layer's class name in snake case (`Dense` → `dense`, `InputLayer` →
/// `input_layer`), followed by `_1`, `_2`, ... for the second, third, ... layer of the same
/// class in model order (`keras.src.saving.saving_lib`, `_save_container_state`). Replaying
/// that naming over `config.layers` maps each weights group back to its layer's position
/// and name.
struct KerasConfig {
  /// One entry of `config.layers`.
  struct Layer: Equatable {
    /// Index in `config.layers` (model order).
    var position: Int
    /// The user's layer name (`config.name`).
    var name: String
    /// The weights group, relative to `layers/`.
    var group: String
  }

  /// The layers in model order.
  let layers: [Layer]

  /// Parses `json`, the contents of `config.json` of the archive `file`.
  /// - Throws: ``DataFormatError`` when it is not JSON or has no `config.layers` list.
  init(json: Data, file: String) throws {
    func fail(_ problem: String) -> DataFormatError {
      DataFormatError(file: file, object: "config.json", problem)
    }
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: json)
    } catch {
      throw fail("is not valid JSON")
    }
    guard let model = root as? [String: Any], let config = model["config"] as? [String: Any],
      let entries = config["layers"] as? [[String: Any]]
    else {
      throw fail("has no 'config.layers' list (not a Sequential or Functional model)")
    }
    var used: [String: Int] = [:]
    var layers: [Layer] = []
    for (position, entry) in entries.enumerated() {
      guard let className = entry["class_name"] as? String else {
        throw fail("layer \(position) has no 'class_name'")
      }
      let layerConfig = entry["config"] as? [String: Any]
      guard let name = (layerConfig?["name"] as? String) ?? (entry["name"] as? String) else {
        throw fail("layer \(position) (\(className)) has no name")
      }
      let stem = Self.snakeCase(className)
      var group = stem
      if let count = used[stem] {
        used[stem] = count + 1
        group = "\(stem)_\(count + 1)"
      } else {
        used[stem] = 0
      }
      layers.append(Layer(position: position, name: name, group: group))
    }
    self.layers = layers
  }

  /// The layer whose weights are saved under `layers/<group>`.
  func layer(forGroup group: String) -> Layer? { layers.first { $0.group == group } }

  /// Keras's `naming.to_snake_case`: drop non-word characters, put `_` before each
  /// capitalised word and between a lower-case letter and a capital, lower-case it all.
  static func snakeCase(_ name: String) -> String {
    var s = name.replacingOccurrences(of: "[^A-Za-z0-9_]+", with: "", options: .regularExpression)
    s = s.replacingOccurrences(of: "(.)([A-Z][a-z]+)", with: "$1_$2", options: .regularExpression)
    s = s.replacingOccurrences(of: "([a-z])([A-Z])", with: "$1_$2", options: .regularExpression)
    return s.lowercased()
  }
}
