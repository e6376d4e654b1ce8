/// A distribution of vectors, for an ensemble's encoders and eval points and a
/// connection's eval points (Nengo's `nengo.dists` sampled with a dimension `d`).
///
/// ```swift
/// var rng = SplitMix64(seed: 7)
/// let points = try VectorDistribution.scatteredHypersphere()
///   .sample(750, dimensions: 2, using: &rng, object: "a", attribute: "eval_points")
/// // points: 750 x 2, in the unit disc
/// ```
public enum VectorDistribution: Sendable, Hashable {
  /// Independent points uniform on the unit sphere's surface, or in the unit ball with
  /// lengths in `[minMagnitude, 1]` (Nengo's `UniformHypersphere`).
  case uniformHypersphere(surface: Bool = false, minMagnitude: Double = 0)
  /// Quasi-random points, evenly scattered on the surface or in the ball (Nengo's
  /// `ScatteredHypersphere`, its default for encoders and eval points).
  case scatteredHypersphere(surface: Bool = false, minMagnitude: Double = 0)
  /// Each point one of these rows (`k x d`), drawn with equal probability (Nengo's
  /// `Choice` of vectors without weights).
  case choice(DoubleMatrix)
  /// Exactly these points (Nengo's explicit array): their row count is the number of
  /// points, whatever is asked.
  case samples(DoubleMatrix)

  /// The most values one sample may hold (800 MB of float64).
  public static let maxValues = 100_000_000

  /// Nengo's default encoders: scattered on the unit sphere's surface.
  public static let defaultEncoders = VectorDistribution.scatteredHypersphere(surface: true)
  /// Nengo's default eval points: scattered in the unit ball.
  public static let defaultEvalPoints = VectorDistribution.scatteredHypersphere()

  /// Draws `count` points of `dimensions` dimensions (``samples(_:)``: its own rows).
  /// - Returns: a `count x dimensions` matrix (for ``samples(_:)``, the given one).
  /// - Throws: ``ModelError`` naming `object` and `attribute` when `dimensions < 1`,
  ///   `count < 0`, `count * dimensions` exceeds ``maxValues``, a hypersphere has more than
  ///   10,000 dimensions, `minMagnitude` is outside `[0, 1)`, a choice is empty, or the given
  ///   points have the wrong number of columns or a non-finite value.
  public func sample<G: RandomNumberGenerator>(
    _ count: Int, dimensions d: Int, using rng: inout G, object: String, attribute: String
  ) throws(ModelError) -> DoubleMatrix {
    func fail(_ problem: String) -> ModelError { ModelError(object: object, attribute: attribute, problem) }
    guard d >= 1 else { throw fail("dimensions must be a positive integer, got \(d)") }
    guard count >= 0 else { throw fail("cannot draw \(count) points") }
    let (values, overflow) = count.multipliedReportingOverflow(by: d)
    guard !overflow, values <= Self.maxValues else {
      throw fail("\(count) points of \(d) dimensions are more than the \(Self.maxValues) values allowed")
    }
    switch self {
    case .uniformHypersphere(let surface, let minMagnitude), .scatteredHypersphere(let surface, let minMagnitude):
      guard d <= 10_000 else { throw fail("\(d) dimensions: hypersphere distributions allow at most 10,000") }
      guard minMagnitude >= 0, minMagnitude < 1 else {
        throw fail("min_magnitude must be in [0, 1), got \(minMagnitude)")
      }
      let values: [Double]
      if case .uniformHypersphere = self {
        values = UniformHypersphere.sample(
          count, dimensions: d, surface: surface, minMagnitude: minMagnitude, using: &rng)
      } else {
        values = ScatteredHypersphere.sample(
          count, dimensions: d, surface: surface, minMagnitude: minMagnitude, using: &rng)
      }
      return DoubleMatrix(unchecked: count, d, values)
    case .choice(let options):
      try Self.check(options, dimensions: d, fail)
      guard options.rows > 0 else { throw fail("Choice needs at least one option") }
      var values = [Double]()
      values.reserveCapacity(count * d)
      for _ in 0..<count {
        let r = rng.index(below: options.rows)
        values += options.values[(r * d)..<((r + 1) * d)]
      }
      return DoubleMatrix(unchecked: count, d, values)
    case .samples(let points):
      try Self.check(points, dimensions: d, fail)
      return points
    }
  }

  private static func check(
    _ m: DoubleMatrix, dimensions d: Int, _ fail: (String) -> ModelError
  ) throws(ModelError) {
    guard m.cols == d else {
      throw fail("points of shape \(m.shapeDescription) need \(d) columns, one per dimension")
    }
    guard m.values.allSatisfy(\.isFinite) else { throw fail("points hold a non-finite value") }
  }
}
