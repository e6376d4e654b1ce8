import SNNKernels
import SNNModel

/// Regularised least squares by Cholesky factorisation, as Nengo's `Cholesky` least-squares
/// solver (`nengo/utils/least_squares_solvers.py`) computes it for ``Solver/lstsqL2(reg:weights:)``
/// and ``Solver/lstsqL2nz(reg:weights:)``.
///
/// With `A` (`m x n`), `Y` (`m x d`) and the regularisation `lambda = m * sigma²`:
/// - normal form: `(AᵀA + lambda I) D = AᵀY`, an `n x n` system;
/// - transposed form, when `m < n` and `sigma` is one number: `(AAᵀ + lambda I) X = Y`,
///   `D = AᵀX`, an `m x m` system with the same solution (push-through identity).
/// A per-neuron `sigma` puts `m * sigma_j²` on diagonal element `j` and always uses the
/// normal form, as Nengo does.
enum CholeskyLeastSquares {
  /// The noise level that regularises the system, in the activities' units (Hz).
  enum Sigma {
    /// One sigma for every neuron.
    case uniform(Double)
    /// One sigma per neuron (`n` of them).
    case perNeuron([Double])
  }

  /// The decoders, row-major `n x d`.
  static func solve(
    _ a: DoubleMatrix, _ y: DoubleMatrix, sigma: Sigma
  ) throws(LAPACKError) -> [Double] {
    let (m, n, d) = (a.rows, a.cols, y.cols)
    if case .uniform(let s) = sigma, m < n {
      var g = LAPACK.gram(a.values, rows: m, cols: n, outer: true)
      for i in 0..<m { g[i * m + i] += Double(m) * s * s }
      let x = try LAPACK.solvePositiveDefinite(g, order: m, y.values, columns: d)
      return LAPACK.product(a.values, rows: m, cols: n, transposeA: true, x, rows: m, cols: d)
    }
    var g = LAPACK.gram(a.values, rows: m, cols: n)
    switch sigma {
    case .uniform(let s):
      for j in 0..<n { g[j * n + j] += Double(m) * s * s }
    case .perNeuron(let s):
      precondition(s.count == n, "CholeskyLeastSquares: \(s.count) sigmas for \(n) neurons")
      for j in 0..<n { g[j * n + j] += Double(m) * s[j] * s[j] }
    }
    let b = LAPACK.product(a.values, rows: m, cols: n, transposeA: true, y.values, rows: m, cols: d)
    return try LAPACK.solvePositiveDefinite(g, order: n, b, columns: d)
  }
}
