import SNNCore
import SNNModel

/// Input data for a network's input nodes, read from arrays named after the nodes (as
/// `snn run --input data.npz` takes them) and checked against the network.
///
/// Each input node (``/SNNModel/Node/Source/input``) needs one array named after its label, of
/// shape `(batch, size)` (held at every step) or `(batch, steps, size)` (one row per
/// step); every array must have the same batch size. A network without input nodes runs a
/// batch of one and takes no arrays.
public struct NetworkInputs: Sendable, Equatable {
  /// One input node's values.
  public enum Values: Sendable, Equatable {
    /// `(batch, size)`, held at every step.
    case constant(Matrix)
    /// `(batch, steps, size)` in C order: `values[(b * steps + t) * size + i]`.
    case sequence([Float], steps: Int)
  }

  /// Number of examples (the arrays' first dimension; 1 without input nodes).
  public let batchSize: Int
  /// The values of each input node, by node index in ``/SNNModel/Network/nodes``.
  public let values: [Int: Values]
  /// The same values exactly as the file holds them (a float64 array is not rounded), flat
  /// in C order, `(batch, size)` or `(batch, steps, size)`: what a float64 simulation takes
  /// (`Simulator.setInput(_:values:)`, `setInput(_:sequence:steps:)` with doubles).
  public let doubleValues: [Int: [Double]]

  /// Checks `arrays` against `network`'s input nodes for a run of `steps` steps.
  /// - Parameters:
  ///   - arrays: The arrays by name (e.g. from ``NPZ/read(url:maxBytes:)``).
  ///   - network: The network to feed.
  ///   - steps: The number of steps the run will take (per-step arrays must have as many).
  ///   - file: The arrays' file, for messages.
  /// - Throws: ``DataFormatError`` naming `file` and the array for a missing array, an
  ///   array that names no input node, a wrong number of dimensions, size or steps, batch
  ///   sizes that disagree, a non-numeric dtype, or NaN/infinite values (with their count
  ///   and first index); and for input nodes that share a label.
  public init(arrays: [String: NDArray], for network: Network, steps: Int, file: String) throws {
    let inputs = network.nodes.indices.filter { network.nodes[$0].source == .input }
    let labels = inputs.map { network.nodes[$0].label }
    for label in Set(labels) where labels.filter({ $0 == label }).count > 1 {
      throw DataFormatError(
        file: file, object: label,
        "\(labels.filter { $0 == label }.count) input nodes share this label; inputs are matched to nodes by label")
    }
    for name in arrays.keys.sorted() where !labels.contains(name) {
      let known = labels.isEmpty ? "the network has no input nodes" : "input nodes: " + labels.joined(separator: ", ")
      throw DataFormatError(file: file, object: "array \"\(name)\"", "does not name an input node (\(known))")
    }
    var batch: (size: Int, from: String)?
    var values: [Int: Values] = [:]
    var doubleValues: [Int: [Double]] = [:]
    for k in inputs {
      let node = network.nodes[k]
      guard let array = arrays[node.label] else {
        throw DataFormatError(
          file: file, object: "array \"\(node.label)\"",
          "missing: input node \"\(node.label)\" needs an array of shape "
            + "(batch, \(node.size)) or (batch, \(steps), \(node.size))")
      }
      let object = "array \"\(node.label)\""
      let shape = array.shape
      let expected = "(batch, \(node.size)) or (batch, \(steps), \(node.size))"
      guard shape.count == 2 || shape.count == 3, shape.last == node.size, shape[0] > 0 else {
        throw DataFormatError(
          file: file, object: object,
          "has shape \(NDArray.describe(shape)); input node \"\(node.label)\" needs \(expected)")
      }
      if shape.count == 3, shape[1] != steps {
        throw DataFormatError(
          file: file, object: object,
          "has \(shape[1]) steps (shape \(NDArray.describe(shape))), but the run has \(steps)")
      }
      if let batch, batch.size != shape[0] {
        throw DataFormatError(
          file: file, object: object, "has batch \(shape[0]), but array \"\(batch.from)\" has batch \(batch.size)")
      }
      batch = batch ?? (shape[0], node.label)
      if case .bool = array.storage {
        throw DataFormatError(file: file, object: object, "has dtype bool; expected numbers")
      }
      let floats = array.floats()
      if let bad = JSONFields.nonFinite(floats) {
        throw DataFormatError(
          file: file, object: object,
          "\(bad.count) NaN or infinite values (or beyond float32), the first at flat index \(bad.first)")
      }
      doubleValues[k] = Self.doubles(array)
      if shape.count == 2 {
        do { values[k] = .constant(try Matrix(rows: shape[0], cols: shape[1], values: floats)) } catch {
          throw DataFormatError(file: file, object: object, error.description)
        }
      } else {
        values[k] = .sequence(floats, steps: steps)
      }
    }
    self.batchSize = batch?.size ?? 1
    self.values = values
    self.doubleValues = doubleValues
  }

  /// The elements as `Double`s, in C order (exact for every numeric dtype but 64-bit
  /// integers beyond 2^53).
  private static func doubles(_ array: NDArray) -> [Double] {
    switch array.storage {
    case .bool(let v): v.map { $0 ? 1 : 0 }
    case .int8(let v): v.map { Double($0) }
    case .uint8(let v): v.map { Double($0) }
    case .int16(let v): v.map { Double($0) }
    case .uint16(let v): v.map { Double($0) }
    case .int32(let v): v.map { Double($0) }
    case .uint32(let v): v.map { Double($0) }
    case .int64(let v): v.map { Double($0) }
    case .uint64(let v): v.map { Double($0) }
    case .float32(let v): v.map { Double($0) }
    case .float64(let v): v
    }
  }
}
