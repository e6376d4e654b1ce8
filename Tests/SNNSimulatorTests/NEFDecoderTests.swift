import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// Decoder building (eval points, activities, targets, solvers, transforms, full weights)
/// against real Nengo 4.1 (`Fixtures/nengo-nef/`, made by `scripts/nengo_nef_fixtures.py`)
/// and closed forms.
final class NEFDecoderTests: XCTestCase {
  private static let fixtures = TestPaths.packageRoot.appendingPathComponent(
    "Tests/SNNSimulatorTests/Fixtures/nengo-nef")

  /// Issue 14's acceptance: decoders equal Nengo's to 1e-5 relative.
  private static let nengoTolerance = 1e-5

  private static let functions: [String: ConnectionFunction] = [
    "identity": .identity,
    "square": ConnectionFunction { x in x.map { $0 * $0 } },
    "product": ConnectionFunction { x in [x[0] * x[1]] },
    "zero": ConnectionFunction { x in x.map { 0 * $0 } },
  ]

  private func load(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
    return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  private func matrix(_ any: Any?) throws -> DoubleMatrix {
    let rows = try XCTUnwrap(any as? [[Any]]).map { try $0.map { try XCTUnwrap(($0 as? NSNumber)?.doubleValue) } }
    return try DoubleMatrix(rows)
  }

  private func vector(_ any: Any?) throws -> [Double] {
    try XCTUnwrap(any as? [Any]).map { try XCTUnwrap(($0 as? NSNumber)?.doubleValue) }
  }

  /// The fixture's ensemble as built by Nengo (default LIF parameters, checked).
  private func ensemble(_ any: Any?) throws -> EnsembleEncoding {
    let e = try XCTUnwrap(any as? [String: Any])
    let type = try XCTUnwrap(e["neuron_type"] as? [String: Any])
    XCTAssertEqual(type["type"] as? String, "LIF")
    let lif = LIF(
      LIFParameters(
        tauRC: try XCTUnwrap(type["tau_rc"] as? Double), tauRef: try XCTUnwrap(type["tau_ref"] as? Double),
        minVoltage: try XCTUnwrap(type["min_voltage"] as? Double),
        amplitude: try XCTUnwrap(type["amplitude"] as? Double)))
    return EnsembleEncoding(
      label: try XCTUnwrap(e["name"] as? String), neuronType: lif, encoders: try matrix(e["encoders"]),
      gain: try vector(e["gain"]), bias: try vector(e["bias"]), radius: try XCTUnwrap(e["radius"] as? Double),
      evalPoints: try matrix(e["eval_points"]))
  }

  private func solver(_ any: Any?) throws -> Solver {
    let s = try XCTUnwrap(any as? [String: Any])
    let weights = s["weights"] as? Bool ?? false
    switch s["type"] as? String {
    case "LstsqL2": return .lstsqL2(reg: try XCTUnwrap(s["reg"] as? Double), weights: weights)
    case "LstsqL2nz": return .lstsqL2nz(reg: try XCTUnwrap(s["reg"] as? Double), weights: weights)
    case "Lstsq": return .lstsq(rcond: try XCTUnwrap(s["rcond"] as? Double), weights: weights)
    case "NoSolver": return .noSolver(values: try matrix(s["values"]), weights: weights)
    default: throw XCTSkip("unknown solver \(s)")
    }
  }

  /// Asserts `actual` equals `expected` element by element to `relative` of the larger of
  /// the element's magnitude and 1e-3 times the largest magnitude in `expected` (so
  /// entries that are zero up to rounding compare); an all-zero `expected` must be met
  /// to 1e-300.
  private func assertClose(
    _ actual: DoubleMatrix?, _ expected: DoubleMatrix, relative: Double, _ context: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    guard let actual, actual.rows == expected.rows, actual.cols == expected.cols else {
      XCTFail(
        "\(context): shape \(actual?.shapeDescription ?? "nil"), expected \(expected.shapeDescription)", file: file,
        line: line)
      return
    }
    let floor = max((expected.values.map(abs).max() ?? 0) * 1e-3, 1e-300)
    var worst = (error: 0.0, index: 0)
    for (i, (a, e)) in zip(actual.values, expected.values).enumerated() {
      let error = abs(a - e) / max(abs(e), floor)
      if !(error <= worst.error) { worst = (error, i) }
    }
    XCTAssertLessThanOrEqual(
      worst.error, relative,
      "\(context): element \(worst.index) is \(actual.values[worst.index]), expected \(expected.values[worst.index])",
      file: file, line: line)
  }
}

// MARK: - Real Nengo 4.1

extension NEFDecoderTests {
  func testDecoders_EverySolver_MatchNengo() throws {
    for name in ["nef_decoders_1d.json", "nef_decoders_2d.json"] {
      let fixture = try load(name)
      let pre = try ensemble(fixture["ensemble"])
      let posts = try XCTUnwrap(fixture["post_ensembles"] as? [Any]).map(ensemble)
      let targets = try XCTUnwrap(fixture["targets"] as? [String: Any])
      let activities = try matrix(fixture["activities"])
      for case let solution as [String: Any] in try XCTUnwrap(fixture["solutions"] as? [Any]) {
        let function = try XCTUnwrap(solution["function"] as? String)
        let postName = try XCTUnwrap(solution["post"] as? String)
        var builder = DecoderBuilder(connection: "\(name) \(function) \(postName)", pre: pre)
        builder.function = try XCTUnwrap(Self.functions[function])
        builder.solver = try solver(solution["solver"])
        builder.postEnsemble = posts.first { $0.label == postName }
        let context = "\(name): \(function) with \(builder.solver) into \(postName)"
        var rng = SplitMix64(seed: 0)
        let built = try builder.build(using: &rng)
        XCTAssertEqual(built.isFullWeights, postName != "node", context)
        assertClose(built.weights, try matrix(solution["weights"]), relative: Self.nengoTolerance, context)
        if case .noSolver = builder.solver { continue }
        assertClose(built.activities, activities, relative: 1e-12, "\(context): activities")
        assertClose(built.targets, try matrix(targets[function]), relative: 1e-12, "\(context): targets")
        let info = try XCTUnwrap(solution["solver_info"] as? [String: Any])
        let rmses = try vector(info["rmses"])
        let got = try DoubleMatrix(rows: 1, cols: built.solution.rmses.count, values: built.solution.rmses)
        assertClose(
          got, try DoubleMatrix(rows: 1, cols: rmses.count, values: rmses), relative: Self.nengoTolerance,
          "\(context): rmses")
        if let rank = info["rank"] as? Int { XCTAssertEqual(built.solution.rank, rank, context) }
      }
    }
  }

