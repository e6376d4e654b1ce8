/// Nengo 4.1's `Piecewise`: given values from given times on.
///
/// With ``Interpolation/zero`` (Nengo's default) the output at time `t` is the value of
/// the last time at or before `t + dt/2` (Nengo: `searchsorted(times, t + 0.5 dt) - 1`),
/// zero before the first time. With ``Interpolation/linear`` it is interpolated linearly
/// between the times and zero outside `[first, last]` (SciPy's `interp1d` with
/// `fill_value=0`, as Nengo builds it).
///
/// ```swift
/// let u = try Piecewise([0: [0], 0.2: [1], 1: [0]])  // 1 from t = 0.2 s to t = 1 s
/// ```
public struct Piecewise: Sendable, Hashable {
  /// How values between the given times are found.
  public enum Interpolation: String, Sendable, Hashable {
    /// Each value holds until the next time (a step function).
    case zero
    /// Linear between neighbouring times.
    case linear
  }

  /// The times, in seconds, increasing.
  public let times: [Double]
  /// The value at each time (all of one size).
  public let values: [[Double]]
  /// How values between the times are found.
  public let interpolation: Interpolation

  /// A piecewise signal from a table of times (seconds) and values.
  /// - Throws: ``ModelError`` when the table is empty, a time or value is not finite, or
  ///   the values differ in size.
  public init(_ data: [Double: [Double]], interpolation: Interpolation = .zero) throws(ModelError) {
    let sorted = data.sorted { $0.key < $1.key }
    self.times = sorted.map(\.key)
    self.values = sorted.map(\.value)
    self.interpolation = interpolation
    try validate(object: "Piecewise")
  }

  func validate(object: String) throws(ModelError) {
    guard let size = values.first?.count, size > 0 else {
      throw ModelError(object: object, attribute: "data", "needs at least one time with a non-empty value")
    }
    if let bad = zip(times, values).first(where: { $0.1.count != size }) {
      throw ModelError(object: object, attribute: "data", "time \(bad.0) has size \(bad.1.count) instead of \(size)")
    }
    guard times.allSatisfy(\.isFinite), values.joined().allSatisfy(\.isFinite) else {
      throw ModelError(object: object, attribute: "data", "holds a non-finite time or value")
    }
  }

  func output(t: Double, dt: Double) -> [Double] {
    let size = values[0].count
    switch interpolation {
    case .zero:
      let shifted = t + 0.5 * dt
      let count = times.firstIndex { $0 >= shifted } ?? times.count  // searchsorted, left
      return count == 0 ? [Double](repeating: 0, count: size) : values[count - 1]
    case .linear:
      guard let first = times.first, let last = times.last, t >= first, t <= last else {
        return [Double](repeating: 0, count: size)
      }
      guard let upper = times.firstIndex(where: { $0 >= t }), upper > 0, times[upper] != t else {
        return values[times.firstIndex(of: t) ?? 0]
      }
      let (t0, t1) = (times[upper - 1], times[upper])
      let w = (t - t0) / (t1 - t0)
      return (0..<size).map { values[upper - 1][$0] + w * (values[upper][$0] - values[upper - 1][$0]) }
    }
  }
}
