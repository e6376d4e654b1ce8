import SNNKernels
import SNNModel

/// ``Solver/lstsqL2nz(reg:weights:)``: Nengo's `LstsqL2nz` (`nengo/solvers.py`).
enum LstsqL2nz {
  /// The decoders, row-major `n x d`, with neuron `j`'s
  /// `sigma_j = reg * max|A| * sqrt(fraction of rows where A[:, j] != 0)`, and the largest
  /// `sigma_j` for neurons that are never active (their sigma would be 0, leaving the
  /// system singular).
  static func solve(_ a: DoubleMatrix, _ y: DoubleMatrix, reg: Double) throws(LAPACKError) -> [Double] {
    let (m, n) = (a.rows, a.cols)
    var active = [Int](repeating: 0, count: n)
    var largest = 0.0
    for i in 0..<m {
      for j in 0..<n {
        let v = abs(a.values[i * n + j])
        if v > 0 { active[j] += 1 }
        largest = max(largest, v)
      }
    }
    var sigma = active.map { reg * largest * (Double($0) / Double(m)).squareRoot() }
    let fallback = sigma.max() ?? 0
    for j in 0..<n where sigma[j] == 0 { sigma[j] = fallback }
    return try CholeskyLeastSquares.solve(a, y, sigma: .perNeuron(sigma))
  }
}
