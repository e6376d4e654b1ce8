/// Nengo's `AdaptiveLIFRate`: a ``LIFRate`` whose input is reduced by an adaptation state
/// `n` per neuron (see ``AdaptiveLIFModel``).
///
/// Per step (Nengo `AdaptiveLIFRate.step`): `output = LIFRate(J - n)`, then
/// `n += (dt / tau_n) (inc_n output - n)`: `n` decays to zero with time constant `tau_n`
/// and grows by `inc_n` times the rate. `n` starts at 0 and is probeable as `adaptation`.
/// The rate curve, gain and bias are LIFRate's (Nengo's, which ignore the adaptation).
public struct AdaptiveLIFRate: AdaptiveLIFModel {
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

  /// LIFRate's curve (the rate without adaptation, as Nengo's `rates`).
  public func rate(current j: Double) -> Double? { LIFRate(parameters).rate(current: j) }

  public static var nengoName: String { "AdaptiveLIFRate" }
  public static var parameterNames: [String] { ["tau_n", "inc_n", "tau_rc", "tau_ref", "amplitude"] }
  public var parameterValues: [Double] { [tauN, incN, parameters.tauRC, parameters.tauRef, parameters.amplitude] }
}

extension NeuronType {
  /// Nengo's `AdaptiveLIFRate(tau_n, inc_n, tau_rc, tau_ref, amplitude)`, times in seconds.
  public static func adaptiveLIFRate(
    tauN: Double = 1, incN: Double = 0.01, _ parameters: LIFParameters = LIFParameters()
  ) -> NeuronType {
    .model(AdaptiveLIFRate(tauN: tauN, incN: incN, parameters))
  }
}
