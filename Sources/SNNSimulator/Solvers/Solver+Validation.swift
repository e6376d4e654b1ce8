import SNNCore
import SNNModel

extension Solver {
  /// The checks every solve starts with, in Nengo's order of concern: the solver's own
  /// parameters, the shapes, non-finite values, then an activity matrix with nothing to
  /// decode from.
  /// - Throws: ``BuildError`` about `object` saying what is wrong and where.
  func validate(activities: DoubleMatrix, targets: DoubleMatrix, object: String) throws(BuildError) {
    func fail(_ problem: String) -> BuildError { BuildError(object: object, problem) }

    switch self {
    case .lstsqL2(let reg, _), .lstsqL2nz(let reg, _):
      guard reg.isFinite, reg >= 0 else { throw fail("\(nengoDescription): reg must be finite and >= 0") }
    case .lstsq(let rcond, _):
      guard rcond.isFinite, rcond >= 0 else {
        throw fail("\(nengoDescription): rcond must be finite and >= 0")
      }
    case .noSolver: break
    }

    let (m, n, d) = (activities.rows, activities.cols, targets.cols)
    guard targets.rows == m else {
      throw fail(
        "activities \(activities.shapeDescription) and targets \(targets.shapeDescription) "
          + "must have one row per eval point: \(m) vs \(targets.rows)")
    }
    guard n >= 1 else { throw fail("activities \(activities.shapeDescription) have no neurons") }
    guard d >= 1 else { throw fail("targets \(targets.shapeDescription) have no dimensions") }
    guard max(m, n, d) <= Int(Int32.max) else {
      throw fail(
        "activities \(activities.shapeDescription) and targets \(targets.shapeDescription) "
          + "exceed LAPACK's 32-bit sizes")
    }

    if case .noSolver(let values?, _) = self {
      guard values.rows == n, values.cols == d else {
        throw fail(
          "NoSolver values are \(values.shapeDescription), but the connection needs "
            + "(\(n), \(d)): one row per pre neuron, one column per output dimension")
      }
      try checkFinite(values, "NoSolver values", fail)
    }
    try checkFinite(activities, "activities", fail)
    try checkFinite(targets, "targets", fail)

    if case .noSolver = self { return }
    guard m >= 1 else {
      throw fail("there are no eval points: activities are \(activities.shapeDescription)")
    }
    guard activities.values.contains(where: { $0 != 0 }) else {
      throw fail(
        "'activities' matrix is all zero: no eval points fall in the firing ranges of any neurons")
    }
  }

  /// Throws when `x` holds a NaN or an infinity, naming the first one's row and column.
  private func checkFinite(
    _ x: DoubleMatrix, _ what: String, _ fail: (String) -> BuildError
  ) throws(BuildError) {
    guard let first = x.values.firstIndex(where: { !$0.isFinite }) else { return }
    let count = x.values.count(where: { !$0.isFinite })
    throw fail(
      "\(what) hold \(count) non-finite value\(count == 1 ? "" : "s"), the first "
        + "\(x.values[first]) at row \(first / x.cols), column \(first % x.cols)")
  }
}
