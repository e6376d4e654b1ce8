import SNNKernels
import SNNModel

extension EnsembleEncoding {
  /// The steady-state decoded value at each of `points` (`m x d`, in the ensemble's units):
  /// `A(points) · D`, the neurons' rates there times the decoders (`n x d_out`).
  ///
  /// What a decoded connection delivers, filtered, when its pre ensemble holds a constant
  /// value: inside the radius close to the function, beyond it a saturating curve (the
  /// rates of the neurons tuned to that direction rise only slowly, and no neuron is
  /// tuned to values the eval points never reached). This is how far a value outside the
  /// radius can be represented.
  /// - Returns: `m x d_out`.
  /// - Throws: ``BuildError`` naming `object` when the shapes disagree or the neuron type
  ///   has no rate curve.
  public func decodedValues(at points: DoubleMatrix, decoders: DoubleMatrix, object: String) throws(BuildError)
    -> DoubleMatrix
  {
    guard points.cols == dimensions else {
      throw BuildError(
        object: object, "points \(points.shapeDescription) need \(dimensions) columns, one per dimension")
    }
    guard decoders.rows == nNeurons else {
      throw BuildError(object: object, "decoders \(decoders.shapeDescription) need \(nNeurons) rows, one per neuron")
    }
    let a = try activities(at: points, connection: object)
    let values = LAPACK.product(
      a.values, rows: a.rows, cols: a.cols, decoders.values, rows: decoders.rows, cols: decoders.cols)
    return DoubleMatrix(unchecked: points.rows, decoders.cols, values)
  }
}
