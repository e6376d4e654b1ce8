/// Nengo's `PoissonSpiking`: each step a neuron emits `k ~ Poisson(rate(J) dt)` spikes of
/// height `amplitude / dt`, at the rate of its base (a rate type).
/// Gain, bias and limits are the base's; the mean output is the base's rate times `amplitude`.
public struct PoissonSpiking: NeuronModel {
  /// The rate type whose rate the spikes follow.
  public var base: any NeuronModel
  /// Scaling of the output (a spike's integral).
  public var amplitude: Double

  /// A PoissonSpiking wrapper around `base`.
  public init(base: any NeuronModel, amplitude: Double = 1) {
    self.base = base
    self.amplitude = amplitude
  }

  public var name: String { "PoissonSpiking(\(base.name))" }
  public var isSpiking: Bool { true }
  public var hasRateOut: Bool { true }
  public var threshold: Double { base.threshold }

  public func rate(current j: Double) -> Double? { base.rate(current: j).map { $0 * amplitude } }

  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError) -> (
    gain: Double, bias: Double
  ) {
    try base.gainBias(maxRate: maxRate, intercept: intercept, object: object)
  }

  public func maxRateIntercept(gain: Double, bias: Double) -> (maxRate: Double, intercept: Double)? {
    base.maxRateIntercept(gain: gain, bias: bias)
  }

  public func highestRate(dt: Double) -> Double { base.highestRate(dt: dt) }

  public func validate(object: String) throws(ModelError) {
    try NeuronChecks.positive(amplitude, "amplitude", object: object)
    guard !base.isSpiking else {
      throw ModelError(
        object: object, attribute: "neuron_type", "the base of \(name) must be a rate type, not \(base.name)")
    }
    try base.validate(object: object)
  }

  public func withAmplitude(_ amplitude: Double) -> any NeuronModel { PoissonSpiking(base: base, amplitude: amplitude) }

  public static func == (a: PoissonSpiking, b: PoissonSpiking) -> Bool {
    a.amplitude == b.amplitude && a.base.isEqual(to: b.base)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(amplitude)
    base.hash(into: &hasher)
  }
}
