import Foundation

/// Nengo's `Sigmoid`: a rate neuron whose response curve is a logistic sigmoid,
/// `r(J) = (1 / tau_ref) / (1 + exp(-J))` (Hz), between 0 and `1 / tau_ref`.
///
/// The curve is positive everywhere: an intercept is the inflection point, where the rate
/// is half its maximum (J = 0). Gain and bias (Nengo's `gain_bias`): with
/// `inverse = -log((1 / tau_ref) / maxRate - 1)`, the J that gives `maxRate`,
/// `gain = inverse / (1 - intercept)` and `bias = inverse - gain`.
public struct Sigmoid: NeuronModel, NumericNeuronModel {
  /// The refractory period, in seconds: the rate tends to `1 / tau_ref` (Nengo's default
  /// 0.0025 s, 400 Hz).
  public var tauRef: Double

  /// A sigmoid model.
  public init(tauRef: Double = 0.0025) { self.tauRef = tauRef }

  public var name: String { "Sigmoid" }
  public var isSpiking: Bool { false }
  public var amplitude: Double { 1 }
  /// The current at the intercept, the inflection point (the curve never reaches 0).
  public var threshold: Double { 0 }

  public func rate(current j: Double) -> Double? { (1 / tauRef) / (1 + Foundation.exp(-j)) }

  /// - Throws: ``ModelError`` when `maxRate` is not in `(0, 1 / tau_ref)` or the intercept
  ///   is not below 1.
  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError) -> (
    gain: Double, bias: Double
  ) {
    try NeuronChecks.belowInverseRefractory(maxRate, tauRef: tauRef, object: object)
    try NeuronChecks.intercept(intercept, object: object)
    let inverse = -Foundation.log((1 / tauRef) / maxRate - 1)
    let gain = inverse / (1 - intercept)
    return (gain, inverse - gain)
  }

  public func maxRateIntercept(gain: Double, bias: Double) -> (maxRate: Double, intercept: Double)? {
    let inverse = gain + bias
    return ((1 / tauRef) / (1 + Foundation.exp(-inverse)), 1 - inverse / gain)
  }

  /// `1 / tau_ref`, and at most `1 / dt` for the spiking wrappers.
  public func highestRate(dt: Double) -> Double { min(1 / tauRef, 1 / dt) }

  public func validate(object: String) throws(ModelError) {
    try NeuronChecks.positive(tauRef, "tau_ref", object: object, unit: " s")
  }

  public func withAmplitude(_ amplitude: Double) -> any NeuronModel { self }

  public static var nengoName: String { "Sigmoid" }
  public static var parameterNames: [String] { ["tau_ref"] }
  public var parameterValues: [Double] { [tauRef] }

  public init(parameters values: [String: Double], object: String) throws(ModelError) {
    self.init(tauRef: values["tau_ref"] ?? 0.0025)
    try validate(object: object)
  }
}

extension NeuronType {
  /// Nengo's `Sigmoid(tau_ref)`, tau_ref in seconds.
  public static func sigmoid(tauRef: Double = 0.0025) -> NeuronType { .model(Sigmoid(tauRef: tauRef)) }
}
