import Foundation

/// Nengo's `LIFRate`: the LIF's steady-state rate,
/// `r(J) = amplitude / (tau_ref + tau_rc log(1 + 1 / (J - 1)))` for `J > 1`, else 0 (Hz).
public struct LIFRate: NeuronModel {
  /// The parameters (`reset` has no effect on a rate).
  public var parameters: LIFParameters

  /// A LIFRate model.
  public init(_ parameters: LIFParameters = LIFParameters()) { self.parameters = parameters }

  public var name: String { "LIFRate" }
  public var isSpiking: Bool { false }
  public var amplitude: Double { parameters.amplitude }
  public var threshold: Double { 1 }

  public func rate(current j: Double) -> Double? {
    guard j > 1 else { return 0 }
    return parameters.amplitude / (parameters.tauRef + parameters.tauRC * Foundation.log1p(1 / (j - 1)))
  }

  /// `x1 = 1 / (1 - exp((tau_ref - 1/r) / tau_rc))` is J at input 1 for rate r; the
  /// threshold J = 1 sits at the intercept c: `gain = (1 - x1) / (c - 1)`,
  /// `bias = 1 - gain c`.
  /// - Throws: ``ModelError`` when `maxRate >= 1 / tau_ref` or the intercept is not below 1.
  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError) -> (
    gain: Double, bias: Double
  ) {
    let p = parameters
    try NeuronChecks.belowInverseRefractory(maxRate, tauRef: p.tauRef, object: object)
    try NeuronChecks.intercept(intercept, object: object)
    let x1 = 1 / (1 - Foundation.exp((p.tauRef - 1 / maxRate) / p.tauRC))
    let gain = (1 - x1) / (intercept - 1)
    return (gain, 1 - gain * intercept)
  }

  public func maxRateIntercept(gain: Double, bias: Double) -> (maxRate: Double, intercept: Double)? {
    let intercept = (1 - bias) / gain
    let maxRate = 1 / (parameters.tauRef - parameters.tauRC * Foundation.log1p(1 / (gain * (intercept - 1) - 1)))
    return (maxRate, intercept)
  }

  /// `1 / tau_ref`, and at most `1 / dt` (what the spiking LIF and its wrappers reach).
  public func highestRate(dt: Double) -> Double {
    parameters.tauRef > 0 ? min(1 / parameters.tauRef, 1 / dt) : 1 / dt
  }

  public func validate(object: String) throws(ModelError) { try parameters.validate(object: object) }

  public func withAmplitude(_ amplitude: Double) -> any NeuronModel {
    var p = parameters
    p.amplitude = amplitude
    return LIFRate(p)
  }
}
