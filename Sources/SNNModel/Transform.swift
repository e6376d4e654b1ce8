import SNNCore

/// The linear map of a ``Connection`` from the pre object's output to the post object's
/// input, with Nengo's shape rules.
public enum Transform: Sendable, Equatable, Hashable {
  /// Elementwise (one-to-one) scaling; pre and post sizes must be equal.
  case scalar(Float)
  /// Elementwise per-component scaling (a diagonal matrix); all three sizes must be equal.
  case vector([Float])
  /// All-to-all: shape `(size_out, size_in)`, Nengo's layout (a Keras kernel transposed).
  case matrix(Matrix)

  /// Nengo's `transform=1`, the identity.
  public static let identity = Transform.scalar(1)
}
