/// What a decoded connection computes from the pre ensemble's value (Nengo's
/// `Connection(function=...)`): the identity, a Swift closure, or its values given at the
/// eval points.
///
/// ```swift
/// let square = ConnectionFunction { x in [x[0] * x[0]] }
/// ```
///
/// A closure runs once per eval point when the connection is built (never during the
/// simulation); only its values at the eval points reach the decoders. That is also how a
/// closure is stored in a network file: as ``values(_:)``.
public enum ConnectionFunction: Sendable, Equatable {
  /// `f(x) = x` (Nengo's `function=None`).
  case identity
  /// A function of the (sliced) pre value, its output the same size at every point.
  case closure(VectorFunction)
  /// The targets themselves, one row per eval point (Nengo's `function` as an array):
  /// `m x size_mid`.
  case values(DoubleMatrix)

  /// A function from a closure.
  public init(_ body: @escaping @Sendable ([Double]) -> [Double]) {
    self = .closure(VectorFunction(body))
  }
}

/// A Swift closure from a vector to a vector, compared by identity (two wrappers are equal
/// only when they are the same one).
public final class VectorFunction: Sendable, Equatable {
  /// The function.
  public let body: @Sendable ([Double]) -> [Double]

  /// Wraps `body`.
  public init(_ body: @escaping @Sendable ([Double]) -> [Double]) { self.body = body }

  /// Calls the function.
  public func callAsFunction(_ x: [Double]) -> [Double] { body(x) }

  public static func == (a: VectorFunction, b: VectorFunction) -> Bool { a === b }
}
