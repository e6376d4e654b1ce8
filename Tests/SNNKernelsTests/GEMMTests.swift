import SNNCore
import SNNKernels
import XCTest

/// `GEMM` checked against a naive triple loop in Double precision.
final class GEMMTests: XCTestCase {
  /// A random `rows x cols` matrix with entries in [-1, 1).
  private func randomMatrix(_ rows: Int, _ cols: Int, _ rng: inout SplitMix64) -> Matrix {
    var m = Matrix(rows: rows, cols: cols)
    for i in m.values.indices { m.values[i] = rng.nextUnitFloat() * 2 - 1 }
    return m
  }

  /// `alpha * op(a) * op(b) + beta * c` with a triple loop, accumulated in Double.
  private func naive(
    _ a: Matrix, _ ta: Bool, _ b: Matrix, _ tb: Bool, _ c: Matrix, alpha: Float, beta: Float
  ) -> Matrix {
    let m = ta ? a.cols : a.rows
    let k = ta ? a.rows : a.cols
    let n = tb ? b.rows : b.cols
    var out = Matrix(rows: m, cols: n)
    for i in 0..<m {
      for j in 0..<n {
        var sum = 0.0
        for p in 0..<k {
          let x = ta ? a[p, i] : a[i, p]
          let y = tb ? b[j, p] : b[p, j]
          sum += Double(x) * Double(y)
        }
        let old = beta == 0 ? 0 : Double(beta) * Double(c[i, j])
        out[i, j] = Float(Double(alpha) * sum + old)
      }
    }
    return out
  }

  private func assertClose(
    _ x: Matrix, _ y: Matrix, k: Int, _ message: String, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    XCTAssertEqual(x.rows, y.rows, message, file: file, line: line)
    XCTAssertEqual(x.cols, y.cols, message, file: file, line: line)
    // Float32 accumulation of k products of magnitude <= 1 (times |alpha| <= 2).
    let tolerance = Float(1e-5) * Float(max(k, 1)) + 1e-5
    var worst: Float = 0
    for (u, v) in zip(x.values, y.values) { worst = max(worst, abs(u - v)) }
    XCTAssertLessThanOrEqual(worst, tolerance, message, file: file, line: line)
  }

  // MARK: - Matrix API