  func testTraceFixtures_ConnectionAndProbeDecoders_MatchNengo() throws {
    var checked = 0
    for name in ["communication_channel", "squaring", "product", "integrator", "oscillator", "pes"] {
      let fixture = try load("nef_\(name).json")
      let ensembles = try XCTUnwrap(fixture["ensembles"] as? [Any]).map(ensemble)
      func pre(_ label: Any?) throws -> EnsembleEncoding {
        try XCTUnwrap(ensembles.first { $0.label == label as? String }, "no ensemble \(String(describing: label))")
      }
      for case let c as [String: Any] in try XCTUnwrap(fixture["connections"] as? [Any])
      where c["pre_kind"] as? String == "ensemble" {
        var builder = DecoderBuilder(connection: "\(name): \(c["name"] ?? "")", pre: try pre(c["pre"]))
        builder.function = try XCTUnwrap(Self.functions[try XCTUnwrap(c["function"] as? String)])
        builder.solver = try solver(c["solver"])
        let expected = try matrix(c["weights"])
        if let scale = (c["transform"] as? NSNumber)?.doubleValue {
          let n = expected.rows
          builder.transform = try DoubleMatrix(
            rows: n, cols: n, values: (0..<(n * n)).map { $0 % (n + 1) == 0 ? scale : 0 })
        } else {
          builder.transform = try matrix(c["transform"])
        }
        var rng = SplitMix64(seed: 0)
        let built = try builder.build(using: &rng)
        assertClose(built.targets, try matrix(c["targets"]), relative: 1e-9, "\(builder.connection): targets")
        assertClose(built.weights, expected, relative: Self.nengoTolerance, builder.connection)
        checked += 1
      }
      for case let p as [String: Any] in try XCTUnwrap(fixture["probes"] as? [Any])
      where p["attr"] as? String == "decoded_output" {
        var builder = DecoderBuilder(connection: "\(name): probe \(p["name"] ?? "")", pre: try pre(p["target"]))
        builder.solver = try solver(p["solver"])
        var rng = SplitMix64(seed: 0)
        assertClose(
          try builder.build(using: &rng).weights, try matrix(p["weights"]), relative: Self.nengoTolerance,
          builder.connection)
        checked += 1
      }
    }
    XCTAssertEqual(checked, 20)  // 9 decoded connections, 11 decoded probes
  }
}

// MARK: - Closed forms

extension NEFDecoderTests {
  /// Two rectified linear neurons with opposite encoders: rates max(x, 0) and max(-x, 0),
  /// so x = r0 - r1 exactly.
  private func opposingPair(radius: Double = 1, points: [Double] = [-1, -0.5, 0.25, 1]) throws -> EnsembleEncoding {
    EnsembleEncoding(
      label: "pair", neuronType: RectifiedLinear(), encoders: try DoubleMatrix([[1], [-1]]), gain: [1, 1],
      bias: [0, 0], radius: radius, evalPoints: try DoubleMatrix(points.map { [$0] }))
  }

