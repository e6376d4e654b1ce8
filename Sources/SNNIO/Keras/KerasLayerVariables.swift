import SNNCore

/// The weight arrays of one layer as a file stores them, before they are recognised as a
/// Dense layer.
struct KerasLayerVariables {
  /// One stored array.
  struct Variable {
    /// Where it is in the file (dataset path or array name), for messages.
    var label: String
    /// Its shape.
    var shape: [Int]
    /// Its values in C order.
    var values: [Float]
  }

  /// The layer's name (the user's Keras name when the file has it).
  var name: String
  /// The arrays, in the file's order for the layer (kernel first in Keras).
  var variables: [Variable]

  /// The layer as Dense weights: exactly one 2-D kernel, plus optionally a 1-D bias with
  /// one value per output.
  /// - Throws: ``DataFormatError`` naming `file` and the layer when it is anything else.
  func denseWeights(file: String) throws -> DenseWeights {
    let kernels = variables.filter { $0.shape.count == 2 }
    let vectors = variables.filter { $0.shape.count == 1 }
    guard let kernel = kernels.first, kernels.count == 1, variables.count <= 2,
      kernels.count + vectors.count == variables.count
    else {
      let list = variables.map { "\($0.label) \(NDArray.describe($0.shape))" }
        .joined(separator: ", ")
      throw DataFormatError(
        file: file, object: name,
        "is not a Dense layer (expected a 2-D kernel and an optional 1-D bias, found \(list))")
    }
    let matrix: Matrix
    do {
      matrix = try Matrix(rows: kernel.shape[0], cols: kernel.shape[1], values: kernel.values)
    } catch {
      throw DataFormatError(file: file, object: name, "kernel: \(error.description)")
    }
    let bias = vectors.first
    if let bias, bias.shape[0] != matrix.cols {
      throw DataFormatError(
        file: file, object: name,
        "bias has \(bias.shape[0]) values but the kernel \(matrix.shapeDescription) has "
          + "\(matrix.cols) outputs"
      )
    }
    return DenseWeights(name: name, kernel: matrix, bias: bias?.values)
  }
}