  func testMultiply_RandomShapesAndTransposes_MatchesNaiveLoop() throws {
    var rng = SplitMix64(seed: 42)
    let shapes = [
      (1, 1, 1), (3, 5, 2), (7, 1, 9), (1, 8, 3), (17, 13, 31), (64, 33, 70), (5, 4, 0),
    ]
    for (m, n, k) in shapes {
      for ta in [false, true] {
        for tb in [false, true] {
          for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (-2, 0.25)] {
            let a = ta ? randomMatrix(k, m, &rng) : randomMatrix(m, k, &rng)
            let b = tb ? randomMatrix(n, k, &rng) : randomMatrix(k, n, &rng)
            let c0 = randomMatrix(m, n, &rng)
            var c = c0
            try GEMM.multiply(
              a, transposeA: ta, b, transposeB: tb, into: &c, alpha: alpha, beta: beta)
            let expected = naive(a, ta, b, tb, c0, alpha: alpha, beta: beta)
            assertClose(
              c, expected, k: k,
              "m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb) alpha=\(alpha) beta=\(beta)")
          }
        }
      }
    }
  }

  func testProduct_KnownSmallProduct_IsExact() throws {
    let a = try Matrix([[1, 2, 3], [4, 5, 6]])
    let b = try Matrix([[7, 8], [9, 10], [11, 12]])
    XCTAssertEqual(try GEMM.product(a, b), try Matrix([[58, 64], [139, 154]]))
    // a^T (3x2) times a (2x3), then a times a^T (2x2).
    XCTAssertEqual(
      try GEMM.product(a, transposeA: true, a),
      try Matrix([[17, 22, 27], [22, 29, 36], [27, 36, 45]]))
    XCTAssertEqual(try GEMM.product(a, a, transposeB: true), try Matrix([[14, 32], [32, 77]]))
  }

  func testMultiply_BetaZero_IgnoresNaNInOutput() throws {
    let a = try Matrix([[1, 2]])
    let b = try Matrix([[3], [4]])
    var c = try Matrix([[Float.nan]])
    try GEMM.multiply(a, b, into: &c)
    XCTAssertEqual(c.values, [11])
  }

  func testMultiply_EmptyInnerDimension_ScalesOutputByBeta() throws {
    let a = Matrix(rows: 2, cols: 0)
    let b = Matrix(rows: 0, cols: 3)
    var c = Matrix(rows: 2, cols: 3, repeating: 4)
    try GEMM.multiply(a, b, into: &c, beta: 0.5)
    XCTAssertEqual(c.values, [Float](repeating: 2, count: 6))
    try GEMM.multiply(a, b, into: &c, beta: 0)
    XCTAssertEqual(c.values, [Float](repeating: 0, count: 6))
    XCTAssertEqual(
      try GEMM.product(Matrix(rows: 0, cols: 4), Matrix(rows: 4, cols: 2)).shapeDescription,
      "(0, 2)")
  }

  func testMultiply_SameMatrixAsInputAndOutput_UsesOldValues() throws {
    var x = try Matrix([[1, 2], [3, 4]])
    try GEMM.multiply(x, x, into: &x)
    XCTAssertEqual(x, try Matrix([[7, 10], [15, 22]]))
  }

  // MARK: - Shape errors

  func testMultiply_InnerSizesDiffer_ThrowsNamingShapes() {
    let a = Matrix(rows: 2, cols: 3)
    let b = Matrix(rows: 4, cols: 5)
    XCTAssertThrowsError(try GEMM.product(a, b)) { error in
      let text = String(describing: error)
      XCTAssertTrue(text.contains("(2, 3)") && text.contains("(4, 5)"), text)
      XCTAssertTrue(text.contains("3 and 4"), text)
    }
    XCTAssertThrowsError(try GEMM.product(a, transposeA: true, b))
    XCTAssertNoThrow(try GEMM.product(a, transposeA: true, Matrix(rows: 2, cols: 5)))
  }

  func testMultiply_OutputWrongShape_ThrowsAndLeavesOutputUnchanged() {
    let a = Matrix(rows: 2, cols: 3, repeating: 1)
    let b = Matrix(rows: 3, cols: 4, repeating: 1)
    var c = Matrix(rows: 4, cols: 2, repeating: 9)
    XCTAssertThrowsError(try GEMM.multiply(a, b, into: &c)) { error in
      XCTAssertTrue(String(describing: error).contains("(4, 2)"))
    }
    XCTAssertEqual(c.values, [Float](repeating: 9, count: 8))
  }

  // MARK: - Pointer API

  func testSgemm_SubmatrixViewsWithLeadingDimensions_MatchNaiveLoop() throws {
    // Multiply 5x3 and 3x4 blocks that sit inside wider buffers, into a block of a wider C.
    var rng = SplitMix64(seed: 7)
    let (m, n, k) = (5, 4, 3)
    for ta in [false, true] {
      for tb in [false, true] {
        let bigA = randomMatrix(8, 9, &rng)
        let bigB = randomMatrix(8, 9, &rng)
        var bigC = randomMatrix(7, 11, &rng)
        let original = bigC
        // op(A) uses the top-left (m x k) or (k x m) block of bigA, likewise for B.
        let a = try Matrix(
          rows: ta ? k : m, cols: ta ? m : k,
          values: (0..<(ta ? k : m)).flatMap { r in
            (0..<(ta ? m : k)).map { bigA[r, $0] }
          })
        let b = try Matrix(
          rows: tb ? n : k, cols: tb ? k : n,
          values: (0..<(tb ? n : k)).flatMap { r in
            (0..<(tb ? k : n)).map { bigB[r, $0] }
          })
        let cBlock = try Matrix(
          rows: m, cols: n, values: (0..<m).flatMap { r in (0..<n).map { original[r + 1, $0 + 2] } }
        )
        bigA.values.withUnsafeBufferPointer { pa in
          bigB.values.withUnsafeBufferPointer { pb in
            bigC.values.withUnsafeMutableBufferPointer { pc in
              GEMM.sgemm(
                m: m, n: n, k: k, a: pa.baseAddress!, lda: 9, b: pb.baseAddress!, ldb: 9,
                c: pc.baseAddress! + 1 * 11 + 2, ldc: 11, alpha: 1.5, beta: -1, transA: ta,
                transB: tb)
            }
          }
        }
        let expected = naive(a, ta, b, tb, cBlock, alpha: 1.5, beta: -1)
        for r in 0..<7 {
          for c in 0..<11 {
            let inBlock = (1...m).contains(r) && (2..<(2 + n)).contains(c)
            if inBlock {
              XCTAssertEqual(
                bigC[r, c], expected[r - 1, c - 2], accuracy: 1e-5, "ta=\(ta) tb=\(tb) (\(r), \(c))"
              )
            } else {
              XCTAssertEqual(
                bigC[r, c], original[r, c], "outside the block (\(r), \(c)) must not change")
            }
          }
        }
      }
    }
  }

  // MARK: - Threads

  func testSetBLASThreads_ReportsNewCountAndKeepsResults() throws {
    let before = GEMM.blasThreads
    defer { GEMM.setBLASThreads(before) }
    var rng = SplitMix64(seed: 3)
    let a = randomMatrix(300, 200, &rng)
    let b = randomMatrix(200, 100, &rng)
    GEMM.setBLASThreads(1)
    XCTAssertEqual(GEMM.blasThreads, 1)
    let one = try GEMM.product(a, b)
    GEMM.setBLASThreads(2)
    let two = try GEMM.product(a, b)
    assertClose(one, two, k: 200, "1 vs 2 threads")
    assertClose(one, naive(a, false, b, false, one, alpha: 1, beta: 0), k: 200, "vs naive")
  }

  /// OpenBLAS's idle threads can be stopped between calls, repeatedly, and the next
  /// threaded GEMM (which starts them again) still gives the same product.
  func testStopIdleBLASThreads_LaterThreadedGEMMsGiveTheSameProduct() throws {
    let before = GEMM.blasThreads
    defer { GEMM.setBLASThreads(before) }
    GEMM.setBLASThreads(2)
    var rng = SplitMix64(seed: 4)
    let a = randomMatrix(400, 300, &rng)
    let b = randomMatrix(300, 200, &rng)
    let first = try GEMM.product(a, b)
    for _ in 0..<3 {
      GEMM.stopIdleBLASThreads()
      GEMM.stopIdleBLASThreads()
      let again = try GEMM.product(a, b)
      XCTAssertEqual(again.values, first.values)
    }
    assertClose(first, naive(a, false, b, false, first, alpha: 1, beta: 0), k: 300, "vs naive")
  }
}
