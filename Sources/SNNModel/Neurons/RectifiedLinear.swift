/// Nengo's `RectifiedLinear`: `r(J) = amplitude max(J, 0)` (Hz).
public struct RectifiedLinear: NeuronModel {
  /// Scaling of the output.
  public var amplitude: Double

  /// A rectified linear model.
  public init(amplitude: Double = 1) { self.amplitude = amplitude }

  public var name: String { "RectifiedLinear" }
  public var isSpiking: Bool { false }
  public var threshold: Double { 0 }

  public func rate(current j: Double) -> Double? { amplitude * max(j, 0) }

  /// `gain = r / (1 - c)`, `bias = -c gain`.
  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError) -> (
    gain: Double, bias: Double
  ) {
    try NeuronChecks.intercept(intercept, object: object)
    let gain = maxRate / (1 - intercept)
    return (gain, -intercept * gain)
  }

  public func maxRateIntercept(gain: Double, bias: Double) -> (maxRate: Double, intercept: Double)? {
    let intercept = -bias / gain
    return (gain * (1 - intercept), intercept)
  }

  /// No bound of its own: the one-spike-per-step rate `1 / dt` (what its spiking
  /// wrappers reach).
  public func highestRate(dt: Double) -> Double { 1 / dt }

  public func validate(object: String) throws(ModelError) {
    try NeuronChecks.positive(amplitude, "amplitude", object: object)
  }

  public func withAmplitude(_ amplitude: Double) -> any NeuronModel { RectifiedLinear(amplitude: amplitude) }
}
