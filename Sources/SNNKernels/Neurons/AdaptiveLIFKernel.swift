import SNNModel

/// Nengo's `AdaptiveLIF` and `AdaptiveLIFRate` steps: the LIF (or LIFRate) step on the
/// input reduced by the adaptation state, `J - n`, then
/// `n += (dt / tau_n) (inc_n output - n)` (forward Euler, Nengo's update, on this step's
/// output). The spiking one runs the LIF kernel itself on a buffer of `J - n` of its own,
/// so a probe of the input still records `J`.
struct AdaptiveLIFKernel: NeuronKernel {
  /// The LIF kernel (nil for AdaptiveLIFRate, which uses ``curve``).
  let lif: LIFKernel.Neurons?
  /// LIFRate's curve (AdaptiveLIFRate).
  let curve: LIFRateCurve?
  /// Time constant of the adaptation, in seconds.
  let tauN: Double
  /// Adaptation increment per unit of output.
  let incN: Double

  var isSpiking: Bool { lif != nil }
  var state: NeuronKernelState { lif != nil ? [.voltage, .refractory, .auxiliary] : .auxiliary }

  func makeStep<S: EngineScalar>(_ context: NeuronStepContext<S>) -> StepFunction {
    specialised(
      context, float: { AdaptiveLIFStep($0, self).function }, double: { AdaptiveLIFStep($0, self).function })
  }
}

/// The neurons step of an adaptive LIF population, spiking or rate.
final class AdaptiveLIFStep<S: EngineScalar>: EngineStep {
  let n: Int
  let current: UnsafeMutablePointer<S>
  let adaptation: UnsafeMutablePointer<S>
  let output: UnsafeMutablePointer<S>
  /// `dt / tau_n` and `inc_n` in the engine's precision.
  let decay: S
  let increment: S
  /// The spiking population's LIF step and its input, `J - n` (chunk rows); nil for rates.
  let lif: LIFStep<S>?
  let reduced: Buffer<S>?
  let curve: LIFRateCurve?

  init(_ c: NeuronStepContext<S>, _ p: AdaptiveLIFKernel) {
    n = c.spec.n
    current = c.signals.current.base
    adaptation = c.state.required(c.state.auxiliary, c.population)
    output = c.state.output[c.population].base
    decay = S(c.dt / p.tauN)
    increment = S(p.incN)
    curve = p.curve
    if let neurons = p.lif {
      let buffer = Buffer<S>(count: c.chunk * n, repeating: 0)
      reduced = buffer
      lif = LIFStep(c, neurons, current: buffer.base)
    } else {
      reduced = nil
      lif = nil
    }
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    if let lif, let reduced {
      for r in 0..<chunk.rows {
        let j = current + r * n
        let a = adaptation + (chunk.lo + r) * n
        let x = reduced.base + r * n
        for i in 0..<n { x[i] = j[i] - a[i] }
      }
      lif.run(chunk, &counters)
    } else if let curve {
      for r in 0..<chunk.rows {
        let j = current + r * n
        let a = adaptation + (chunk.lo + r) * n
        let out = output + (chunk.lo + r) * n
        for i in 0..<n { out[i] = S.rate(curve, j[i] - a[i]) }
      }
    }
    for r in 0..<chunk.rows {
      let a = adaptation + (chunk.lo + r) * n
      let out = output + (chunk.lo + r) * n
      for i in 0..<n { a[i] += decay * (increment * out[i] - a[i]) }
    }
  }
}

extension AdaptiveLIF: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? {
    guard let lif = LIF(parameters).kernel(dt: dt) as? LIFKernel.Neurons else { return nil }
    return AdaptiveLIFKernel(lif: lif, curve: nil, tauN: tauN, incN: incN)
  }
}

extension AdaptiveLIFRate: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? {
    let p = parameters
    return AdaptiveLIFKernel(
      lif: nil, curve: LIFRateCurve(tauRC: p.tauRC, tauRef: p.tauRef, amplitude: p.amplitude), tauN: tauN,
      incN: incN)
  }
}
