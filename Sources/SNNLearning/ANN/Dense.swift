import SNNCore

/// A fully connected layer, `a = activation(x W + b)`, stored as Keras stores it.
///
/// `kernel` is `inputs x outputs` (Keras layout: `kernel[i, j]` is the weight from input
/// `i` to unit `j`; Nengo's `transform` is its transpose). `bias`, when present, has one
/// value per unit. Inputs are rows: a batch is a `batch x inputs` matrix.
public struct Dense: Sendable, Hashable {
  /// The weights, `inputSize x outputSize`.
  public internal(set) var kernel: Matrix
  /// One bias per unit, or nil for a layer without bias (Keras `use_bias=False`).
  public internal(set) var bias: [Float]?
  /// The nonlinearity applied to `x W + b`.
  public let activation: Activation

  /// Creates a layer from its weights.
  /// - Parameters:
  ///   - kernel: the weights, `inputs x outputs`, both at least 1.
  ///   - bias: nil, or `outputs` biases.
  ///   - activation: the nonlinearity.
  /// - Throws: ``/SNNCore/ShapeError`` when the kernel is empty or the bias length is not the number
  ///   of units.
  public init(kernel: Matrix, bias: [Float]? = nil, activation: Activation) throws(ShapeError) {
    guard kernel.rows > 0, kernel.cols > 0 else {
      throw ShapeError(
        "Dense: kernel \(kernel.shapeDescription) must have at least one input and one unit")
    }
    if let bias, bias.count != kernel.cols {
      throw ShapeError(
        "Dense: bias has \(bias.count) values but the kernel \(kernel.shapeDescription) has \(kernel.cols) units"
      )
    }
    self.kernel = kernel
    self.bias = bias
    self.activation = activation
  }

  /// Number of inputs (rows of the kernel).
  public var inputSize: Int { kernel.rows }
  /// Number of units (columns of the kernel).
  public var outputSize: Int { kernel.cols }
  /// Number of trainable values (kernel plus bias).
  public var parameterCount: Int { kernel.values.count + (bias?.count ?? 0) }
}
