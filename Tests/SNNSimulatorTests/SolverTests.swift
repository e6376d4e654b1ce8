import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// Decoder solvers against closed forms, hand-computed systems and real Nengo 4.1
/// (`Fixtures/nengo-solvers/`, made by `scripts/nengo_solver_fixtures.py`).
final class SolverTests: XCTestCase {
  private static let fixtures = TestPaths.packageRoot.appendingPathComponent(
    "Tests/SNNSimulatorTests/Fixtures/nengo-solvers")

  /// Issue 14's acceptance: decoders equal Nengo's to 1e-5 relative.
  private static let nengoTolerance = 1e-5

  /// Asserts `actual` equals `expected` element by element to `relative` of each
  /// element's magnitude, or of `floor` when that is larger (by default 1e-3 times the
  /// largest magnitude in `expected`, so that entries that are zero up to rounding
  /// compare).
  private func assertClose(
    _ actual: DoubleMatrix, _ expected: [[Double]], relative: Double, floor: Double? = nil, _ context: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    let rows = expected.count
    let cols = expected.first?.count ?? 0
    guard actual.rows == rows, actual.cols == cols else {
      XCTFail(
        "\(context): shape \(actual.shapeDescription), expected (\(rows), \(cols))", file: file, line: line)
      return
    }
    let scale = expected.joined().map(abs).max() ?? 0
    var worst = (error: 0.0, r: 0, c: 0)
    for r in 0..<rows {
      for c in 0..<cols {
        let e = expected[r][c]
        let error = abs(actual[r, c] - e) / max(abs(e), floor ?? scale * 1e-3, .leastNormalMagnitude)
        if error > worst.error { worst = (error, r, c) }
      }
    }
    XCTAssertLessThanOrEqual(
      worst.error, relative,
      "\(context): element (\(worst.r), \(worst.c)) is \(actual[worst.r, worst.c]), "
        + "expected \(expected[worst.r][worst.c])",
      file: file, line: line)
  }
}

// MARK: - Closed forms and hand-computed systems

extension SolverTests {
  func testLstsqL2_RegZero_SquareWellConditioned_ReproducesTargets() throws {
    // A is diagonally dominant (condition number ~4): with reg 0 the normal equations
    // have the exact solution D = A⁻¹ Y, so A D reproduces Y.
    let a = try DoubleMatrix([[4, 1, 0.5], [1, 3, 1], [0.5, 1, 2]])
    let y = try DoubleMatrix([[1, -2], [0.5, 3], [2, 0]])
    for solver in [Solver.lstsqL2(reg: 0), .lstsq(rcond: 0)] {
      let solution = try solver.solve(activities: a, targets: y)
      let fit = (0..<3).map { i in
        (0..<2).map { j in (0..<3).reduce(0.0) { $0 + a[i, $1] * solution.decoders[$1, j] } }
      }
      for i in 0..<3 {
        for j in 0..<2 { XCTAssertEqual(fit[i][j], y[i, j], accuracy: 1e-12, "\(solver)") }
      }
      for rmse in solution.rmses { XCTAssertEqual(rmse, 0, accuracy: 1e-12, "\(solver)") }
    }
  }

  func testLstsqL2_TwoByTwoRidge_MatchesHandComputed() throws {
    // sigma = 0.5 * max(A) = 1, lambda = m sigma² = 2:
    // (AᵀA + 2I) d = AᵀY is [[7, 1], [1, 3]] d = [4, 2], so d = [0.5, 0.5].
    let a = try DoubleMatrix([[2, 0], [1, 1]])
    let y = try DoubleMatrix([[1], [2]])
    let d = try Solver.lstsqL2(reg: 0.5).solve(activities: a, targets: y).decoders
    XCTAssertEqual(d[0, 0], 0.5, accuracy: 1e-14)
    XCTAssertEqual(d[1, 0], 0.5, accuracy: 1e-14)
  }

  func testLstsqL2_FewerEvalPointsThanNeurons_SolvesTransposedSystem() throws {
    // m = 1 < n = 3: sigma = 1, lambda = 1; (AAᵀ + 1) x = Y is 10 x = 3, D = Aᵀx.
    let a = try DoubleMatrix([[1, 2, 2]])
    let y = try DoubleMatrix([[3]])
    let d = try Solver.lstsqL2(reg: 0.5).solve(activities: a, targets: y).decoders
    for (got, want) in zip(d.values, [0.3, 0.6, 0.6]) { XCTAssertEqual(got, want, accuracy: 1e-15) }
  }

