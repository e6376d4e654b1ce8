import SNNModel

/// A neuron model the engine can step: each type's kernel file adds this conformance to its
/// model (``SNNModel/NeuronModel``), so the builder asks the model for its kernel instead of
/// switching over the types.
package protocol SteppableNeuronModel: NeuronModel {
  /// The model's kernel for time step `dt` (seconds), in the engine's precision; nil when a
  /// part of it (a wrapper's base) has no kernel.
  func kernel(dt: Double) -> (any NeuronKernel)?
}

/// How the engine steps one population of a neuron model: its constants, the per-example
/// state it needs, and the step that runs it.
package protocol NeuronKernel: Sendable {
  /// Whether the output is spikes (then event-driven connections read its events).
  var isSpiking: Bool { get }
  /// The per-example state the engine keeps for the population.
  var state: NeuronKernelState { get }
  /// The population's neurons step for one worker.
  func makeStep(_ context: NeuronStepContext) -> any EngineStep
}

/// Per-example state a neuron kernel needs (besides its output).
package struct NeuronKernelState: OptionSet, Sendable {
  package let rawValue: Int
  package init(rawValue: Int) { self.rawValue = rawValue }
  /// A membrane voltage per neuron, initialised at reset.
  package static let voltage = NeuronKernelState(rawValue: 1)
  /// A remaining refractory time per neuron, in seconds.
  package static let refractory = NeuronKernelState(rawValue: 2)
  /// A random stream per example.
  package static let randomStream = NeuronKernelState(rawValue: 4)
}

/// A rate curve, `output = rate(J)`: the kernel of a rate model, and the base of the
/// spiking wrappers (PoissonSpiking, RegularSpiking).
package protocol RateCurve: NeuronKernel {
  /// The rate at current `j` (Hz times amplitude).
  func rate(_ j: Float) -> Float
}

extension RateCurve {
  package var isSpiking: Bool { false }
  package var state: NeuronKernelState { [] }
  package func makeStep(_ context: NeuronStepContext) -> any EngineStep { RateStep(context, curve: self) }
}

extension SteppableNeuronModel {
  /// The kernel of `base` as a rate curve, for a wrapper (nil when it is none).
  static func rateCurve(of base: any NeuronModel, dt: Double) -> (any RateCurve)? {
    (base as? any SteppableNeuronModel)?.kernel(dt: dt) as? any RateCurve
  }
}

/// The neurons step of a rate population: `output = rate(J)`.
final class RateStep<Curve: RateCurve>: EngineStep {
  let curve: Curve
  let n: Int
  let current: UnsafeMutablePointer<Float>
  let output: UnsafeMutablePointer<Float>

  init(_ c: NeuronStepContext, curve: Curve) {
    self.curve = curve
    n = c.spec.n
    current = c.signals.current.base
    output = c.state.output[c.population].base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let j = current + r * n
      let out = output + (chunk.lo + r) * n
      for i in 0..<n { out[i] = curve.rate(j[i]) }
    }
  }
}
