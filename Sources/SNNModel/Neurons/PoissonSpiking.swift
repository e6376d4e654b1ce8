/// Nengo's `PoissonSpiking`: each step a neuron emits `k ~ Poisson(rate(J) dt)` spikes of
/// height `amplitude / dt`, at the rate of its base (a rate type).
/// Gain, bias and limits are the base's; the mean output is the base's rate times `amplitude`.
public struct PoissonSpiking: RatesToSpikes {
  /// The rate type whose rate the spikes follow.
  public var base: any NeuronModel
  /// Scaling of the output (a spike's integral).
  public var amplitude: Double

  /// A PoissonSpiking wrapper around `base`.
  public init(base: any NeuronModel, amplitude: Double = 1) {
    self.base = base
    self.amplitude = amplitude
  }

  public static var wrapperName: String { "PoissonSpiking" }
}