  func testLstsqL2nz_PerNeuronSigma_MatchesHandComputed() throws {
    // max|A| = 2, reg 0.5: neuron 0 is active at 2 of 2 points (sigma 1, m sigma² = 2),
    // neuron 1 at 1 of 2 (sigma sqrt(0.5), m sigma² = 1), neuron 2 never (it gets the
    // largest sigma, 1). [[7, 1, 0], [1, 2, 0], [0, 0, 2]] d = [4, 2, 0]:
    // d = [6/13, 10/13, 0].
    let a = try DoubleMatrix([[2, 0, 0], [1, 1, 0]])
    let y = try DoubleMatrix([[1], [2]])
    let d = try Solver.lstsqL2nz(reg: 0.5).solve(activities: a, targets: y).decoders
    for (got, want) in zip(d.values, [6.0 / 13, 10.0 / 13, 0]) { XCTAssertEqual(got, want, accuracy: 1e-15) }
  }

  func testLstsq_SmallSingularValue_IsDroppedBelowRcond() throws {
    // Singular values 10 and 0.05: rcond 0.01 drops 0.05 (<= 0.1), rcond 0.001 keeps it.
    let a = try DoubleMatrix([[10, 0], [0, 0.05]])
    let y = try DoubleMatrix([[1], [1]])
    let dropped = try Solver.lstsq().solve(activities: a, targets: y)
    XCTAssertEqual(dropped.rank, 1)
    for (got, want) in zip(dropped.singularValues ?? [], [10, 0.05]) {
      XCTAssertEqual(got, want, accuracy: 1e-15)
    }
    XCTAssertEqual(dropped.decoders[0, 0], 0.1, accuracy: 1e-15)
    XCTAssertEqual(dropped.decoders[1, 0], 0, accuracy: 1e-15)
    XCTAssertEqual(dropped.rmses[0], (0.5).squareRoot(), accuracy: 1e-15)  // misses Y[1] = 1
    let kept = try Solver.lstsq(rcond: 0.001).solve(activities: a, targets: y)
    XCTAssertEqual(kept.rank, 2)
    XCTAssertEqual(kept.decoders[1, 0], 20, accuracy: 1e-12)
  }

  func testNoSolver_ReturnsValuesOrZeros() throws {
    let a = try DoubleMatrix(rows: 0, cols: 2, values: [])
    let y = try DoubleMatrix(rows: 0, cols: 1, values: [])
    let values = try DoubleMatrix([[0.25], [-1]])
    XCTAssertEqual(try Solver.noSolver(values: values).solve(activities: a, targets: y).decoders, values)
    XCTAssertEqual(try Solver.noSolver().solve(activities: a, targets: y).decoders.values, [0, 0])
  }

  func testWeightsFlag_LeavesDecodersUnchanged() throws {
    let a = try DoubleMatrix([[2, 0], [1, 1], [0, 3]])
    let y = try DoubleMatrix([[1], [2], [-1]])
    for (plain, weighted) in [
      (Solver.lstsqL2(), Solver.lstsqL2(weights: true)), (.lstsqL2nz(), .lstsqL2nz(weights: true)),
      (.lstsq(), .lstsq(weights: true)),
    ] {
      XCTAssertFalse(plain.weights)
      XCTAssertTrue(weighted.weights)
      XCTAssertEqual(
        try plain.solve(activities: a, targets: y), try weighted.solve(activities: a, targets: y))
    }
    XCTAssertEqual(Solver.default, .lstsqL2(reg: 0.1, weights: false))
  }

  func testFullWeights_FoldsTransformEncodersGainsAndRadius() throws {
    // D = [1, 2]ᵀ, T = [[3]]; E = [1, -1]ᵀ scaled by gains [2, 4] / radius 2 = [1, -2]ᵀ:
    // W = E' T Dᵀ = [[3, 6], [-6, -12]].
    let solution = try Solver.noSolver(values: DoubleMatrix([[1], [2]])).solve(
      activities: DoubleMatrix(rows: 0, cols: 2, values: []),
      targets: DoubleMatrix(rows: 0, cols: 1, values: []))
    let w = try solution.fullWeights(
      transform: DoubleMatrix([[3]]), postEncoders: DoubleMatrix([[1], [-1]]), postGains: [2, 4],
      postRadius: 2)
    XCTAssertEqual(w, try DoubleMatrix([[3, 6], [-6, -12]]))
  }
}

