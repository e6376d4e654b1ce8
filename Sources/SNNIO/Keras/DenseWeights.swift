import SNNCore

/// The weights of one Keras `Dense` layer, in Keras's own layout.
///
/// `kernel` is `(inputs, outputs)`: `kernel[i, j]` is the weight from input `i` to unit
/// `j`, so a layer computes `y = x · kernel + bias` for a row vector `x`. (Nengo's
/// `transform` is the transpose, `kernel.transposed()`.)
public struct DenseWeights: Sendable, Equatable {
  /// The layer's name as the user gave it in Keras (`"hidden"`), or the array name for
  /// `.npz` files (`"W1"`).
  public var name: String
  /// The kernel, `inputs` x `outputs`.
  public var kernel: Matrix
  /// The bias (`outputs` values), or nil for a layer built with `use_bias=False`.
  public var bias: [Float]?

  /// Creates a layer's weights.
  public init(name: String, kernel: Matrix, bias: [Float]? = nil) {
    self.name = name
    self.kernel = kernel
    self.bias = bias
  }

  /// Number of inputs (kernel rows).
  public var inputs: Int { kernel.rows }
  /// Number of units (kernel columns).
  public var outputs: Int { kernel.cols }
}
