import SNNCore

/// Where the eval points of an ensemble come from, in one place for the builder (which
/// solves decoders on them) and the network file (which stores a closure as its values on
/// them).
extension Network {
  /// The seed ensemble `index`'s sampled parameters (encoders, max rates, intercepts, eval
  /// points) are drawn from, when the network is built with seed `networkSeed`.
  package static func ensembleSeed(_ networkSeed: UInt64, index: Int) -> UInt64 {
    deriveSeed(networkSeed, UInt64(index) &+ 1000)
  }

  /// Nengo's default number of eval points for `nNeurons` neurons representing
  /// `dimensions` dimensions: `max(clip(500 d, 750, 2500), 2 n)`.
  public static func defaultEvalPointCount(nNeurons: Int, dimensions: Int) -> Int {
    max(min(max(500 * dimensions, 750), 2500), 2 * nNeurons)
  }

  /// The eval points decoders from ensemble `id` are solved at, `m x dimensions`, absolute
  /// (scaled by the radius): the ensemble's own ``Ensemble/evalPoints``, or Nengo's default
  /// (``VectorDistribution/defaultEvalPoints``, ``defaultEvalPointCount(nNeurons:dimensions:)``
  /// points) drawn as the builder draws them when the network is built with `seed`.
  /// - Parameters:
  ///   - id: the ensemble.
  ///   - seed: the network's seed (``seed``, or the one a build drew when it is nil).
  /// - Throws: ``ModelError`` naming the ensemble when the points cannot be drawn.
  public func evalPoints(of id: EnsembleID, seed: UInt64) throws(ModelError) -> DoubleMatrix {
    let e = ensembles[id.index]
    if let given = e.evalPoints { return given }
    return try e.defaultEvalPoints(ensembleSeed: Self.ensembleSeed(seed, index: id.index))
  }
}

extension Ensemble {
  /// Nengo's default eval points, drawn from stream 4 of the ensemble's seed and scaled by
  /// the radius (1 when unset).
  package func defaultEvalPoints(ensembleSeed: UInt64) throws(ModelError) -> DoubleMatrix {
    var rng = SplitMix64(seed: deriveSeed(ensembleSeed, 4))
    let points = try VectorDistribution.defaultEvalPoints.sample(
      Network.defaultEvalPointCount(nNeurons: nNeurons, dimensions: dimensions), dimensions: dimensions,
      using: &rng, object: label, attribute: "eval_points")
    let r = radius ?? 1
    guard r != 1 else { return points }
    return DoubleMatrix(unchecked: points.rows, points.cols, points.values.map { $0 * r })
  }
}

extension ConnectionFunction {
  /// The function's values at every eval point (Nengo's targets), `m x size_mid`: each row
  /// the function of that point restricted to `preSlice` (all of it when nil).
  /// - Throws: ``ModelError`` naming `object` (the connection) when a slice index is out of
  ///   range, the function returns no values, a different number of values than at the first
  ///   point, or a non-finite value, or given values have the wrong number of rows.
  public func targets(at points: DoubleMatrix, preSlice: [Int]?, object: String) throws(ModelError) -> DoubleMatrix {
    func fail(_ problem: String) -> ModelError { ModelError(object: object, attribute: "function", problem) }
    let m = points.rows
    let indices = preSlice ?? Array(0..<points.cols)
    if let bad = indices.first(where: { $0 < 0 || $0 >= points.cols }) {
      throw ModelError(object: object, attribute: "pre_slice", "index \(bad) is outside 0..<\(points.cols)")
    }
    let sliced = { (i: Int) in indices.map { points[i, $0] } }
    switch self {
    case .identity:
      return DoubleMatrix(unchecked: m, indices.count, (0..<m).flatMap(sliced))
    case .values(let values):
      guard values.rows == m, values.cols > 0 else {
        throw fail(
          "function values \(values.shapeDescription) need \(m) rows, one per eval point, and at least one column")
      }
      if let bad = values.values.firstIndex(where: { !$0.isFinite }) {
        throw fail("function values at eval point \(bad / values.cols) hold \(values.values[bad])")
      }
      return values
    case .closure(let f):
      var y = [Double]()
      var width = 0
      for i in 0..<m {
        let x = sliced(i)
        let out = f(x)
        if i == 0 {
          width = out.count
          guard width > 0 else { throw fail("function returned no values at eval point \(x)") }
          y.reserveCapacity(m * width)
        }
        guard out.count == width else {
          throw fail("function returned \(out.count) values at eval point \(x), \(width) at the first one")
        }
        if let bad = out.first(where: { !$0.isFinite }) {
          throw fail("function returned \(bad) at eval point \(x)")
        }
        y += out
      }
      return DoubleMatrix(unchecked: m, width, y)
    }
  }
}