// MARK: - Against real Nengo 4.1

extension SolverTests {
  private struct NeuronTypeFixture: Decodable {
    let type: String
    let tauRc: Double
    let tauRef: Double
    let amplitude: Double

    /// Nengo's LIFRate rate curve (`LIFRate.step` with dt = 1), in Hz.
    func rate(_ current: Double) -> Double {
      let j = current - 1
      return j > 0 ? amplitude / (tauRef + tauRc * log1p(1 / j)) : 0
    }
  }

  private struct SolveFixture: Decodable {
    let solver: String
    let reg: Double?
    let rcond: Double?
    let values: [[Double]]?
    let weights: Bool?
    let decoders: [[Double]]?
    let rmses: [Double]?
    let rank: Int?

    func make(weights: Bool = false) throws -> Solver {
      switch solver {
      case "LstsqL2": .lstsqL2(reg: reg ?? .nan, weights: weights)
      case "LstsqL2nz": .lstsqL2nz(reg: reg ?? .nan, weights: weights)
      case "Lstsq": .lstsq(rcond: rcond ?? .nan, weights: weights)
      case "NoSolver": .noSolver(values: try values.map { try DoubleMatrix($0) }, weights: weights)
      default: throw BuildError(object: solver, "unknown solver in fixture")
      }
    }

    var name: String { "\(solver)(\(reg.map { "reg=\($0)" } ?? rcond.map { "rcond=\($0)" } ?? ""))" }
  }

  private struct SolverFixture: Decodable {
    let name: String
    let neuronType: NeuronTypeFixture
    let function: String
    let gain: [Double]
    let bias: [Double]
    let encoders: [[Double]]
    let radius: Double
    let evalPoints: [[Double]]
    let activities: [[Double]]
    let targets: [[Double]]
    let solves: [SolveFixture]
  }

  private struct BuilderFixture: Decodable {
    struct Pre: Decodable {
      let neuronType: NeuronTypeFixture
      let gain: [Double]
      let bias: [Double]
      let encoders: [[Double]]
      let radius: Double
      let evalPoints: [[Double]]
    }
    struct Post: Decodable {
      let gain: [Double]
      let encoders: [[Double]]
      let radius: Double
    }
    struct Connection: Decodable {
      let label: String
      let function: String
      let transform: [[Double]]
      let postDimensions: [Int]
      let connectionEvalPoints: [[Double]]?
      let scaleEvalPoints: Bool?
      let evalPoints: [[Double]]?
      let nengoWeights: [[Double]]
    }
    let pre: Pre
    let post: Post
    let connections: [Connection]
    let solvers: [SolveFixture]

    init(from decoder: any Decoder) throws {
      struct Top: Decodable {
        let pre: Pre
        let post: Post
      }
      let top = try Top(from: decoder)
      (pre, post) = (top.pre, top.post)
      let container = try decoder.container(keyedBy: Keys.self)
      connections = try container.decode([Connection].self, forKey: .connections)
      solvers = try container.decode([SolveFixture].self, forKey: .connections)
    }
    private enum Keys: String, CodingKey { case connections }
  }

