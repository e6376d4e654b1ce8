import Foundation

/// Nengo's `LIF`: leaky integrate-and-fire, threshold 1, reset to 0 (or by subtraction,
/// see ``LIFParameters/reset``), absolute refractory period. Outputs spikes of height
/// `amplitude / dt`.
///
/// Per step (Nengo `LIF.step`, J constant over the step): `ref -= dt`; the neuron
/// integrates for `dT = clip(dt - ref, 0, dt)`: `v = J + (v - J) exp(-dT / tau_rc)`; it
/// spikes when `v > 1`, at `t = dt + tau_rc log1p(-(v - 1) / (J - 1))` into the step, and
/// stays refractory for `tau_ref + t`. Its steady-state rate is ``LIFRate``'s.
public struct LIF: NeuronModel {
  /// The parameters (shared with ``LIFRate``).
  public var parameters: LIFParameters

  /// A LIF model.
  public init(_ parameters: LIFParameters = LIFParameters()) { self.parameters = parameters }

  public var name: String { "LIF" }
  public var isSpiking: Bool { true }
  public var amplitude: Double { parameters.amplitude }
  public var hasVoltage: Bool { true }
  public var hasRefractoryTime: Bool { true }
  public var threshold: Double { 1 }

  /// The LIF rate curve; nil with reset by subtraction, which keeps the charge above the
  /// threshold and fires faster than the curve.
  public func rate(current j: Double) -> Double? {
    parameters.reset == .zero ? LIFRate(parameters).rate(current: j) : nil
  }

  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError) -> (
    gain: Double, bias: Double
  ) {
    try LIFRate(parameters).gainBias(maxRate: maxRate, intercept: intercept, object: object)
  }

  public func maxRateIntercept(gain: Double, bias: Double) -> (maxRate: Double, intercept: Double)? {
    LIFRate(parameters).maxRateIntercept(gain: gain, bias: bias)
  }

  /// `1 / tau_ref`, and at most one spike per step, `1 / dt`. Nengo's LIF step keeps each
  /// spike's time within its step and the refractory time that is left over, so with an
  /// unbounded current the spikes are exactly `tau_ref` apart on average (500 Hz for
  /// tau_ref 2 ms, 400 Hz for 2.5 ms at dt 1 ms).
  public func highestRate(dt: Double) -> Double { LIFRate(parameters).highestRate(dt: dt) }

  public func validate(object: String) throws(ModelError) { try parameters.validate(object: object) }

  public func withAmplitude(_ amplitude: Double) -> any NeuronModel {
    var p = parameters
    p.amplitude = amplitude
    return LIF(p)
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

  func validate(object: String) throws(ModelError) {
    try NeuronChecks.positive(tauRC, "tau_rc", object: object, unit: " s")
    guard tauRef >= 0, tauRef.isFinite else {
      throw ModelError(object: object, attribute: "tau_ref", "must be >= 0, got \(tauRef) s")
    }
    try NeuronChecks.positive(amplitude, "amplitude", object: object)
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
