/// Nengo's `SpikingRectifiedLinear`: integrate-and-fire with reset by subtraction,
/// `v += max(J, 0) dt; k = floor(v); output = k amplitude / dt; v -= k` (several spikes per
/// step possible). Its rate is ``RectifiedLinear``'s.
public struct SpikingRectifiedLinear: NeuronModel {
  /// Scaling of the output (a spike's integral).
  public var amplitude: Double

  /// A spiking rectified linear model.
  public init(amplitude: Double = 1) { self.amplitude = amplitude }

  public var name: String { "SpikingRectifiedLinear" }
  public var isSpiking: Bool { true }
  public var hasVoltage: Bool { true }
  public var threshold: Double { 0 }

  private var rateType: RectifiedLinear { RectifiedLinear(amplitude: amplitude) }

  public func rate(current j: Double) -> Double? { rateType.rate(current: j) }

  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError) -> (
    gain: Double, bias: Double
  ) {
    try rateType.gainBias(maxRate: maxRate, intercept: intercept, object: object)
  }

  public func maxRateIntercept(gain: Double, bias: Double) -> (maxRate: Double, intercept: Double)? {
    rateType.maxRateIntercept(gain: gain, bias: bias)
  }

  public func highestRate(dt: Double) -> Double { 1 / dt }

  public func validate(object: String) throws(ModelError) { try rateType.validate(object: object) }

  public func withAmplitude(_ amplitude: Double) -> any NeuronModel { SpikingRectifiedLinear(amplitude: amplitude) }
}