  private func load<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
    let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(T.self, from: data)
  }

  /// The functions the fixture script names (`FUNCTIONS` there).
  private func evaluate(_ function: String, _ x: [Double]) throws -> [Double] {
    switch function {
    case "identity": x
    case "square_and_identity": [x[0] * x[0], x[0]]
    case "product_and_square": [x[0] * x[1], x[1] * x[1]]
    case "cube": [x[0] * x[0] * x[0]]
    default: throw BuildError(object: function, "unknown function in fixture")
    }
  }

  /// Activities as Nengo's builder forms them (`get_activities`): rates at
  /// `x = points · encodersᵀ / radius`, current `gain * x + bias`.
  private func activities(
    _ type: NeuronTypeFixture, gain: [Double], bias: [Double], encoders: [[Double]], radius: Double,
    points: [[Double]]
  ) throws -> DoubleMatrix {
    let n = gain.count
    var values = [Double]()
    values.reserveCapacity(points.count * n)
    for p in points {
      for j in 0..<n {
        var x = 0.0
        for k in p.indices { x += p[k] * (encoders[j][k] / radius) }
        values.append(type.rate(gain[j] * x + bias[j]))
      }
    }
    return try DoubleMatrix(rows: points.count, cols: n, values: values)
  }

  func testNengoFixtures_ActivitiesAndTargets_FormedAsNengosBuilderFormsThem() throws {
    for file in ["solver_1d_tall.json", "solver_1d_wide.json", "solver_2d.json"] {
      let f = try load(SolverFixture.self, file)
      let a = try activities(
        f.neuronType, gain: f.gain, bias: f.bias, encoders: f.encoders, radius: f.radius, points: f.evalPoints
      )
      assertClose(a, f.activities, relative: 1e-12, "\(f.name) activities")
      let y = try DoubleMatrix(try f.evalPoints.map { try evaluate(f.function, $0) })
      assertClose(y, f.targets, relative: 1e-15, "\(f.name) targets")
    }
  }

  func testNengoFixtures_EverySolver_DecodersEqualNengos() throws {
    for file in ["solver_1d_tall.json", "solver_1d_wide.json", "solver_2d.json"] {
      let f = try load(SolverFixture.self, file)
      let a = try DoubleMatrix(f.activities)
      let y = try DoubleMatrix(f.targets)
      XCTAssertEqual(f.solves.count, 7, f.name)
      for s in f.solves {
        let solution = try s.make().solve(activities: a, targets: y, connection: f.name)
        assertClose(solution.decoders, s.decoders ?? [], relative: Self.nengoTolerance, "\(f.name) \(s.name)")
        if let rmses = s.rmses {
          // An exact fit's RMSE is rounding noise (~1e-16): compare it absolutely there.
          assertClose(
            try DoubleMatrix([solution.rmses]), [rmses], relative: Self.nengoTolerance, floor: 1e-9,
            "\(f.name) \(s.name) rmses")
        }
        XCTAssertEqual(solution.rank, s.rank, "\(f.name) \(s.name) rank")
      }
    }
  }

  func testNengoBuilder_WeightsAndDecoders_EqualNengosBuiltWeights() throws {
    let f = try load(BuilderFixture.self, "builder_weights.json")
    XCTAssertEqual(f.connections.count, 7)
    for (c, s) in zip(f.connections, f.solvers) {
      let solver = try s.make(weights: s.weights ?? false)
      // The eval points Nengo used: the ensemble's unit points scaled by its radius, or
      // the connection's own points as given when scale_eval_points is false.
      if let points = c.evalPoints {
        if let own = c.connectionEvalPoints {
          XCTAssertEqual(c.scaleEvalPoints, false)
          XCTAssertEqual(points, own, c.label)
        } else {
          XCTAssertEqual(points, f.pre.evalPoints.map { $0.map { $0 * f.pre.radius } }, c.label)
        }
      }
      let points = c.evalPoints ?? []
      let a = try activities(
        f.pre.neuronType, gain: f.pre.gain, bias: f.pre.bias, encoders: f.pre.encoders, radius: f.pre.radius,
        points: points)
      let d = try evaluate(c.function, [0]).count
      let y = try DoubleMatrix(
        rows: points.count, cols: d, values: points.flatMap { try evaluate(c.function, $0) })
      let solution = try solver.solve(activities: a, targets: y, connection: c.label)
      let transform = try DoubleMatrix(c.transform)
      let result: DoubleMatrix
      if solver.weights {
        let encoders = try DoubleMatrix(f.post.encoders.map { row in c.postDimensions.map { row[$0] } })
        result = try solution.fullWeights(
          transform: transform, postEncoders: encoders, postGains: f.post.gain, postRadius: f.post.radius,
          connection: c.label)
      } else {
        // Decoded: Nengo's weights are transform · decodersᵀ.
        result = try transposedProduct(transform, solution.decoders)
      }
      assertClose(result, c.nengoWeights, relative: Self.nengoTolerance, c.label)
    }
  }

  /// `t · dᵀ`.
  private func transposedProduct(_ t: DoubleMatrix, _ d: DoubleMatrix) throws -> DoubleMatrix {
    var values = [Double]()
    for i in 0..<t.rows {
      for j in 0..<d.rows { values.append((0..<t.cols).reduce(0.0) { $0 + t[i, $1] * d[j, $1] }) }
    }
    return try DoubleMatrix(rows: t.rows, cols: d.rows, values: values)
  }
}

// MARK: - Bad input: one clear error naming the connection