  func testOpposingPair_IdentityDecoders_AreExact() throws {
    var builder = DecoderBuilder(connection: "pair->out", pre: try opposingPair())
    builder.solver = .lstsq(rcond: 1e-9)
    builder.transform = try DoubleMatrix([[2]])
    var rng = SplitMix64(seed: 0)
    let built = try builder.build(using: &rng)
    XCTAssertEqual(built.solution.decoders.values[0], 1, accuracy: 1e-12)
    XCTAssertEqual(built.solution.decoders.values[1], -1, accuracy: 1e-12)
    XCTAssertEqual(built.weights.values[0], 2, accuracy: 1e-12)  // T · Dᵀ
    XCTAssertEqual(built.weights.values[1], -2, accuracy: 1e-12)
    XCTAssertFalse(built.isFullWeights)
  }

  func testFullWeights_FoldPostEncodersGainsAndRadius() throws {
    var builder = DecoderBuilder(connection: "pair->post", pre: try opposingPair())
    builder.solver = .lstsq(rcond: 1e-9, weights: true)
    builder.transform = try DoubleMatrix([[2]])
    let post = EnsembleEncoding(
      label: "post", neuronType: LIF(), encoders: try DoubleMatrix([[1, 0], [0, -1]]), gain: [3, 4], bias: [1, 1],
      radius: 2, evalPoints: try DoubleMatrix([[0, 0]]))
    builder.postEnsemble = post
    builder.postSlice = [1]
    var rng = SplitMix64(seed: 0)
    let built = try builder.build(using: &rng)
    // W = (E[:, 1] * g / r) · T · Dᵀ = [[0], [-2]] · [[2, -2]].
    XCTAssertTrue(built.isFullWeights)
    for (got, want) in zip(built.weights.values, [0.0, 0, -4, 4]) { XCTAssertEqual(got, want, accuracy: 1e-12) }
    // Into a node (no post ensemble), weights: true decodes, as Nengo does.
    builder.postEnsemble = nil
    XCTAssertFalse(try builder.build(using: &rng).isFullWeights)
  }

  func testConnectionEvalPoints_ScaledByRadiusUnlessAskedNot() throws {
    var builder = DecoderBuilder(connection: "pair->out", pre: try opposingPair(radius: 2))
    builder.evalPoints = .samples(try DoubleMatrix([[0.5], [-0.25]]))
    var rng = SplitMix64(seed: 0)
    XCTAssertEqual(try builder.build(using: &rng).evalPoints?.values, [1, -0.5])
    builder.scaleEvalPoints = false
    let unscaled = try builder.build(using: &rng)
    XCTAssertEqual(unscaled.evalPoints?.values, [0.5, -0.25])
    // Activities see points / radius: the rates at 0.5 are max(0.25, 0), max(-0.25, 0).
    XCTAssertEqual(unscaled.activities?.values, [0.25, 0, 0, 0.125])
    XCTAssertEqual(unscaled.targets?.values, [0.5, -0.25])
  }

  func testDefaultEvalPoints_NengosCountAndDistribution() throws {
    XCTAssertEqual(EvalPoints.defaultCount(nNeurons: 100, dimensions: 1), 750)
    XCTAssertEqual(EvalPoints.defaultCount(nNeurons: 100, dimensions: 2), 1000)
    XCTAssertEqual(EvalPoints.defaultCount(nNeurons: 100, dimensions: 9), 2500)
    XCTAssertEqual(EvalPoints.defaultCount(nNeurons: 1500, dimensions: 1), 3000)
    var rng = SplitMix64(seed: 4)
    let points = try EvalPoints.generate(
      .defaultEvalPoints, count: nil, nNeurons: 50, dimensions: 2, radius: 1.5, scale: true, using: &rng, object: "a")
    XCTAssertEqual(points.rows, 1000)
    let radii = (0..<points.rows).map { (points[$0, 0] * points[$0, 0] + points[$0, 1] * points[$0, 1]).squareRoot() }
    XCTAssertLessThanOrEqual(radii.max() ?? 9, 1.5 + 1e-12)
    XCTAssertGreaterThan(radii.max() ?? 0, 1.45)
  }

