import SNNKernels
import SNNModel

/// Builds a decoded connection's decoders and weights from its pre ensemble, exactly as
/// Nengo 4.1's `build_decoders` and `build_connection` do (`nengo/builder/connection.py`).
///
/// 1. Eval points: the pre ensemble's own (already scaled by its radius), or the
///    connection's ``evalPoints`` (drawn with ``nEvalPoints`` or Nengo's default count,
///    scaled by the radius when ``scaleEvalPoints``).
/// 2. Activities `A` (`m x n`, Hz): the pre neurons' rate curves at
///    `gain * (points · encodersᵀ / radius) + bias`.
/// 3. Targets `Y` (`m x size_mid`): the ``function`` at each point restricted to
///    ``preSlice`` (the identity gives the sliced points themselves).
/// 4. Decoders `D` (`n x size_mid`) from the ``solver``.
/// 5. Weights `T · Dᵀ` (`size_out x n`); with `weights: true` into a post ensemble,
///    `scaled_encoders[:, postSlice] · T · Dᵀ` (`n_post x n`), which Nengo folds this way
///    for every compositional solver (all of SwiftSNN's).
///
/// ``/SNNModel/Solver/noSolver(values:weights:)`` skips steps 1-3 (Nengo's `build_no_solver`).
///
/// ```swift
/// var builder = DecoderBuilder(connection: "a->b", pre: a)
/// builder.function = ConnectionFunction { x in [x[0] * x[0]] }
/// var rng = SplitMix64(seed: 1)
/// let built = try builder.build(using: &rng)   // built.weights: 1 x n
/// ```
public struct DecoderBuilder: Sendable {
  /// The connection's label, named in every error.
  public var connection: String
  /// The pre ensemble's built parameters.
  public var pre: EnsembleEncoding
  /// What the connection computes.
  public var function: ConnectionFunction = .identity
  /// The pre dimensions the function sees (Nengo's `pre_slice`); nil: all of them.
  public var preSlice: [Int]?
  /// The connection's own eval points; nil: the pre ensemble's.
  public var evalPoints: VectorDistribution?
  /// How many points to draw from ``evalPoints`` (Nengo's pre `n_eval_points`); nil:
  /// Nengo's default count for the pre ensemble.
  public var nEvalPoints: Int?
  /// Whether the connection's own eval points are multiplied by the pre radius.
  public var scaleEvalPoints = true
  /// `T`, `size_out x size_mid` (Nengo's layout); nil: the identity.
  public var transform: DoubleMatrix?
  /// How the decoders are found.
  public var solver: Solver = .default
  /// The post ensemble when the post object is an ensemble (its encoders fold into the
  /// weights with `weights: true`); nil for a node or an ensemble's neurons, where Nengo
  /// ignores `weights: true` and decodes.
  public var postEnsemble: EnsembleEncoding?
  /// The post dimensions the connection feeds (Nengo's `post_slice`); nil: all.
  public var postSlice: [Int]?

  /// A builder with Nengo's defaults (identity, the pre ensemble's eval points, no
  /// transform, LstsqL2).
  public init(connection: String, pre: EnsembleEncoding) {
    self.connection = connection
    self.pre = pre
  }