extension SolverTests {
  private func assertBuildError(
    _ message: String, _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
      guard let error = error as? BuildError else {
        return XCTFail("expected a BuildError, got \(error)", file: file, line: line)
      }
      XCTAssertEqual(error.object, "a->b", file: file, line: line)
      XCTAssertTrue(error.problem.contains(message), "\(error.problem)", file: file, line: line)
    }
  }

  func testSolve_BadInput_ThrowsErrorNamingTheConnection() throws {
    let a = try DoubleMatrix([[2, 0], [1, 1], [0, 3]])
    let y = try DoubleMatrix([[1], [2], [-1]])
    assertBuildError("must have one row per eval point: 3 vs 2") {
      _ = try Solver.default.solve(activities: a, targets: DoubleMatrix([[1], [2]]), connection: "a->b")
    }
    assertBuildError("activities hold 1 non-finite value, the first nan at row 1, column 0") {
      let bad = try DoubleMatrix([[2, 0], [.nan, 1], [0, 3]])
      _ = try Solver.default.solve(activities: bad, targets: y, connection: "a->b")
    }
    assertBuildError("targets hold 2 non-finite values, the first inf at row 0, column 0") {
      let bad = try DoubleMatrix([[.infinity], [2], [-.infinity]])
      _ = try Solver.lstsq().solve(activities: a, targets: bad, connection: "a->b")
    }
    assertBuildError("'activities' matrix is all zero") {
      let zero = try DoubleMatrix(rows: 3, cols: 2, values: [Double](repeating: 0, count: 6))
      _ = try Solver.lstsqL2nz().solve(activities: zero, targets: y, connection: "a->b")
    }
    assertBuildError("LstsqL2(reg=-0.1): reg must be finite and >= 0") {
      _ = try Solver.lstsqL2(reg: -0.1).solve(activities: a, targets: y, connection: "a->b")
    }
    assertBuildError("Lstsq(rcond=nan): rcond must be finite and >= 0") {
      _ = try Solver.lstsq(rcond: .nan).solve(activities: a, targets: y, connection: "a->b")
    }
    assertBuildError("NoSolver values are (1, 1), but the connection needs (2, 1)") {
      _ = try Solver.noSolver(values: DoubleMatrix([[1]])).solve(
        activities: a, targets: y, connection: "a->b")
    }
    assertBuildError("NoSolver values hold 1 non-finite value, the first nan at row 0, column 0") {
      let bad = try DoubleMatrix([[.nan], [1]])
      _ = try Solver.noSolver(values: bad).solve(activities: a, targets: y, connection: "a->b")
    }
    assertBuildError("there are no eval points") {
      let none = try DoubleMatrix(rows: 0, cols: 2, values: [])
      _ = try Solver.default.solve(
        activities: none, targets: DoubleMatrix(rows: 0, cols: 1, values: []), connection: "a->b")
    }
  }

  func testSolve_RegZeroOnRankDeficientActivities_ExplainsLAPACKFailure() throws {
    // Two identical neurons: AᵀA is singular and Cholesky fails at the second minor.
    let a = try DoubleMatrix([[1, 1], [2, 2], [3, 3]])
    let y = try DoubleMatrix([[1], [2], [3]])
    assertBuildError(
      "LstsqL2(reg=0.0) failed: the matrix is not positive definite (Cholesky failed at leading minor 2)"
    ) {
      _ = try Solver.lstsqL2(reg: 0).solve(activities: a, targets: y, connection: "a->b")
    }
    // The regularised and the SVD solvers handle it: equal decoders split the work.
    let d = try Solver.lstsq().solve(activities: a, targets: y).decoders
    XCTAssertEqual(d[0, 0], 0.5, accuracy: 1e-14)
    XCTAssertEqual(d[1, 0], 0.5, accuracy: 1e-14)
  }

  func testDoubleMatrix_RaggedOrMiscountedValues_ThrowShapeError() {
    XCTAssertThrowsError(try DoubleMatrix([[1, 2], [3]])) { error in
      XCTAssertEqual(
        error as? ShapeError, ShapeError("rows of a matrix must all have 2 elements, row 1 has 1"))
    }
    XCTAssertThrowsError(try DoubleMatrix(rows: 2, cols: 2, values: [1, 2, 3])) { error in
      XCTAssertEqual(error as? ShapeError, ShapeError("matrix of 2x2 needs 4 values, got 3"))
    }
    XCTAssertThrowsError(try DoubleMatrix(rows: Int.max, cols: 2, values: []))
  }

  func testFullWeights_BadShapes_ThrowErrorNamingTheConnection() throws {
    let solution = try Solver.noSolver(values: DoubleMatrix([[1, 0], [0, 1]])).solve(
      activities: DoubleMatrix(rows: 0, cols: 2, values: []),
      targets: DoubleMatrix(rows: 0, cols: 2, values: []))
    let encoders = try DoubleMatrix([[1, 0], [0, 1], [0.6, 0.8]])
    assertBuildError("transform (2, 3) needs 2 columns") {
      _ = try solution.fullWeights(
        transform: DoubleMatrix([[1, 0, 0], [0, 1, 0]]), postEncoders: encoders, postGains: [1, 1, 1],
        postRadius: 1,
        connection: "a->b")
    }
    assertBuildError("post encoders (3, 2) need 1 columns") {
      _ = try solution.fullWeights(
        transform: DoubleMatrix([[1, 1]]), postEncoders: encoders, postGains: [1, 1, 1], postRadius: 1,
        connection: "a->b")
    }
    assertBuildError("2 post gains for 3 post neurons") {
      _ = try solution.fullWeights(
        transform: DoubleMatrix([[1, 0], [0, 1]]), postEncoders: encoders, postGains: [1, 1], postRadius: 1,
        connection: "a->b")
    }
    assertBuildError("post radius must be finite and > 0, got 0.0") {
      _ = try solution.fullWeights(
        transform: DoubleMatrix([[1, 0], [0, 1]]), postEncoders: encoders, postGains: [1, 1, 1],
        postRadius: 0,
        connection: "a->b")
    }
  }
}

