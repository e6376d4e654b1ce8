import Foundation

/// Nengo's `AdaptiveLIFRate`: a ``LIFRate`` whose input is reduced by an adaptation state
/// `n` per neuron (La Camera et al. 2004, Neural Computation 16(10)).
///
/// Per step (Nengo `AdaptiveLIFRate.step`): `output = LIFRate(J - n)`, then
/// `n += (dt / tau_n) (inc_n output - n)`: `n` decays to zero with time constant `tau_n`
/// and grows by `inc_n` times the rate. `n` starts at 0 and is probeable as `adaptation`.
/// The rate curve, gain and bias are LIFRate's (Nengo's, which ignore the adaptation).
public struct AdaptiveLIFRate: NeuronModel, NumericNeuronModel {
  /// The LIF parameters (`min_voltage` and `reset` have no effect on a rate).
  public var parameters: LIFParameters
  /// The adaptation time constant, in seconds.
  public var tauN: Double
  /// The adaptation increment per unit of output (dimensionless current per Hz).
  public var incN: Double

  /// An adaptive LIF rate model (Nengo's defaults: tau_n 1 s, inc_n 0.01).
  public init(tauN: Double = 1, incN: Double = 0.01, _ parameters: LIFParameters = LIFParameters()) {
    self.tauN = tauN
    self.incN = incN
    self.parameters = parameters
  }

  public var name: String { "AdaptiveLIFRate" }
  public var isSpiking: Bool { false }
  public var amplitude: Double { parameters.amplitude }
  public var auxiliaryState: String? { "adaptation" }
  public var threshold: Double { 1 }

  /// LIFRate's curve (the rate without adaptation, as Nengo's `rates`).
  public func rate(current j: Double) -> Double? { LIFRate(parameters).rate(current: j) }

  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError) -> (
    gain: Double, bias: Double
  ) {
    try LIFRate(parameters).gainBias(maxRate: maxRate, intercept: intercept, object: object)
  }

  public func maxRateIntercept(gain: Double, bias: Double) -> (maxRate: Double, intercept: Double)? {
    LIFRate(parameters).maxRateIntercept(gain: gain, bias: bias)
  }

  public func highestRate(dt: Double) -> Double { LIFRate(parameters).highestRate(dt: dt) }

  public func validate(object: String) throws(ModelError) {
    try parameters.validate(object: object)
    try NeuronChecks.adaptation(tauN: tauN, incN: incN, object: object)
  }

  public func withAmplitude(_ amplitude: Double) -> any NeuronModel {
    var copy = self
    copy.parameters.amplitude = amplitude
    return copy
  }

  public static var nengoName: String { "AdaptiveLIFRate" }
  public static var parameterNames: [String] { ["tau_n", "inc_n", "tau_rc", "tau_ref", "amplitude"] }
  public var parameterValues: [Double] { [tauN, incN, parameters.tauRC, parameters.tauRef, parameters.amplitude] }

  public init(parameters values: [String: Double], object: String) throws(ModelError) {
    let d = LIFParameters()
    self.init(
      tauN: values["tau_n"] ?? 1, incN: values["inc_n"] ?? 0.01,
      LIFParameters(
        tauRC: values["tau_rc"] ?? d.tauRC, tauRef: values["tau_ref"] ?? d.tauRef,
        amplitude: values["amplitude"] ?? d.amplitude))
    try validate(object: object)
  }
}

extension NeuronChecks {
  /// Nengo's ranges for the adaptation parameters: `tau_n > 0`, `inc_n >= 0`.
  static func adaptation(tauN: Double, incN: Double, object: String) throws(ModelError) {
    try positive(tauN, "tau_n", object: object, unit: " s")
    guard incN >= 0, incN.isFinite else {
      throw ModelError(object: object, attribute: "inc_n", "must be >= 0 and finite, got \(incN)")
    }
  }
}

extension NeuronType {
  /// Nengo's `AdaptiveLIFRate(tau_n, inc_n, tau_rc, tau_ref, amplitude)`, times in seconds.
  public static func adaptiveLIFRate(
    tauN: Double = 1, incN: Double = 0.01, _ parameters: LIFParameters = LIFParameters()
  ) -> NeuronType {
    .model(AdaptiveLIFRate(tauN: tauN, incN: incN, parameters))
  }
}
