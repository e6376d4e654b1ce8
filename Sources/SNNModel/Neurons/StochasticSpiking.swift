/// Nengo's `StochasticSpiking`: spikes at the rate of its base (a rate type) by stochastic
/// rounding. With `e = rate(J) dt` expected spikes in a step, a neuron emits `floor(e)`
/// spikes, plus one with probability `e - floor(e)`, each of height `amplitude / dt`
/// (for a negative rate, `-(floor(|e|) + Bernoulli(frac |e|))`). For `e` much below 1 this
/// is close to Poisson; the count never strays more than one from `e`.
/// Gain, bias and limits are the base's; the mean output is the base's rate times `amplitude`.
public struct StochasticSpiking: RatesToSpikes {
  /// The rate type whose rate the spikes follow.
  public var base: any NeuronModel
  /// Scaling of the output (a spike's integral).
  public var amplitude: Double

  /// A StochasticSpiking wrapper around `base`.
  public init(base: any NeuronModel, amplitude: Double = 1) {
    self.base = base
    self.amplitude = amplitude
  }

  public static var wrapperName: String { "StochasticSpiking" }
}

extension NeuronType {
  /// Nengo's `StochasticSpiking(base_type, amplitude)`.
  public static func stochasticSpiking(base: NeuronType, amplitude: Double = 1) -> NeuronType {
    .model(StochasticSpiking(base: base.model, amplitude: amplitude))
  }
}