// MARK: - A Nengo-sized ensemble

extension SolverTests {
  /// A 1,000-neuron 1-D LIF ensemble with Nengo's default eval point count
  /// (`default_n_eval_points(1000, 1) = max(clip(500, 750, 2500), 2 * 1000) = 2000`),
  /// parameters spread over Nengo's default ranges; LstsqL2 decodes the identity well.
  ///
  /// Not a timing test: with `SWIFTSNN_SOLVER_BENCH=1` it prints how long the solve took
  /// (meaningful in a release build: `swift test -c release --filter ...`).
  func testLstsqL2_ThousandNeurons_DefaultEvalPoints_DecodesIdentity() throws {
    let n = 1000
    let m = max(min(max(500 * 1, 750), 2500), 2 * n)
    XCTAssertEqual(m, 2000)
    let lif = NeuronTypeFixture(type: "LIFRate", tauRc: 0.02, tauRef: 0.002, amplitude: 1)
    var gain = [Double]()
    var bias = [Double]()
    for j in 0..<n {
      // Golden-ratio sequences: max rates in [200, 400) Hz, intercepts in [-1, 0.9).
      let rate = 200 + 200 * (Double(j) * 0.618_033_988_749_895).truncatingRemainder(dividingBy: 1)
      let intercept = -1 + 1.9 * (Double(j) * 0.414_213_562_373_095).truncatingRemainder(dividingBy: 1)
      // LIF gain and bias from max rate and intercept (NENGO.md, "Gain and bias").
      let x1 = 1 / (1 - exp((lif.tauRef - 1 / rate) / lif.tauRc))
      let g = (1 - x1) / (intercept - 1)
      gain.append(g)
      bias.append(1 - g * intercept)
    }
    let encoders = (0..<n).map { [$0 % 2 == 0 ? 1.0 : -1.0] }
    let points = (0..<m).map { [-1 + 2 * Double($0) / Double(m - 1)] }
    let a = try activities(lif, gain: gain, bias: bias, encoders: encoders, radius: 1, points: points)
    let y = try DoubleMatrix(points)

    let start = ContinuousClock.now
    let solution = try Solver.default.solve(activities: a, targets: y, connection: "ens->out")
    let elapsed = ContinuousClock.now - start
    if ProcessInfo.processInfo.environment["SWIFTSNN_SOLVER_BENCH"] == "1" {
      print("LstsqL2, \(m) eval points x \(n) neurons, 1-D: \(elapsed)")
    }
    XCTAssertEqual(solution.decoders.rows, n)
    XCTAssertTrue(solution.decoders.values.allSatisfy(\.isFinite))
    // reg 0.1 costs accuracy on purpose (noise robustness); the static fit is still good.
    XCTAssertLessThan(solution.rmses[0], 0.01)
  }
}
