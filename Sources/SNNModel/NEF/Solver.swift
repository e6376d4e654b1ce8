/// How a decoded connection finds its decoders: Nengo 4.1's `nengo.solvers`, solved in
/// float64 with LAPACK.
///
/// A decoded connection from an ensemble of `n` neurons computes a function `f` of the
/// represented value `x` as a weighted sum of the neurons' firing rates. The builder
/// evaluates the neurons' rate curves at `m` evaluation points `x_k` (the activities `A`,
/// `m x n`, in Hz) and the function there (the targets `Y`, `m x d`), and the solver
/// finds the decoders `D` (`n x d`) with `A D ≈ Y`:
///
/// ```swift
/// let solution = try Solver.lstsqL2().solve(activities: a, targets: y, connection: "a->b")
/// // solution.decoders: n x d; solution.rmses: the fit's error per target dimension
/// ```
///
/// How Nengo's builder forms `A` and `Y` (`build_decoders` in `nengo/builder/connection.py`):
/// the eval points are scaled by the pre ensemble's radius (unless `scale_eval_points` is
/// false); the activities are the rates at `x = points · encodersᵀ / radius` with the
/// ensemble's gains and biases; the targets are the function at the scaled points.
///
/// The cases are descriptions (parameters only); `solve(activities:targets:connection:)` (in SNNSimulator)
/// runs them.
///
/// `weights` does not change the decoders: with `weights: true` the builder folds them with
/// the transform and the post ensemble's encoders, gains and radius into one
/// `n_post x n_pre` matrix of currents instead of decoding then encoding (see
/// `DecoderSolution.fullWeights(...)` in SNNSimulator).
/// Every solver here is compositional in Nengo's sense, so that folding is exact.
///
/// ## Determinism
/// The same activities and targets give the same decoders, bit for bit, for a given
/// OpenBLAS CPU kernel family and OpenBLAS thread count (`GEMM.blasCoreName`,
/// `GEMM.setBLASThreads(_:)`); the simulator's own thread count and batch size play no
/// part (the builder solves once, before any worker runs). Other BLAS thread counts or
/// CPUs change the last bits, as they do in Nengo. Against Nengo 4.1 (numpy, SciPy) the
/// decoders agree to about 1e-11 relative on the fixtures in `SolverTests`.
public enum Solver: Sendable, Hashable {
  /// Least squares with L2 (ridge) regularisation, Nengo's default (`LstsqL2`).
  ///
  /// With `sigma = reg * max(A)` (one maximum over the whole activity matrix, in Hz),
  /// solves `(AᵀA + m sigma² I) D = AᵀY` by Cholesky factorisation, or, when there are
  /// fewer eval points than neurons (`m < n`), the equivalent `(AAᵀ + m sigma² I) X = Y`,
  /// `D = AᵀX` (Nengo's `Cholesky` least-squares solver picks the smaller system the same
  /// way).
  /// - Parameters:
  ///   - reg: the regularisation as a fraction of the largest activity (>= 0); it plays
  ///     the role of the standard deviation of noise added to the activities.
  ///   - weights: whether the connection uses a full weight matrix (see ``Solver``).
  case lstsqL2(reg: Double = 0.1, weights: Bool = false)

  /// Least squares with L2 regularisation on the non-zero components (`LstsqL2nz`).
  ///
  /// Each neuron `j` gets its own `sigma_j = reg * max|A| * sqrt(fraction of eval points
  /// where neuron j is active)`; a neuron active nowhere gets the largest `sigma_j`. Solves
  /// `(AᵀA + m diag(sigma²)) D = AᵀY` by Cholesky factorisation (never the transposed
  /// form).
  /// - Parameters:
  ///   - reg: the regularisation as a fraction of the largest activity magnitude (>= 0).
  ///   - weights: whether the connection uses a full weight matrix (see ``Solver``).
  case lstsqL2nz(reg: Double = 0.1, weights: Bool = false)

  /// Unregularised least squares by singular value decomposition (`Lstsq`).
  ///
  /// Not plain least squares: singular values of `A` at or below `rcond` times the largest
  /// are treated as zero (`numpy.linalg.lstsq(A, Y, rcond)`, LAPACK's `dgelsd`), and the
  /// minimum-norm solution of what remains is returned.
  /// - Parameters:
  ///   - rcond: the relative cut-off for small singular values (>= 0).
  ///   - weights: whether the connection uses a full weight matrix (see ``Solver``).
  case lstsq(rcond: Double = 0.01, weights: Bool = false)

  /// Given decoders, bypassing the solve (`NoSolver`).
  /// - Parameters:
  ///   - values: the decoders, `n x d` (neurons by the connection's function size); `nil`
  ///     means all zero.
  ///   - weights: whether the connection uses a full weight matrix (see ``Solver``).
  case noSolver(values: DoubleMatrix? = nil, weights: Bool = false)

  /// Nengo's default solver: ``lstsqL2(reg:weights:)`` with `reg` 0.1, decoders.
  public static let `default` = Solver.lstsqL2()

  /// Whether the connection uses a full `n_post x n_pre` weight matrix (Nengo's
  /// `solver.weights`) rather than decoders then the post ensemble's encoders.
  public var weights: Bool {
    switch self {
    case .lstsqL2(_, let weights), .lstsqL2nz(_, let weights), .lstsq(_, let weights),
      .noSolver(_, let weights):
      weights
    }
  }

  /// The solver as Nengo writes it, for messages (`LstsqL2(reg=0.1)`).
  package var nengoDescription: String {
    let w = weights ? ", weights=True" : ""
    return switch self {
    case .lstsqL2(let reg, _): "LstsqL2(reg=\(reg)\(w))"
    case .lstsqL2nz(let reg, _): "LstsqL2nz(reg=\(reg)\(w))"
    case .lstsq(let rcond, _): "Lstsq(rcond=\(rcond)\(w))"
    case .noSolver(let values, _): "NoSolver(\(values.map { "values=\($0.shapeDescription)" } ?? "")\(w))"
    }
  }
}
