/// A spiking type that turns a rate type's rate into spikes (Nengo's
/// `RatesToSpikesNeuronType`): ``PoissonSpiking``, ``RegularSpiking`` and ``StochasticSpiking``. Gain, bias,
/// threshold and limits are the base's; the rate is the base's times `amplitude` (the
/// integral of one spike, dimensionless), and its spikes have height `amplitude / dt`.
public protocol RatesToSpikes: NeuronModel {
  /// The rate type whose rate the spikes follow.
  var base: any NeuronModel { get }
  /// Scaling of the output (a spike's integral).
  var amplitude: Double { get }
  /// Nengo's class name, e.g. `PoissonSpiking`.
  static var wrapperName: String { get }
  /// A wrapper of this kind around `base`.
  init(base: any NeuronModel, amplitude: Double)
}

extension RatesToSpikes {
  public var name: String { "\(Self.wrapperName)(\(base.name))" }
  public var isSpiking: Bool { true }
  public var hasRateOut: Bool { true }
  public var threshold: Double { base.threshold }

  public func rate(current j: Double) -> Double? { base.rate(current: j).map { $0 * amplitude } }

  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError) -> (
    gain: Double, bias: Double
  ) {
    try base.gainBias(maxRate: maxRate, intercept: intercept, object: object)
  }

  public func gainBias(maxRates: [Double], intercepts: [Double], object: String) throws(ModelError) -> (
    gain: [Double], bias: [Double]
  ) {
    try base.gainBias(maxRates: maxRates, intercepts: intercepts, object: object)
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

  public func withAmplitude(_ amplitude: Double) -> any NeuronModel { Self(base: base, amplitude: amplitude) }

  public static func == (a: Self, b: Self) -> Bool { a.amplitude == b.amplitude && a.base.isEqual(to: b.base) }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(amplitude)
    base.hash(into: &hasher)
  }
}
