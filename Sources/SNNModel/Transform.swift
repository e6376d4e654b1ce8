import SNNCore

/// The linear map of a ``Connection`` from the pre object's output to the post object's
/// input, with Nengo's shape rules.
///
/// Values are float64, as the user gives them; a float32 simulation rounds each to `Float`
/// when it is built.
public enum Transform: Sendable, Equatable, Hashable {
  /// Elementwise (one-to-one) scaling; pre and post sizes must be equal.
  case scalar(Double)
  /// Elementwise per-component scaling (a diagonal matrix); all three sizes must be equal.
  case vector([Double])
  /// All-to-all: shape `(size_out, size_in)`, Nengo's layout (a Keras kernel transposed).
  case matrix(DoubleMatrix)

  /// Nengo's `transform=1`, the identity.
  public static let identity = Transform.scalar(1)

  /// All-to-all from a float32 matrix (held exactly), shape `(size_out, size_in)`.
  public static func matrix(_ m: Matrix) -> Transform { .matrix(DoubleMatrix(m)) }
}
