import Foundation

/// Nengo's `Izhikevich` neuron (Izhikevich 2003, "Simple model of spiking neurons", IEEE
/// Trans. Neural Networks 14(6)): a voltage `v` (in millivolts) and a recovery variable
/// `u`, with Nengo's names for the paper's a, b, c and d.
///
/// Per step (Nengo `Izhikevich.step`, time in seconds, hence the factors 1000):
/// `J = max(J, -30)`; `v += (0.04 v² + 5 v + 140 - u + J) 1000 dt`; a spike (height `1 / dt`)
/// when `v >= 30`, which resets `v` to `reset_voltage` before `u` is updated;
/// `u += tau_recovery (coupling v - u) 1000 dt`, plus `reset_recovery` after a spike.
/// Initial state: `v ~ U(0, 1)` (Nengo's default), `u = 0`; `u` is probeable as `recovery`.
///
/// There is no closed-form rate: the rate at a current is Nengo's `settled_firingrate`,
/// the spikes counted over 1 s (dt 1 ms) after one settling step from `v = u = 0`, and
/// gain and bias come from Nengo's generic `gain_bias`, which interpolates that curve on a
/// grid of currents whose extent depends on the ensemble's largest max rate
/// (``gainBias(maxRates:intercepts:object:)``).
public struct Izhikevich: NeuronModel, NumericNeuronModel {
  /// The paper's `a`: the rate of the recovery variable, in 1/ms (0.02: a time scale of
  /// 50 ms).
  public var tauRecovery: Double
  /// The paper's `b`: how strongly recovery follows subthreshold voltage.
  public var coupling: Double
  /// The paper's `c`: the voltage after a spike, in millivolts.
  public var resetVoltage: Double
  /// The paper's `d`: the jump of the recovery variable after a spike.
  public var resetRecovery: Double

  /// An Izhikevich model; the defaults are regular spiking (RS) neurons. Nengo lists
  /// intrinsically bursting (`resetVoltage: -55, resetRecovery: 4`), chattering (`-50`,
  /// `2`), fast spiking (`tauRecovery: 0.1`), low-threshold spiking (`coupling: 0.25`) and
  /// resonator (`tauRecovery: 0.1, coupling: 0.26`) parameters.
  public init(
    tauRecovery: Double = 0.02, coupling: Double = 0.2, resetVoltage: Double = -65, resetRecovery: Double = 8
  ) {
    self.tauRecovery = tauRecovery
    self.coupling = coupling
    self.resetVoltage = resetVoltage
    self.resetRecovery = resetRecovery
  }

  public var name: String { "Izhikevich" }
  public var isSpiking: Bool { true }
  public var amplitude: Double { 1 }
  public var hasVoltage: Bool { true }
  public var auxiliaryState: String? { "recovery" }

  /// The current at which the resting state disappears: with `u = coupling v`, `v' = 0`
  /// has a solution only while `J <= (5 - coupling)² / 0.16 - 140` (4 for the defaults).
  public var threshold: Double { (5 - coupling) * (5 - coupling) / 0.16 - 140 }

  /// Nengo's `settled_firingrate`: spikes in 1 s of simulation at dt 1 ms from
  /// `v = u = 0`, after one settling step (an integer, in Hz).
  public func rate(current j: Double) -> Double? { settledRate(j) }

  func settledRate(_ current: Double) -> Double {
    let dt = 0.001
    let j = max(-30, current)
    var v = 0.0
    var u = 0.0
    var spikes = 0
    for step in 0...1000 {
      // Nengo's expression, in its order of operations.
      let dV = (0.04 * (v * v) + 5 * v + 140 - u + j) * 1000
      v += dV * dt
      let spiked = v >= 30
      if spiked { v = resetVoltage }
      let dU = (tauRecovery * (coupling * v - u)) * 1000
      u += dU * dt
      if spiked {
        u += resetRecovery
        if step > 0 { spikes += 1 }
      }
    }
    return Double(spikes)
  }

  /// One neuron alone: Nengo's grid of currents then depends on this max rate only (see
  /// ``gainBias(maxRates:intercepts:object:)`` for an ensemble).
  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError) -> (
    gain: Double, bias: Double
  ) {
    let g = try gainBias(maxRates: [maxRate], intercepts: [intercept], object: object)
    return (g.gain[0], g.bias[0])
  }

  /// Nengo's generic `gain_bias` on the settled rates.
  /// - Throws: ``ModelError`` when a max rate is not positive or cannot be reached, or an
  ///   intercept is not below 1.
  public func gainBias(maxRates: [Double], intercepts: [Double], object: String) throws(ModelError) -> (
    gain: [Double], bias: [Double]
  ) {
    try NumericGainBias.gainBias(maxRates: maxRates, intercepts: intercepts, object: object) { $0.map(settledRate) }
  }

  /// Nengo's generic `max_rates_intercepts`: the settled rate at input 1, and the intercept
  /// to within 0.02 (the grid of 101 inputs in [-1, 1]).
  public func maxRateIntercept(gain: Double, bias: Double) -> (maxRate: Double, intercept: Double)? {
    NumericGainBias.maxRateIntercept(gain: gain, bias: bias, rate: settledRate)
  }

  /// One spike per step at most.
  public func highestRate(dt: Double) -> Double { 1 / dt }

  public func validate(object: String) throws(ModelError) {
    try NeuronChecks.positive(tauRecovery, "tau_recovery", object: object)
    guard coupling >= 0, coupling.isFinite else {
      throw ModelError(object: object, attribute: "coupling", "must be >= 0 and finite, got \(coupling)")
    }
    for (value, attribute) in [(resetVoltage, "reset_voltage"), (resetRecovery, "reset_recovery")]
    where !value.isFinite {
      throw ModelError(object: object, attribute: attribute, "must be finite, got \(value)")
    }
  }

  public func withAmplitude(_ amplitude: Double) -> any NeuronModel { self }

  public static var nengoName: String { "Izhikevich" }
  public static var parameterNames: [String] { ["tau_recovery", "coupling", "reset_voltage", "reset_recovery"] }
  public var parameterValues: [Double] { [tauRecovery, coupling, resetVoltage, resetRecovery] }

  public init(parameters values: [String: Double], object: String) throws(ModelError) {
    self.init(
      tauRecovery: values["tau_recovery"] ?? 0.02, coupling: values["coupling"] ?? 0.2,
      resetVoltage: values["reset_voltage"] ?? -65, resetRecovery: values["reset_recovery"] ?? 8)
    try validate(object: object)
  }
}

extension NeuronType {
  /// Nengo's `Izhikevich(tau_recovery, coupling, reset_voltage, reset_recovery)`.
  public static func izhikevich(
    tauRecovery: Double = 0.02, coupling: Double = 0.2, resetVoltage: Double = -65, resetRecovery: Double = 8
  ) -> NeuronType {
    .model(
      Izhikevich(
        tauRecovery: tauRecovery, coupling: coupling, resetVoltage: resetVoltage, resetRecovery: resetRecovery))
  }
}
