import Foundation

/// The neuron models SwiftSNN simulates, with Nengo's exact step functions and parameters.
///
/// Every spiking type outputs spikes of height `amplitude / dt` (so a spike integrates to
/// `amplitude`); rate types output a rate in Hz times `amplitude`.
public indirect enum NeuronType: Sendable, Equatable, Hashable {
  /// Leaky integrate-and-fire (Nengo `LIF`): threshold 1, reset to 0 (or by subtraction,
  /// see ``LIFParameters/reset``), refractory period.
  case lif(LIFParameters)
  /// The LIF's steady-state rate (Nengo `LIFRate`), in Hz times amplitude.
  case lifRate(LIFParameters)
  /// `amplitude * max(J, 0)` (Nengo `RectifiedLinear`).
  case rectifiedLinear(amplitude: Double = 1)
  /// Integrate-and-fire with reset by subtraction (Nengo `SpikingRectifiedLinear`).
  case spikingRectifiedLinear(amplitude: Double = 1)
  /// Poisson spike counts at the base type's rate (Nengo `PoissonSpiking`).
  case poissonSpiking(base: NeuronType, amplitude: Double = 1)
  /// Regular spikes at the base type's rate (Nengo `RegularSpiking`).
  case regularSpiking(base: NeuronType, amplitude: Double = 1)

  /// The default LIF: tau_rc 0.02 s, tau_ref 0.002 s.
  public static var lif: NeuronType { .lif(LIFParameters()) }
  /// The default LIF rate type.
  public static var lifRate: NeuronType { .lifRate(LIFParameters()) }

  /// Whether the output is spikes (heights `amplitude / dt`) rather than rates.
  public var isSpiking: Bool {
    switch self {
    case .lif, .spikingRectifiedLinear, .poissonSpiking, .regularSpiking: return true
    case .lifRate, .rectifiedLinear: return false
    }
  }

  /// Nengo's class name, for messages and files.
  public var name: String {
    switch self {
    case .lif: return "LIF"
    case .lifRate: return "LIFRate"
    case .rectifiedLinear: return "RectifiedLinear"
    case .spikingRectifiedLinear: return "SpikingRectifiedLinear"
    case .poissonSpiking(let base, _): return "PoissonSpiking(\(base.name))"
    case .regularSpiking(let base, _): return "RegularSpiking(\(base.name))"
    }
  }

  /// The type whose gain/bias rule and rate curve apply (the base of a rates-to-spikes type).
  public var rateType: NeuronType {
    switch self {
    case .poissonSpiking(let base, _), .regularSpiking(let base, _): return base.rateType
    case .lif(let p): return .lifRate(p)
    case .spikingRectifiedLinear(let a): return .rectifiedLinear(amplitude: a)
    default: return self
    }
  }

  /// Gain and bias that give firing rate `maxRate` (Hz) at input 1 and threshold at
  /// `intercept` (Nengo's `gain_bias`).
  /// - Throws: ``ModelError`` when the rate is not reachable (LIF: `maxRate >= 1/tau_ref`)
  ///   or the intercept is not below 1.
  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError)
    -> (gain: Double, bias: Double)
  {
    switch rateType {
    case .lifRate(let p):
      guard maxRate > 0, maxRate < 1 / p.tauRef || p.tauRef == 0 else {
        throw ModelError(
          object: object, attribute: "max_rates",
          "max rate \(maxRate) Hz is not below 1/tau_ref = \(1 / p.tauRef) Hz")
      }
      guard intercept < 1 else {
        throw ModelError(object: object, attribute: "intercepts", "intercept \(intercept) must be < 1")
      }
      // x1 = J at input 1 for rate maxRate; the threshold J = 1 sits at the intercept.
      let x1 = 1 / (1 - _exp((p.tauRef - 1 / maxRate) / p.tauRC))
      let gain = (1 - x1) / (intercept - 1)
      return (gain, 1 - gain * intercept)
    case .rectifiedLinear, .spikingRectifiedLinear:
      guard intercept < 1 else {
        throw ModelError(object: object, attribute: "intercepts", "intercept \(intercept) must be < 1")
      }
      let gain = maxRate / (1 - intercept)
      return (gain, -intercept * gain)
    default:
      throw ModelError(object: object, attribute: "neuron_type", "\(name) has no gain/bias rule")
    }
  }
}

/// Parameters of Nengo's LIF and LIFRate neurons.
public struct LIFParameters: Sendable, Equatable, Hashable {
  /// Membrane RC time constant, in seconds.
  public var tauRC: Double
  /// Absolute refractory period, in seconds.
  public var tauRef: Double
  /// Floor of the membrane voltage (dimensionless; threshold is 1).
  public var minVoltage: Double
  /// Scaling of the output (spike integral, or rate factor).
  public var amplitude: Double
  /// What a spike does to the voltage (LIF only; LIFRate ignores it).
  public var reset: LIFReset

  /// Nengo's defaults: tau_rc 0.02 s, tau_ref 0.002 s, min_voltage 0, amplitude 1, reset to 0.
  public init(
    tauRC: Double = 0.02, tauRef: Double = 0.002, minVoltage: Double = 0, amplitude: Double = 1,
    reset: LIFReset = .zero
  ) {
    self.tauRC = tauRC
    self.tauRef = tauRef
    self.minVoltage = minVoltage
    self.amplitude = amplitude
    self.reset = reset
  }
}

/// The voltage of a LIF neuron right after it spikes.
public enum LIFReset: String, Sendable, Equatable, Hashable, CaseIterable {
  /// `v = 0` (Nengo's LIF).
  case zero
  /// `v -= 1`: the charge above the threshold is kept (reset by subtraction, Rueckauer et
  /// al. 2017). The neuron still stays refractory for `tau_ref`.
  case subtract
}

@inline(__always) func _exp(_ x: Double) -> Double { Foundation.exp(x) }
