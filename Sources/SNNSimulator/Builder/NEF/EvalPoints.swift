import SNNModel

/// Evaluation points of an ensemble or a decoded connection, as Nengo's
/// `gen_eval_points` makes them (`nengo/builder/ensemble.py`).
public enum EvalPoints {
  /// Nengo's default number of eval points for `nNeurons` neurons representing
  /// `dimensions` dimensions: `max(clip(500 d, 750, 2500), 2 n)`.
  public static func defaultCount(nNeurons: Int, dimensions: Int) -> Int {
    Network.defaultEvalPointCount(nNeurons: nNeurons, dimensions: dimensions)
  }

  /// Draws (or takes) eval points and scales them by the radius.
  ///
  /// A distribution gives `count` points (nil: ``defaultCount(nNeurons:dimensions:)``);
  /// ``/SNNModel/VectorDistribution/samples(_:)`` gives its own rows whatever `count` says (Nengo
  /// warns and ignores `n_eval_points` then). With `scale` the points are multiplied by
  /// `radius`: always for an ensemble's own points, and for a connection's given points
  /// unless its `scale_eval_points` is false.
  /// - Returns: `m x dimensions`.
  /// - Throws: ``BuildError`` naming `object` when the distribution cannot be sampled
  ///   (wrong column count, non-finite values, bad parameters) or `count` is negative.
  public static func generate<G: RandomNumberGenerator>(
    _ distribution: VectorDistribution, count: Int?, nNeurons: Int, dimensions: Int, radius: Double,
    scale: Bool, using rng: inout G, object: String
  ) throws(BuildError) -> DoubleMatrix {
    let n = count ?? defaultCount(nNeurons: nNeurons, dimensions: dimensions)
    let points: DoubleMatrix
    do {
      points = try distribution.sample(n, dimensions: dimensions, using: &rng, object: object, attribute: "eval_points")
    } catch {
      throw BuildError(object: object, "eval_points: \(error.problem)")
    }
    guard scale, radius != 1 else { return points }
    return DoubleMatrix(unchecked: points.rows, points.cols, points.values.map { $0 * radius })
  }
}
