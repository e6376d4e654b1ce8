import Foundation
import SwiftSNN

/// How the `_read-weights` child hands loaded Dense layers to its parent: one `.npz` whose
/// arrays `<i>.kernel` (float32, inputs x outputs), `<i>.bias` (float32, absent for a layer
/// without bias) and `<i>.name` (the layer name's UTF-8 bytes) hold layer `i`, from 0.
/// float32 is the weights' own type, so the layers come back bit for bit.
enum WeightsTransfer {
  /// The arrays that hold `layers`.
  static func arrays(_ layers: [DenseWeights]) -> [String: NDArray] {
    var arrays: [String: NDArray] = [:]
    for (i, layer) in layers.enumerated() {
      arrays["\(i).kernel"] = NDArray(layer.kernel)
      if let bias = layer.bias { arrays["\(i).bias"] = NDArray(bias) }
      arrays["\(i).name"] = NDArray(Array(layer.name.utf8))
    }
    return arrays
  }

  /// The layers held in `arrays` (read from `file`, named in errors).
  static func layers(_ arrays: [String: NDArray], file: String) throws -> [DenseWeights] {
    var layers: [DenseWeights] = []
    while let kernel = arrays["\(layers.count).kernel"] {
      let i = layers.count
      guard case .uint8(let name)? = arrays["\(i).name"]?.storage else {
        throw DataFormatError(file: file, object: "\(i).name", "missing or not uint8")
      }
      let bias = arrays["\(i).bias"].map { $0.floats() }
      layers.append(
        DenseWeights(name: String(decoding: name, as: UTF8.self), kernel: try kernel.matrix(), bias: bias))
    }
    return layers
  }
}
