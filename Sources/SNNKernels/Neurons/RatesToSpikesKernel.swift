import SNNModel

/// The kernel of a spiking wrapper over a rate curve (``SNNModel/RatesToSpikes``, and
/// `SpikingRectifiedLinear`): the wrapper's spike rule on the curve's rate, spikes of height
/// `amplitude / dt`.
struct RatesToSpikesKernel: NeuronKernel {
  /// The wrapper's spike rule.
  enum Rule: Sendable {
    /// `RegularSpiking` (``RegularSpikingStep``).
    case regular
    /// `PoissonSpiking` (``PoissonStep``).
    case poisson
    /// `StochasticSpiking` (``StochasticSpikingStep``).
    case stochastic
  }

  let rule: Rule
  let base: any RateCurve
  let amplitude: Double

  var isSpiking: Bool { true }
  var state: NeuronKernelState { rule == .regular ? .voltage : .randomStream }

  func makeStep<S: EngineScalar>(_ context: NeuronStepContext<S>) -> StepFunction {
    specialised(context, float: { step($0) }, double: { step($0) })
  }

  private func step<T: EngineScalar>(_ c: NeuronStepContext<T>) -> StepFunction {
    switch rule {
    case .regular: RegularSpikingStep(c, base: base, amplitude: amplitude).function
    case .poisson: PoissonStep(c, base: base, amplitude: amplitude).function
    case .stochastic: StochasticSpikingStep(c, base: base, amplitude: amplitude).function
    }
  }
}

/// What the neurons steps of RegularSpiking and StochasticSpiking share: the base curve, the
/// spike height `amplitude / dt`, and the population's current, output, events and probed
/// rates.
class RatesToSpikesStep<S: EngineScalar> {
  let base: any RateCurve
  let n: Int
  let dt: S
  let height: S
  let current: UnsafeMutablePointer<S>
  let output: UnsafeMutablePointer<S>
  let eventIndex: UnsafeMutablePointer<Int32>
  let eventValue: UnsafeMutablePointer<S>
  let eventCount: UnsafeMutablePointer<Int>
  /// The base rates, when probed (row `r` of the chunk at `r * n`).
  let rateOut: UnsafeMutablePointer<S>?

  init(_ c: NeuronStepContext<S>, base: any RateCurve, amplitude: Double) {
    self.base = base
    n = c.spec.n
    dt = S(c.dt)
    height = S(amplitude) / S(c.dt)
    current = c.signals.current.base
    output = c.state.output[c.population].base
    eventIndex = c.signals.eventIndex.base
    eventValue = c.signals.eventValue.base
    eventCount = c.signals.eventCount.base
    rateOut = c.signals.rateOut?.base
  }
}

extension RatesToSpikes where Self: SteppableNeuronModel {
  /// The kernel of this wrapper with `rule` over its base's curve (nil when the base has
  /// no rate curve).
  func kernel(_ rule: RatesToSpikesKernel.Rule, dt: Double) -> (any NeuronKernel)? {
    guard let curve = Self.rateCurve(of: base, dt: dt) else { return nil }
    return RatesToSpikesKernel(rule: rule, base: curve, amplitude: amplitude)
  }
}
