import SNNKernels
import SNNModel

/// ``Solver/lstsq(rcond:weights:)``: Nengo's `Lstsq` (`nengo/solvers.py`), which is
/// `numpy.linalg.lstsq(A, Y, rcond)`: LAPACK's `dgelsd`.
enum Lstsq {
  /// The minimum-norm decoders (row-major `n x d`) with singular values of `A` at or below
  /// `rcond * max(s)` dropped, the rank that leaves, and the singular values.
  static func solve(
    _ a: DoubleMatrix, _ y: DoubleMatrix, rcond: Double
  ) throws(LAPACKError) -> (solution: [Double], rank: Int, singularValues: [Double]) {
    try LAPACK.leastSquaresSVD(a.values, rows: a.rows, cols: a.cols, y.values, columns: y.cols, rcond: rcond)
  }
}
