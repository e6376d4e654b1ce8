import SNNKernels
import SNNModel

/// ``Solver/lstsqL2(reg:weights:)``: Nengo's `LstsqL2` (`nengo/solvers.py`).
enum LstsqL2 {
  /// The decoders, row-major `n x d`, with `sigma = reg * max(A)` (the largest activity,
  /// not the largest magnitude, as in Nengo).
  static func solve(_ a: DoubleMatrix, _ y: DoubleMatrix, reg: Double) throws(LAPACKError) -> [Double] {
    let largest = a.values.max() ?? 0
    return try CholeskyLeastSquares.solve(a, y, sigma: .uniform(reg * largest))
  }
}
