import SNNKernels
import SNNModel

extension Solver {
  /// Solves for the decoders `D` (`n x d`) with `activities · D ≈ targets`.
  ///
  /// - Parameters:
  ///   - activities: `A`, the pre neurons' firing rates at the `m` eval points, `m x n`,
  ///     in Hz. ``noSolver(values:weights:)`` reads only its column count (`m` may be 0).
  ///   - targets: `Y`, the function's values at the eval points, `m x d`.
  ///   - connection: the connection's label, named in errors.
  /// - Returns: the decoders (`n x d`, target units per Hz) and the fit's errors.
  /// - Throws: ``BuildError`` naming the connection when the parameters are out of range,
  ///   the shapes disagree, an activity or target is NaN or infinite, every activity is
  ///   zero (no eval point falls in any neuron's firing range), or LAPACK fails (for
  ///   instance `reg: 0` on a singular system).
  /// - Complexity: for the least-squares solvers `O(m n min(m, n))`, dominated by BLAS and
  ///   LAPACK: for a 1,000-neuron ensemble with Nengo's 2,000 default eval points,
  ///   ``lstsqL2(reg:weights:)`` took 0.08 s of CPU time with one OpenBLAS thread on a
  ///   2-core x86-64 VM (OpenBLAS's Cooperlake kernels, release build), mostly the Gram
  ///   matrix `AᵀA`; ``lstsq(rcond:weights:)`` about 4x that. Memory:
  ///   a `min(m, n)²` Gram matrix (`lstsqL2`), an `n²` one (`lstsqL2nz`) or a copy of `A`
  ///   and an SVD workspace (`lstsq`).
  public func solve(
    activities: DoubleMatrix, targets: DoubleMatrix, connection: String? = nil
  ) throws(BuildError) -> DecoderSolution {
    let object = connection ?? "decoder solver"
    try validate(activities: activities, targets: targets, object: object)
    let decoders: [Double]
    var rank: Int?
    var singularValues: [Double]?
    do throws(LAPACKError) {
      switch self {
      case .lstsqL2(let reg, _):
        decoders = try LstsqL2.solve(activities, targets, reg: reg)
      case .lstsqL2nz(let reg, _):
        decoders = try LstsqL2nz.solve(activities, targets, reg: reg)
      case .lstsq(let rcond, _):
        let svd = try Lstsq.solve(activities, targets, rcond: rcond)
        (decoders, rank, singularValues) = (svd.solution, svd.rank, svd.singularValues)
      case .noSolver(let values, _):
        decoders = NoSolver.decoders(values, neurons: activities.cols, dimensions: targets.cols)
      }
    } catch {
      throw BuildError(object: object, "\(nengoDescription) failed: \(error)\(hint(for: error))")
    }
    let d = DoubleMatrix(unchecked: activities.cols, targets.cols, decoders)
    return DecoderSolution(
      decoders: d, rmses: DecoderSolution.rmses(activities, d, targets), rank: rank,
      singularValues: singularValues)
  }

  /// What to try when LAPACK fails.
  private func hint(for error: LAPACKError) -> String {
    guard case .notPositiveDefinite = error else { return "" }
    return "; the activities are rank deficient: use reg > 0 or more eval points"
  }
}