  func testPreSlice_FunctionSeesSlicedValue() throws {
    let pre = EnsembleEncoding(
      label: "ab", neuronType: RectifiedLinear(), encoders: try DoubleMatrix([[1, 0], [0, 1], [-1, 0], [0, -1]]),
      gain: [1, 1, 1, 1], bias: [0, 0, 0, 0], radius: 1, evalPoints: try DoubleMatrix([[0.5, -1], [-0.5, 0.25]]))
    var builder = DecoderBuilder(connection: "ab[1]->c", pre: pre)
    builder.preSlice = [1]
    builder.function = ConnectionFunction { x in [3 * x[0]] }
    var rng = SplitMix64(seed: 0)
    XCTAssertEqual(try builder.build(using: &rng).targets?.values, [-3, 0.75])
  }
}

// MARK: - Bad input: one error naming the connection

extension NEFDecoderTests {
  private func assertBuildError(
    _ builder: DecoderBuilder, _ message: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    var rng = SplitMix64(seed: 0)
    XCTAssertThrowsError(try builder.build(using: &rng), file: file, line: line) {
      let e = $0 as? BuildError
      XCTAssertEqual(e?.object, builder.connection, file: file, line: line)
      XCTAssertTrue(e?.problem.contains(message) ?? false, "\(String(describing: e))", file: file, line: line)
    }
  }

  func testBadInput_NamesTheConnection() throws {
    let pre = try opposingPair()
    var b = DecoderBuilder(connection: "pair->b", pre: pre)
    b.function = ConnectionFunction { x in x[0] > 0 ? [x[0], 1] : [x[0]] }
    assertBuildError(b, "returned 2 values at eval point [0.25], 1 at the first one")
    b.function = ConnectionFunction { x in [x[0] > 0 ? .nan : 0] }
    assertBuildError(b, "returned nan at eval point [0.25]")
    b.function = ConnectionFunction { _ in [] }
    assertBuildError(b, "returned no values")
    b.function = .values(try DoubleMatrix([[1], [2]]))
    assertBuildError(b, "need 4 rows, one per eval point")
    b.function = .identity
    b.evalPoints = .samples(try DoubleMatrix([[1, 2]]))
    assertBuildError(b, "eval_points: points of shape (1, 2) need 1 columns")
    b.evalPoints = .uniformHypersphere()
    b.nEvalPoints = 60_000_000  // x 2 neurons: 1.2e8 activities
    assertBuildError(b, "activities allowed")
    b.evalPoints = nil
    b.nEvalPoints = nil
    b.transform = try DoubleMatrix([[1, 2]])
    assertBuildError(b, "transform (1, 2) needs 1 columns")
    b.transform = nil
    b.preSlice = [3]
    assertBuildError(b, "pre slice index 3 is outside 0..<1")
    b.preSlice = nil
    b.solver = .lstsqL2(reg: -1)
    assertBuildError(b, "LstsqL2")
  }

  func testSilentActivities_AndRatelessNeurons_AreErrors() throws {
    var silent = try opposingPair(points: [0, 0])
    silent.bias = [-1, -1]  // both neurons start firing only beyond |x| = 1
    assertBuildError(DecoderBuilder(connection: "silent->b", pre: silent), "zero")
    var subtracting = try opposingPair()
    subtracting.neuronType = LIF(LIFParameters(reset: .subtract))
    assertBuildError(DecoderBuilder(connection: "sub->b", pre: subtracting), "no rate curve")
  }
}

// MARK: - Values outside the radius (the forum's first question)

extension NEFDecoderTests {
  func testDecodedValue_FollowsInsideTheRadius_SaturatesOutside() throws {
    // A default 1-D LIF ensemble (100 neurons, radius 1, Nengo's default distributions).
    for seed: UInt64 in 0..<5 {
      let a = try EnsembleEncoding.build(label: "a", nNeurons: 100, dimensions: 1, seed: seed).encoding
      var rng = SplitMix64(seed: 0)
      let d = try DecoderBuilder(connection: "a->b", pre: a).build(using: &rng).solution.decoders
      let xs: [Double] = [-0.9, -0.5, 0, 0.5, 0.9, 1.5, 2, 4]
      let y = try a.decodedValues(at: try DoubleMatrix(xs.map { [$0] }), decoders: d, object: "a").values
      for i in 0..<5 { XCTAssertEqual(y[i], xs[i], accuracy: 0.02, "seed \(seed): inside the radius, x = \(xs[i])") }
      // Outside: the decoded value still grows, but far slower than x: at x = 2 it is
      // well short of 2 (1.21-1.23 for these seeds), and doubling x again adds less than
      // a tenth of what it asks (0.13-0.16).
      XCTAssertLessThan(y[6], 1.35, "seed \(seed): x = 2 decodes as \(y[6])")
      XCTAssertGreaterThan(y[6], y[4], "seed \(seed)")
      XCTAssertLessThan(y[7] - y[6], 0.2, "seed \(seed): x = 4 decodes as \(y[7]), x = 2 as \(y[6])")
    }
  }
}
