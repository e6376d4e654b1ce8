/// Nengo's `RegularSpiking`: spikes at the rate of its base (a rate type), regularly:
/// `v += rate(J) dt; k = floor(v); output = k amplitude / dt; v -= k`.
/// Gain, bias and limits are the base's; the mean output is the base's rate times `amplitude`.
public struct RegularSpiking: RatesToSpikes {
  /// The rate type whose rate the spikes follow.
  public var base: any NeuronModel
  /// Scaling of the output (a spike's integral).
  public var amplitude: Double

  /// A RegularSpiking wrapper around `base`.
  public init(base: any NeuronModel, amplitude: Double = 1) {
    self.base = base
    self.amplitude = amplitude
  }

  public static var wrapperName: String { "RegularSpiking" }
  public var hasVoltage: Bool { true }
}
