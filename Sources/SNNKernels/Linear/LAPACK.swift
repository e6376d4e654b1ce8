import CBLAS

/// Double-precision dense linear algebra for the decoder solvers: OpenBLAS's LAPACK
/// (`dposv`, `dgelsd`) and the level-3 BLAS products around it (`dsyrk`, `dgemm`).
///
/// Every matrix here is a row-major `[Double]` with its shape passed beside it, as in the
/// rest of SwiftSNN; the conversion to LAPACK's column-major layout happens inside each
/// routine, which is the only code that touches the Fortran pointers. Sizes are the
/// caller's to check (`precondition`s here catch programming errors); what the data can
/// make fail (a matrix that is not positive definite, an SVD that does not converge) comes
/// back as a ``LAPACKError`` with LAPACK's `info` explained.
///
/// OpenBLAS runs these with its own worker threads (see ``GEMM/setBLASThreads(_:)``); the
/// last bits of a result may depend on that thread count.
package enum LAPACK {
  // MARK: - BLAS level 3 in double

  /// The Gram matrix of a row-major `rows x cols` matrix `a`: `aᵀa` (`cols x cols`), or
  /// `a aᵀ` (`rows x rows`) when `outer` is true, returned in full (both triangles).
  ///
  /// - Complexity: `rows * cols²` (or `rows² * cols`) multiply-adds, by `cblas_dsyrk`.
  package static func gram(_ a: [Double], rows: Int, cols: Int, outer: Bool = false) -> [Double] {
    checkShape(a, rows, cols, "gram: a")
    let order = outer ? rows : cols
    let depth = outer ? cols : rows
    var g = [Double](repeating: 0, count: order * order)
    if order == 0 || depth == 0 { return g }
    a.withUnsafeBufferPointer { pa in
      g.withUnsafeMutableBufferPointer { pg in
        // Row-major: with NoTrans C = A Aᵀ (A is rows x cols), with Trans C = Aᵀ A.
        cblas_dsyrk(
          CblasRowMajor, CblasUpper, outer ? CblasNoTrans : CblasTrans, Int32(order), Int32(depth),
          1, pa.baseAddress, Int32(cols), 0, pg.baseAddress, Int32(order))
      }
    }
    // dsyrk wrote the upper triangle only; mirror it.
    for i in 0..<order {
      for j in 0..<i { g[i * order + j] = g[j * order + i] }
    }
    return g
  }

  /// `op(a) * op(b)` for row-major matrices: `a` is `aRows x aCols` (used transposed when
  /// `transposeA`), `b` likewise; the result is row-major `m x n`.
  ///
  /// - Complexity: `m * n * k` multiply-adds, by `cblas_dgemm`.
  package static func product(
    _ a: [Double], rows aRows: Int, cols aCols: Int, transposeA: Bool = false,
    _ b: [Double], rows bRows: Int, cols bCols: Int, transposeB: Bool = false
  ) -> [Double] {
    checkShape(a, aRows, aCols, "product: a")
    checkShape(b, bRows, bCols, "product: b")
    let (m, k) = transposeA ? (aCols, aRows) : (aRows, aCols)
    let (kb, n) = transposeB ? (bCols, bRows) : (bRows, bCols)
    precondition(k == kb, "LAPACK.product: inner sizes \(k) and \(kb) differ")
    var c = [Double](repeating: 0, count: m * n)
    if m == 0 || n == 0 || k == 0 { return c }
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
            pa.baseAddress, Int32(aCols), pb.baseAddress, Int32(bCols), 0, pc.baseAddress,
            Int32(n))
        }
      }
    }
    return c
  }

  // MARK: - LAPACK

  /// Solves `g x = b` for a symmetric positive definite `g` by Cholesky factorisation
  /// (`dposv`).
  ///
  /// - Parameters:
  ///   - g: `order x order`, symmetric (only one triangle is read).
  ///   - b: the right-hand sides, row-major `order x columns`.
  /// - Returns: `x`, row-major `order x columns`.
  /// - Throws: ``LAPACKError/notPositiveDefinite(order:)`` when the factorisation breaks
  ///   down (a leading minor is not positive definite: `g` is singular or indefinite).
  /// - Complexity: `order³ / 3 + 2 * order² * columns` multiply-adds.
  package static func solvePositiveDefinite(
    _ g: [Double], order: Int, _ b: [Double], columns: Int
  ) throws(LAPACKError) -> [Double] {
    checkShape(g, order, order, "solvePositiveDefinite: g")
    checkShape(b, order, columns, "solvePositiveDefinite: b")
    if order == 0 || columns == 0 { return b }
    // g is symmetric: row-major and column-major read the same. b goes column-major.
    var factor = g
    var x = transpose(b, rows: order, cols: columns)
    var n = Int32(order)
    var nrhs = Int32(columns)
    var lda = n
    var ldb = n
    var info: Int32 = 0
    var uplo = CChar(UInt8(ascii: "U"))
    factor.withUnsafeMutableBufferPointer { pa in
      x.withUnsafeMutableBufferPointer { pb in
        dposv_(&uplo, &n, &nrhs, pa.baseAddress, &lda, pb.baseAddress, &ldb, &info, 1)
      }
    }
    if info < 0 { throw .badArgument(routine: "dposv", position: Int(-info)) }
    if info > 0 { throw .notPositiveDefinite(order: Int(info)) }
    return transpose(x, rows: columns, cols: order)
  }

  /// The minimum-norm least-squares solution of `a x ≈ b` by singular value decomposition
  /// (`dgelsd`, what `numpy.linalg.lstsq` calls), with singular values
  /// `s <= rcond * max(s)` treated as zero.
  ///
  /// - Parameters:
  ///   - a: row-major `rows x cols`.
  ///   - b: row-major `rows x columns`.
  ///   - rcond: the relative cut-off for small singular values, >= 0.
  /// - Returns: `x` (row-major `cols x columns`), the effective rank, and the singular
  ///   values of `a` in decreasing order.
  /// - Throws: ``LAPACKError/svdDidNotConverge(offDiagonal:)`` when the SVD fails to
  ///   converge.
  /// - Complexity: `O(rows * cols * min(rows, cols))`.
  package static func leastSquaresSVD(
    _ a: [Double], rows: Int, cols: Int, _ b: [Double], columns: Int, rcond: Double
  ) throws(LAPACKError) -> (solution: [Double], rank: Int, singularValues: [Double]) {
    checkShape(a, rows, cols, "leastSquaresSVD: a")
    checkShape(b, rows, columns, "leastSquaresSVD: b")
    precondition(rcond >= 0, "LAPACK.leastSquaresSVD: rcond must be >= 0, got \(rcond)")
    let tall = max(rows, cols)
    if rows == 0 || cols == 0 || columns == 0 {
      return ([Double](repeating: 0, count: cols * columns), 0, [])
    }
    var am = transpose(a, rows: rows, cols: cols)  // column-major, lda = rows
    // b column-major with room for x's rows when cols > rows (ldb = max(rows, cols)).
    var bm = [Double](repeating: 0, count: tall * columns)
    for i in 0..<rows {
      for j in 0..<columns { bm[j * tall + i] = b[i * columns + j] }
    }
    var s = [Double](repeating: 0, count: min(rows, cols))
    var m = Int32(rows)
    var n = Int32(cols)
    var nrhs = Int32(columns)
    var lda = m
    var ldb = Int32(tall)
    var rc = rcond
    var rank: Int32 = 0
    var info: Int32 = 0

    func call(_ work: inout [Double], _ lwork: Int32, _ iwork: inout [Int32]) {
      var lw = lwork
      am.withUnsafeMutableBufferPointer { pa in
        bm.withUnsafeMutableBufferPointer { pb in
          s.withUnsafeMutableBufferPointer { ps in
            work.withUnsafeMutableBufferPointer { pw in
              iwork.withUnsafeMutableBufferPointer { pi in
                dgelsd_(
                  &m, &n, &nrhs, pa.baseAddress, &lda, pb.baseAddress, &ldb, ps.baseAddress,
                  &rc, &rank, pw.baseAddress, &lw, pi.baseAddress, &info)
              }
            }
          }
        }
      }
    }

    // Workspace query: the optimal work size in work[0], the minimal iwork size in iwork[0].
    var query = [Double](repeating: 0, count: 1)
    var iquery = [Int32](repeating: 0, count: 1)
    call(&query, -1, &iquery)
    if info < 0 { throw .badArgument(routine: "dgelsd", position: Int(-info)) }
    let lwork = Int(query[0].rounded(.up))
    guard lwork >= 1, lwork <= Int(Int32.max) else { throw .workspaceTooLarge(routine: "dgelsd") }
    var work = [Double](repeating: 0, count: lwork)
    var iwork = [Int32](repeating: 0, count: max(1, Int(iquery[0])))
    call(&work, Int32(lwork), &iwork)
    if info < 0 { throw .badArgument(routine: "dgelsd", position: Int(-info)) }
    if info > 0 { throw .svdDidNotConverge(offDiagonal: Int(info)) }

    var x = [Double](repeating: 0, count: cols * columns)
    for i in 0..<cols {
      for j in 0..<columns { x[i * columns + j] = bm[j * tall + i] }
    }
    return (x, Int(rank), s)
  }

  // MARK: - Helpers

  /// The transpose of a row-major `rows x cols` matrix (equivalently: its column-major
  /// layout).
  private static func transpose(_ x: [Double], rows: Int, cols: Int) -> [Double] {
    var out = [Double](repeating: 0, count: x.count)
    for i in 0..<rows {
      for j in 0..<cols { out[j * rows + i] = x[i * cols + j] }
    }
    return out
  }

  private static func checkShape(_ x: [Double], _ rows: Int, _ cols: Int, _ what: String) {
    precondition(
      rows >= 0 && cols >= 0 && x.count == rows * cols,
      "LAPACK.\(what) has \(x.count) values for \(rows) x \(cols)")
    checkLimit(max(rows, cols), what)
  }

  private static func checkLimit(_ size: Int, _ what: String) {
    precondition(size <= Int(Int32.max), "LAPACK.\(what): size \(size) exceeds LAPACK's Int32")
  }
}

/// Why a LAPACK routine failed, with its `info` code explained.
package enum LAPACKError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Cholesky factorisation broke down: the leading minor of this order is not positive
  /// definite, so the matrix is singular or indefinite (`dposv` info > 0).
  case notPositiveDefinite(order: Int)
  /// The SVD's bidiagonal QR iteration left this many off-diagonal elements unconverged
  /// (`dgelsd` info > 0).
  case svdDidNotConverge(offDiagonal: Int)
  /// An argument was rejected (info < 0: its 1-based position): a bug in this wrapper.
  case badArgument(routine: String, position: Int)
  /// The workspace LAPACK asked for does not fit its 32-bit sizes.
  case workspaceTooLarge(routine: String)

  package var description: String {
    switch self {
    case .notPositiveDefinite(let order):
      "the matrix is not positive definite (Cholesky failed at leading minor \(order)): "
        + "it is singular or indefinite"
    case .svdDidNotConverge(let count):
      "the singular value decomposition did not converge (\(count) off-diagonal elements)"
    case .badArgument(let routine, let position):
      "\(routine) rejected its argument \(position) (an internal error)"
    case .workspaceTooLarge(let routine):
      "\(routine) needs a workspace larger than LAPACK's 32-bit sizes allow"
    }
  }
}
