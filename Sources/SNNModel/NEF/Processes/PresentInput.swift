/// Nengo 4.1's `PresentInput`: each row of `inputs` in turn, each for `presentationTime`
/// seconds, starting again after the last.
///
/// At time `t` the row shown is `floor((t - dt) / presentationTime + 1e-7) mod rows`
/// (Nengo's formula, with its small tolerance so that a presentation time that is a
/// multiple of `dt` switches exactly every `presentationTime / dt` steps).
public struct PresentInput: Sendable, Hashable {
  /// The inputs, one per row (each row one output vector).
  public var inputs: DoubleMatrix
  /// How long each input is shown, in seconds (> 0).
  public var presentationTime: Double

  /// Shows each row of `inputs` for `presentationTime` seconds.
  public init(inputs: DoubleMatrix, presentationTime: Double) {
    self.inputs = inputs
    self.presentationTime = presentationTime
  }

  func validate(object: String) throws(ModelError) {
    guard presentationTime > 0, presentationTime.isFinite else {
      throw ModelError(
        object: object, attribute: "presentation_time", "must be finite and > 0, got \(presentationTime)")
    }
    guard inputs.rows > 0, inputs.cols > 0 else {
      throw ModelError(
        object: object, attribute: "inputs", "needs at least one non-empty input, got \(inputs.shapeDescription)")
    }
    guard inputs.values.allSatisfy(\.isFinite) else {
      throw ModelError(object: object, attribute: "inputs", "holds a non-finite value")
    }
  }

  func output(t: Double, dt: Double) -> [Double] {
    let i = Int(((t - dt) / presentationTime + 1e-7).rounded(.towardZero)) % inputs.rows
    return Array(inputs.values[(i * inputs.cols)..<((i + 1) * inputs.cols)])
  }
}
