import SNNModel

/// ``/SNNModel/Solver/noSolver(values:weights:)``: Nengo's `NoSolver` (`nengo/solvers.py`).
enum NoSolver {
  /// The given decoders (their shape already checked against `neurons x dimensions`), or
  /// zeros of that shape.
  static func decoders(_ values: DoubleMatrix?, neurons: Int, dimensions: Int) -> [Double] {
    values?.values ?? [Double](repeating: 0, count: neurons * dimensions)
  }
}
