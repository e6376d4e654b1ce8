import CBLAS
import SNNCore

/// Single-precision general matrix multiply, `C = alpha * op(A) * op(B) + beta * C`, on
/// row-major data, computed by OpenBLAS's `cblas_sgemm`.
///
/// `op(X)` is `X` or its transpose. Two entry points share one implementation:
/// - ``multiply(_:transposeA:_:transposeB:into:alpha:beta:)`` and
///   ``product(_:transposeA:_:transposeB:)`` take ``/SNNCore/Matrix`` values and throw
///   ``/SNNCore/ShapeError`` when the sizes disagree (the ANN and anything that handles user data);
/// - ``sgemm(m:n:k:a:lda:b:ldb:c:ldc:alpha:beta:transA:transB:)`` takes raw pointers with
///   leading dimensions, for kernels that multiply views into larger buffers (the
///   simulator's dense baseline); wrong sizes there are programming errors and stop the
///   process with a precondition failure.
///
/// As in every BLAS, `beta == 0` overwrites `C` without reading it, so NaN or infinity
/// already in `C` do not leak into the result.
///
/// ## Threads and determinism
/// OpenBLAS runs its own worker threads (as many as cores by default), process-wide; see
/// ``setBLASThreads(_:)``. For a given OpenBLAS kernel family (``blasCoreName``) and thread
/// count, repeated runs gave bitwise identical results in every measurement made here
/// (OpenBLAS 0.3.21, MNIST training, 10 epochs). Across thread counts it depends on the
/// kernels: the `Prescott` kernels gave identical bits with 1 and 2 threads, the `SkylakeX`
/// kernels differed in the last bits. OpenBLAS promises none of this; set one thread for
/// the most conservative reproducibility.
///
/// - Complexity: `2 * m * n * k` floating-point operations: 62-86 GFLOPS on one core of this
///   project's 2-core x86-64 machines for the ANN's shapes with OpenBLAS's AVX-512 kernels,
///   but only 11-13 GFLOPS when OpenBLAS falls back to its generic kernels (see
///   ``blasCoreName``).
package enum GEMM {
  /// Sets how many threads OpenBLAS uses for every later call in the process.
  ///
  /// Use 1 when the caller parallelises itself (each thread then runs its own GEMMs), or
  /// for the most conservative determinism. The setting is process-wide: do not change it
  /// while another thread is inside a GEMM.
  /// - Parameter n: the thread count, at least 1.
  package static func setBLASThreads(_ n: Int) {
    precondition(
      n >= 1 && n <= Int(Int32.max), "GEMM.setBLASThreads: thread count must be >= 1, got \(n)")
    cblas_shim_set_threads(Int32(n))
  }

  /// Stops OpenBLAS's idle worker threads now; its next multi-threaded call restarts them.
  ///
  /// After each call OpenBLAS keeps its threads spinning (on `sched_yield`) for about 2^28
  /// cycles, ~0.1 s here, in case another call follows: a simulation started right after
  /// a GEMM shares the cores with them meanwhile. Call this only when no other thread can be
  /// inside a BLAS call (the command-line tool does, before it simulates).
  package static func stopIdleBLASThreads() { cblas_shim_stop_idle_threads() }

  /// How many threads OpenBLAS currently uses.
  package static var blasThreads: Int { Int(openblas_get_num_threads()) }

  /// The CPU kernel family OpenBLAS chose at load time (`"Haswell"`, `"SkylakeX"`, …).
  ///
  /// `"Prescott"` on a modern x86-64 CPU means OpenBLAS did not recognise the CPU and fell
  /// back to its SSE3 kernels, about 6x slower: Debian's OpenBLAS 0.3.21 does this on the
  /// 2-core KVM machines of this project (family 6, model 207, AVX-512), measured at 11-13
  /// GFLOPS instead of 62-86 with `OPENBLAS_CORETYPE=SkylakeX` for the ANN's shapes. The
  /// choice is made when the library loads, so it can only be overridden by setting
  /// `OPENBLAS_CORETYPE` (`SkylakeX` with AVX-512, `Haswell` with AVX2) in the environment
  /// of the process before it starts.
  package static var blasCoreName: String { String(cString: openblas_get_corename()) }

  // MARK: - Matrix API

  /// Computes `c = alpha * op(a) * op(b) + beta * c` in place.
  ///
  /// `op(a)` is `a` (`m x k`) or, with `transposeA`, `a` transposed (`a` is then `k x m`);
  /// likewise `op(b)` is `k x n`. `c` must already be `m x n`.
  /// - Parameters:
  ///   - a: the left factor.
  ///   - transposeA: whether to use `a` transposed.
  ///   - b: the right factor.
  ///   - transposeB: whether to use `b` transposed.
  ///   - c: the accumulator, `m x n`; overwritten when `beta == 0`.
  ///   - alpha: scale of the product.
  ///   - beta: scale of the old `c`.
  /// - Throws: ``/SNNCore/ShapeError`` when the inner sizes of `op(a)` and `op(b)` differ or `c` is
  ///   not `m x n`; `c` is then unchanged.
  package static func multiply(
    _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
    into c: inout Matrix, alpha: Float = 1, beta: Float = 0
  ) throws(ShapeError) {
    let (m, n, k) = try productShape(a, transposeA: transposeA, b, transposeB: transposeB)
    guard c.rows == m, c.cols == n else {
      throw ShapeError(
        "GEMM: result of \(describe(a, transposeA)) x \(describe(b, transposeB)) is (\(m), \(n)), "
          + "but the output matrix is \(c.shapeDescription)")
    }
    if m == 0 || n == 0 { return }
    a.values.withUnsafeBufferPointer { pa in
      b.values.withUnsafeBufferPointer { pb in
        c.values.withUnsafeMutableBufferPointer { pc in
          guard let cBase = pc.baseAddress else { return }
          // With k == 0 no element of A or B is read; pass C's address so the pointers
          // are never nil (empty arrays may have no storage).
          let aBase = pa.baseAddress ?? UnsafePointer(cBase)
          let bBase = pb.baseAddress ?? UnsafePointer(cBase)
          sgemm(
            m: m, n: n, k: k, a: aBase, lda: max(1, a.cols), b: bBase, ldb: max(1, b.cols),
            c: cBase, ldc: n, alpha: alpha, beta: beta, transA: transposeA, transB: transposeB)
        }
      }
    }
  }

  /// Returns `op(a) * op(b)` as a new `m x n` matrix.
  /// - Throws: ``/SNNCore/ShapeError`` when the inner sizes of `op(a)` and `op(b)` differ.
  package static func product(
    _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false
  ) throws(ShapeError) -> Matrix {
    let (m, n, _) = try productShape(a, transposeA: transposeA, b, transposeB: transposeB)
    var c = Matrix(rows: m, cols: n)
    try multiply(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
    return c
  }

  /// The sizes `(m, n, k)` of `op(a) * op(b)`, or a ``/SNNCore/ShapeError`` naming both shapes.
  private static func productShape(
    _ a: Matrix, transposeA: Bool, _ b: Matrix, transposeB: Bool
  ) throws(ShapeError) -> (m: Int, n: Int, k: Int) {
    let (m, ka) = transposeA ? (a.cols, a.rows) : (a.rows, a.cols)
    let (kb, n) = transposeB ? (b.cols, b.rows) : (b.rows, b.cols)
    guard ka == kb else {
      throw ShapeError(
        "GEMM: cannot multiply \(describe(a, transposeA)) by \(describe(b, transposeB)): "
          + "inner sizes \(ka) and \(kb) differ")
    }
    let limit = Int(Int32.max)
    guard m <= limit, n <= limit, ka <= limit, a.cols <= limit, b.cols <= limit else {
      throw ShapeError(
        "GEMM: sizes of \(a.shapeDescription) and \(b.shapeDescription) exceed the BLAS limit of \(limit)"
      )
    }
    return (m, n, ka)
  }

  /// `(r, c)` or `(r, c)^T`, for messages.
  private static func describe(_ x: Matrix, _ transposed: Bool) -> String {
    transposed ? "\(x.shapeDescription)^T" : x.shapeDescription
  }

  // MARK: - Pointer API

  /// Computes `C = alpha * op(A) * op(B) + beta * C` on row-major buffers.
  ///
  /// `op(A)` is `m x k`: without `transA`, `A` is stored as `m` rows of which the first `k`
  /// elements are used, row `i` starting at `a + i * lda`; with `transA`, `A` is stored as
  /// `k` rows of `m` used elements (`lda` apart). `B` likewise (`k x n`, or `n x k` stored
  /// when `transB`), and `C` is `m` rows of `n` elements, `ldc` apart. `C` must not overlap
  /// `A` or `B`.
  /// - Precondition: `m, n, k >= 0`; `lda >= max(1, transA ? m : k)`,
  ///   `ldb >= max(1, transB ? k : n)`, `ldc >= max(1, n)`; every size fits in `Int32`; the
  ///   buffers hold the elements so described.
  package static func sgemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    alpha: Float = 1, beta: Float = 0,
    transA: Bool = false, transB: Bool = false
  ) {
    let limit = Int(Int32.max)
    precondition(m >= 0 && n >= 0 && k >= 0, "GEMM.sgemm: negative size m=\(m) n=\(n) k=\(k)")
    precondition(m <= limit && n <= limit && k <= limit, "GEMM.sgemm: size exceeds Int32")
    precondition(
      lda >= max(1, transA ? m : k) && lda <= limit,
      "GEMM.sgemm: lda=\(lda) is too small for \(transA ? "A^T" : "A") with m=\(m) k=\(k)")
    precondition(
      ldb >= max(1, transB ? k : n) && ldb <= limit,
      "GEMM.sgemm: ldb=\(ldb) is too small for \(transB ? "B^T" : "B") with k=\(k) n=\(n)")
    precondition(ldc >= max(1, n) && ldc <= limit, "GEMM.sgemm: ldc=\(ldc) is too small for n=\(n)")
    if m == 0 || n == 0 { return }
    if k == 0 {
      // The product is empty: C = beta * C, with beta == 0 writing zeros (BLAS semantics).
      for i in 0..<m {
        let row = c + i * ldc
        for j in 0..<n { row[j] = beta == 0 ? 0 : beta * row[j] }
      }
      return
    }
    cblas_sgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }
}

extension GEMM {
  /// `C += A B` in double (row-major, no transposes), for the engine's float64 dense
  /// synaptic step: `A` is `m x k` (`lda` apart), `B` `k x n`, `C` `m x n`.
  /// - Precondition: as ``sgemm(m:n:k:a:lda:b:ldb:c:ldc:alpha:beta:transA:transB:)``.
  static func dgemmAccumulate(
    m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    let limit = Int(Int32.max)
    precondition(m >= 0 && n >= 0 && k >= 0 && m <= limit && n <= limit && k <= limit, "GEMM: bad size")
    precondition(lda >= max(1, k) && ldb >= max(1, n) && ldc >= max(1, n), "GEMM: bad leading dimension")
    if m == 0 || n == 0 || k == 0 { return }
    cblas_dgemm(
      CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), 1, c,
      Int32(ldc))
  }
}
