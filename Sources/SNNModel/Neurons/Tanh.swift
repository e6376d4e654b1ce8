import Foundation

/// Nengo's `Tanh`: a rate neuron whose response curve is a hyperbolic tangent,
/// `r(J) = (1 / tau_ref) tanh(J)` (Hz), between `-1 / tau_ref` and `1 / tau_ref`: negative
/// currents give negative rates.
///
/// Gain and bias (Nengo's `gain_bias`): with `inverse = atanh(maxRate tau_ref)`, the J that
/// gives `maxRate`, `gain = inverse / (1 - intercept)` and `bias = -gain intercept` (J = 0,
/// rate 0, at the intercept).
public struct Tanh: NeuronModel, NumericNeuronModel {
  /// The refractory period, in seconds: the rate tends to `1 / tau_ref` (Nengo's default
  /// 0.0025 s, 400 Hz).
  public var tauRef: Double

  /// A tanh model.
  public init(tauRef: Double = 0.0025) { self.tauRef = tauRef }

  public var name: String { "Tanh" }
  public var isSpiking: Bool { false }
  public var amplitude: Double { 1 }
  public var threshold: Double { 0 }

  public func rate(current j: Double) -> Double? { (1 / tauRef) * Foundation.tanh(j) }

  /// - Throws: ``ModelError`` when `maxRate` is not in `(0, 1 / tau_ref)` or the intercept
  ///   is not below 1.
  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError) -> (
    gain: Double, bias: Double
  ) {
    try NeuronChecks.belowInverseRefractory(maxRate, tauRef: tauRef, object: object)
    try NeuronChecks.intercept(intercept, object: object)
    let inverse = Foundation.atanh(maxRate * tauRef)
    let gain = inverse / (1 - intercept)
    return (gain, -gain * intercept)
  }

  public func maxRateIntercept(gain: Double, bias: Double) -> (maxRate: Double, intercept: Double)? {
    ((1 / tauRef) * Foundation.tanh(gain + bias), -bias / gain)
  }

  /// `1 / tau_ref`, and at most `1 / dt` for the spiking wrappers.
  public func highestRate(dt: Double) -> Double { min(1 / tauRef, 1 / dt) }

  public func validate(object: String) throws(ModelError) {
    try NeuronChecks.positive(tauRef, "tau_ref", object: object, unit: " s")
  }

  public func withAmplitude(_ amplitude: Double) -> any NeuronModel { self }

  public static var nengoName: String { "Tanh" }
  public static var parameterNames: [String] { ["tau_ref"] }
  public var parameterValues: [Double] { [tauRef] }

  public init(parameters values: [String: Double], object: String) throws(ModelError) {
    self.init(tauRef: values["tau_ref"] ?? 0.0025)
    try validate(object: object)
  }
}

extension NeuronType {
  /// Nengo's `Tanh(tau_ref)`, tau_ref in seconds.
  public static func tanh(tauRef: Double = 0.0025) -> NeuronType { .model(Tanh(tauRef: tauRef)) }
}
