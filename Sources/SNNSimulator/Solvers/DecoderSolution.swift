import SNNKernels
import SNNModel

/// What a ``Solver`` returns: the decoders and how well they fit (Nengo's `decoders.T` and
/// `solver_info`).
public struct DecoderSolution: Sendable, Equatable {
  /// `D`, `n x d`: row `j` is what one unit of neuron `j`'s rate (1 Hz) adds to the
  /// decoded value, in target units per Hz. Nengo stores the transpose.
  public let decoders: DoubleMatrix
  /// The root-mean-square error of the fit over the eval points, one per target
  /// dimension, in target units: `sqrt(mean_k (Y - A D)²_k)` (Nengo's `info["rmses"]`).
  /// Empty when there were no eval points.
  public let rmses: [Double]
  /// ``Solver/lstsq(rcond:weights:)`` only: the number of singular values kept.
  public let rank: Int?
  /// ``Solver/lstsq(rcond:weights:)`` only: the singular values of `A`, decreasing, in Hz.
  public let singularValues: [Double]?

  /// Per-column RMS of `y - a · d` over the rows (empty without rows).
  static func rmses(_ a: DoubleMatrix, _ d: DoubleMatrix, _ y: DoubleMatrix) -> [Double] {
    let m = a.rows
    guard m > 0 else { return [] }
    let fit = LAPACK.product(a.values, rows: m, cols: a.cols, d.values, rows: d.rows, cols: d.cols)
    var sums = [Double](repeating: 0, count: y.cols)
    for i in 0..<m {
      for j in 0..<y.cols {
        let e = y.values[i * y.cols + j] - fit[i * y.cols + j]
        sums[j] += e * e
      }
    }
    return sums.map { ($0 / Double(m)).squareRoot() }
  }

  /// The full weight matrix of a `weights: true` connection into an ensemble, folded as
  /// Nengo's builder folds it (`build_connection` and `build_dense`).
  ///
  /// `W = (E ⊙ g / r) · T · Dᵀ`: the decoders `D` (`n_pre x d`), the transform `T`
  /// (`d_post x d`), then the post ensemble's encoders `E` scaled row by row by its gains
  /// over its radius (Nengo's `scaled_encoders`). Row `i` of the result is what one unit
  /// of each pre neuron's output adds to post neuron `i`'s input current. That current goes
  /// straight to the post neurons: the post ensemble's gains are already in `W`, and its
  /// decoded input receives nothing from this connection. Only connections into an
  /// ensemble have such a matrix: Nengo ignores `weights: true` (with a warning) when the
  /// post object is a node or an ensemble's neurons, and decodes as usual.
  ///
  /// - Parameters:
  ///   - transform: `T`, `(size_out, size_in)` as in Nengo: `d_post x d`. A scalar
  ///     transform `s` is `s` times the identity.
  ///   - postEncoders: `E`, `n_post x d_post`: the post ensemble's encoders restricted to
  ///     the dimensions the connection targets (Nengo's post slice).
  ///   - postGains: the post neurons' gains, `n_post` of them.
  ///   - postRadius: the post ensemble's radius (> 0).
  ///   - connection: the connection's label, named in errors.
  /// - Returns: `W`, `n_post x n_pre`.
  /// - Throws: ``BuildError`` naming the connection when the shapes disagree or a value is
  ///   not finite.
  public func fullWeights(
    transform: DoubleMatrix, postEncoders: DoubleMatrix, postGains: [Double], postRadius: Double,
    connection: String? = nil
  ) throws(BuildError) -> DoubleMatrix {
    func fail(_ problem: String) -> BuildError { BuildError(object: connection ?? "connection", problem) }
    let (nPre, d) = (decoders.rows, decoders.cols)
    let (dPost, nPost) = (transform.rows, postEncoders.rows)
    guard transform.cols == d else {
      throw fail("transform \(transform.shapeDescription) needs \(d) columns, one per decoded dimension")
    }
    guard postEncoders.cols == dPost else {
      throw fail(
        "post encoders \(postEncoders.shapeDescription) need \(dPost) columns, one per row of "
          + "the transform \(transform.shapeDescription)")
    }
    guard postGains.count == nPost else {
      throw fail("\(postGains.count) post gains for \(nPost) post neurons")
    }
    guard postRadius.isFinite, postRadius > 0 else {
      throw fail("post radius must be finite and > 0, got \(postRadius)")
    }
    for (name, values) in [
      ("transform", transform.values), ("post encoders", postEncoders.values), ("post gains", postGains),
    ] {
      guard values.allSatisfy(\.isFinite) else { throw fail("\(name) hold a non-finite value") }
    }
    // Nengo's order: weights = T · Dᵀ, then scaled_encoders · weights.
    let decoded = LAPACK.product(
      transform.values, rows: dPost, cols: d, decoders.values, rows: nPre, cols: d, transposeB: true)
    var scaled = postEncoders.values
    for i in 0..<nPost {
      let s = postGains[i] / postRadius
      for k in 0..<dPost { scaled[i * dPost + k] *= s }
    }
    let w = LAPACK.product(scaled, rows: nPost, cols: dPost, decoded, rows: dPost, cols: nPre)
    return DoubleMatrix(unchecked: nPost, nPre, w)
  }
}
