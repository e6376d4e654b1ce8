import Foundation

/// Nengo's `LIF`: leaky integrate-and-fire, threshold 1, reset to 0 (or by subtraction,
/// see ``LIFParameters/reset``), absolute refractory period. Outputs spikes of height
/// `amplitude / dt`.
///
/// Per step (Nengo `LIF.step`, J constant over the step): `ref -= dt`; the neuron
/// integrates for `dT = clip(dt - ref, 0, dt)`: `v = J + (v - J) exp(-dT / tau_rc)`; it
/// spikes when `v > 1`, at `t = dt + tau_rc log1p(-(v - 1) / (J - 1))` into the step, and
/// stays refractory for `tau_ref + t`. Its steady-state rate is ``LIFRate``'s.
public struct LIF: LIFFamilyModel {
  /// The parameters (shared with ``LIFRate``).
  public var parameters: LIFParameters

  /// A LIF model.
  public init(_ parameters: LIFParameters = LIFParameters()) { self.parameters = parameters }

  public var name: String { "LIF" }
  public var isSpiking: Bool { true }
  public var hasVoltage: Bool { true }
  public var hasRefractoryTime: Bool { true }

  /// The LIF rate curve; nil with reset by subtraction, which keeps the charge above the
  /// threshold and fires faster than the curve.
  public func rate(current j: Double) -> Double? {
    parameters.reset == .zero ? LIFRate(parameters).rate(current: j) : nil
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
