import SNNModel

extension Diagnosis {
  /// The highest rate, in Hz, a neuron of `type` reaches at time step `dt` (seconds).
  ///
  /// - LIF, LIFRate (also as the base of PoissonSpiking / RegularSpiking): `1 / tau_ref`,
  ///   and at most one spike per step, `1 / dt`. Nengo's LIF step keeps each spike's time
  ///   within its step and the refractory time that is left over, so with an unbounded
  ///   current the spikes are exactly `tau_ref` apart on average (500 Hz for tau_ref 2 ms,
  ///   400 Hz for 2.5 ms at dt 1 ms).
  /// - Rectified linear types, spiking or not, have no bound of their own: the limit is the
  ///   one-spike-per-step rate `1 / dt`.
  public static func highestRate(of type: NeuronType, dt: Double) -> Double {
    let stepLimit = 1 / dt
    switch type {
    case .lif(let p), .lifRate(let p):
      return p.tauRef > 0 ? min(1 / p.tauRef, stepLimit) : stepLimit
    case .rectifiedLinear, .spikingRectifiedLinear:
      return stepLimit
    case .poissonSpiking(let base, _), .regularSpiking(let base, _):
      return highestRate(of: base, dt: dt)
    }
  }

  /// The input current at which `type` starts to fire: 1 for LIF types, 0 for rectified
  /// linear ones (dimensionless).
  public static func threshold(of type: NeuronType) -> Double {
    switch type.rateType {
    case .lifRate, .lif: return 1
    default: return 0
    }
  }

  /// The amplitude that scales a neuron's output (spike integral, or rate factor).
  static func amplitude(of type: NeuronType) -> Double {
    switch type {
    case .lif(let p), .lifRate(let p): return p.amplitude
    case .rectifiedLinear(let a), .spikingRectifiedLinear(let a): return a
    case .poissonSpiking(_, let a), .regularSpiking(_, let a): return a
    }
  }
}