  /// Solves the decoders and forms the weights.
  /// - Parameter rng: draws the connection's own eval points (unused otherwise).
  /// - Throws: ``BuildError`` naming the connection: a bad pre or post ensemble, a slice
  ///   out of range, more than ``/SNNModel/VectorDistribution/maxValues`` activities, eval points of the wrong shape, a function whose output has the wrong
  ///   size or is not finite, function values with the wrong number of rows, a transform
  ///   of the wrong shape, all-zero activities, or a solver that fails.
  public func build<G: RandomNumberGenerator>(using rng: inout G) throws(BuildError) -> BuiltDecoders {
    try pre.validate()
    let preIndices = try indices(preSlice, size: pre.dimensions, name: "pre slice")
    let evalPoints: DoubleMatrix?
    let activities: DoubleMatrix?
    let targets: DoubleMatrix
    if case .noSolver = solver {
      (evalPoints, activities) = (nil, nil)
      targets = DoubleMatrix(unchecked: 0, try noSolverWidth(preIndices), [])
    } else {
      let points = try connectionEvalPoints(using: &rng)
      evalPoints = points
      activities = try pre.activities(at: points, connection: connection)
      targets = try self.targets(at: points, preIndices)
    }
    let solution = try solver.solve(
      activities: activities ?? DoubleMatrix(unchecked: 0, pre.nNeurons, []), targets: targets,
      connection: connection)
    let sizeMid = targets.cols
    let t = transform ?? DoubleMatrix(unchecked: sizeMid, sizeMid, identity(sizeMid))
    guard t.cols == sizeMid else {
      throw fail("transform \(t.shapeDescription) needs \(sizeMid) columns, one per function output")
    }
    guard t.values.allSatisfy(\.isFinite) else { throw fail("transform holds a non-finite value") }
    if solver.weights, let post = postEnsemble {
      try post.validate()
      let postIndices = try indices(postSlice, size: post.dimensions, name: "post slice")
      guard postIndices.count == t.rows else {
        throw fail("transform \(t.shapeDescription) gives \(t.rows) values for \(postIndices.count) post dimensions")
      }
      var sliced = [Double]()
      sliced.reserveCapacity(post.nNeurons * postIndices.count)
      for i in 0..<post.nNeurons { for k in postIndices { sliced.append(post.encoders[i, k]) } }
      let weights = try solution.fullWeights(
        transform: t, postEncoders: DoubleMatrix(unchecked: post.nNeurons, postIndices.count, sliced),
        postGains: post.gain, postRadius: post.radius, connection: connection)
      return BuiltDecoders(
        evalPoints: evalPoints, activities: activities, targets: activities == nil ? nil : targets,
        solution: solution, weights: weights, isFullWeights: true)
    }
    let d = solution.decoders
    let weights = LAPACK.product(
      t.values, rows: t.rows, cols: t.cols, d.values, rows: d.rows, cols: d.cols, transposeB: true)
    return BuiltDecoders(
      evalPoints: evalPoints, activities: activities, targets: activities == nil ? nil : targets,
      solution: solution, weights: DoubleMatrix(unchecked: t.rows, d.rows, weights), isFullWeights: false)
  }

  private func fail(_ problem: String) -> BuildError { BuildError(object: connection, problem) }

  /// The eval points this connection solves on (Nengo's `get_eval_points`).
  private func connectionEvalPoints<G: RandomNumberGenerator>(using rng: inout G) throws(BuildError) -> DoubleMatrix {
    let count: Int
    switch evalPoints {
    case nil: count = pre.evalPoints.rows
    case .samples(let given)?: count = given.rows
    default: count = nEvalPoints ?? EvalPoints.defaultCount(nNeurons: pre.nNeurons, dimensions: pre.dimensions)
    }
    let (size, overflow) = count.multipliedReportingOverflow(by: pre.nNeurons)
    guard !overflow, size <= VectorDistribution.maxValues else {
      throw fail(
        "\(count) eval points x \(pre.nNeurons) neurons is more than the \(VectorDistribution.maxValues) activities allowed"
      )
    }
    guard let distribution = evalPoints else { return pre.evalPoints }
    let points = try EvalPoints.generate(
      distribution, count: nEvalPoints, nNeurons: pre.nNeurons, dimensions: pre.dimensions, radius: pre.radius,
      scale: scaleEvalPoints, using: &rng, object: connection)
    guard points.rows > 0 else { throw fail("eval_points: no eval points to solve decoders on") }
    return points
  }

  /// `Y`: the function at every eval point (restricted to the pre slice).
  private func targets(at points: DoubleMatrix, _ preIndices: [Int]) throws(BuildError) -> DoubleMatrix {
    do { return try function.targets(at: points, preSlice: preIndices, object: connection) } catch {
      throw fail(error.problem)
    }
  }

  /// The function's output size without eval points (NoSolver).
  private func noSolverWidth(_ preIndices: [Int]) throws(BuildError) -> Int {
    switch function {
    case .identity: return preIndices.count
    case .values(let values): return values.cols
    case .closure(let f):
      let width = f([Double](repeating: 0, count: preIndices.count)).count
      guard width > 0 else { throw fail("function returned no values at the origin") }
      return width
    }
  }

  /// The indices of a slice (all of `0 ..< size` when nil), checked.
  private func indices(_ slice: [Int]?, size: Int, name: String) throws(BuildError) -> [Int] {
    guard let slice else { return Array(0..<size) }
    guard !slice.isEmpty else { throw fail("\(name) is empty") }
    if let bad = slice.first(where: { $0 < 0 || $0 >= size }) {
      throw fail("\(name) index \(bad) is outside 0..<\(size)")
    }
    return slice
  }

  private func identity(_ n: Int) -> [Double] {
    var values = [Double](repeating: 0, count: n * n)
    for i in 0..<n { values[i * n + i] = 1 }
    return values
  }
}
