/// Nengo's `AdaptiveLIF`: a ``LIF`` whose input is reduced by an adaptation state `n` per
/// neuron (see ``AdaptiveLIFModel``).
///
/// Per step (Nengo `AdaptiveLIF.step`): the LIF step on `J - n`, then
/// `n += (dt / tau_n) (inc_n output - n)`, where `output` is `amplitude / dt` on a spike:
/// `n` decays to zero with time constant `tau_n` and jumps by about
/// `inc_n amplitude / tau_n` per spike. `n` starts at 0 and is probeable as `adaptation`.
/// The rate curve, gain and bias are LIFRate's (Nengo's, which ignore the adaptation).
public struct AdaptiveLIF: AdaptiveLIFModel {
  /// The LIF parameters.
  public var parameters: LIFParameters
  /// The adaptation time constant, in seconds.
  public var tauN: Double
  /// The adaptation increment (dimensionless current per unit of output, spikes of height
  /// `amplitude / dt`).
  public var incN: Double

  /// An adaptive LIF model (Nengo's defaults: tau_n 1 s, inc_n 0.01).
  public init(tauN: Double = 1, incN: Double = 0.01, _ parameters: LIFParameters = LIFParameters()) {
    self.tauN = tauN
    self.incN = incN
    self.parameters = parameters
  }

  public var name: String { "AdaptiveLIF" }
  public var isSpiking: Bool { true }
  public var hasVoltage: Bool { true }
  public var hasRefractoryTime: Bool { true }

  /// LIF's curve (the rate without adaptation, as Nengo's `rates`).
  public func rate(current j: Double) -> Double? { LIF(parameters).rate(current: j) }

  public static var nengoName: String { "AdaptiveLIF" }
  public static var parameterNames: [String] {
    ["tau_n", "inc_n", "tau_rc", "tau_ref", "min_voltage", "amplitude"]
  }
  public var parameterValues: [Double] {
    [tauN, incN, parameters.tauRC, parameters.tauRef, parameters.minVoltage, parameters.amplitude]
  }
}

extension NeuronType {
  /// Nengo's `AdaptiveLIF(tau_n, inc_n, tau_rc, tau_ref, min_voltage, amplitude)`, times
  /// in seconds.
  public static func adaptiveLIF(
    tauN: Double = 1, incN: Double = 0.01, _ parameters: LIFParameters = LIFParameters()
  ) -> NeuronType {
    .model(AdaptiveLIF(tauN: tauN, incN: incN, parameters))
  }
}
