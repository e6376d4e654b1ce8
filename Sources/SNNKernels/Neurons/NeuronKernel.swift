import SNNModel

/// A neuron model the engine can step: each type's kernel file adds this conformance to its
/// model (``SNNModel/NeuronModel``), so the builder asks the model for its kernel instead of
/// switching over the types.
package protocol SteppableNeuronModel: NeuronModel {
  /// The model's kernel for time step `dt` (seconds), in the engine's precision; nil when a
  /// part of it (a wrapper's base) has no kernel.
  func kernel(dt: Double) -> (any NeuronKernel)?
}

/// How the engine steps one population of a neuron model: its parameters, the per-example
/// state it needs, and the step that runs it in either precision.
package protocol NeuronKernel: Sendable {
  /// Whether the output is spikes (then event-driven connections read its events).
  var isSpiking: Bool { get }
  /// The per-example state the engine keeps for the population.
  var state: NeuronKernelState { get }
  /// The population's neurons step for one worker (made in its concrete precision with
  /// ``specialised(_:float:double:)``, so its loops are specialised).
  func makeStep<S: EngineScalar>(_ context: NeuronStepContext<S>) -> StepFunction
}

extension NeuronKernel {
  /// Calls `float` or `double` with `context` in its concrete precision.
  func specialised<S: EngineScalar>(
    _ context: NeuronStepContext<S>, float: (NeuronStepContext<Float>) -> StepFunction,
    double: (NeuronStepContext<Double>) -> StepFunction
  ) -> StepFunction {
    if let c = context as? NeuronStepContext<Float> { return float(c) }
    if let c = context as? NeuronStepContext<Double> { return double(c) }
    preconditionFailure("the engine runs in Float or Double")
  }
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
  /// One more value per neuron, zero at reset (AdaptiveLIF's adaptation, Izhikevich's
  /// recovery: the model's ``SNNModel/NeuronModel/auxiliaryState``).
  package static let auxiliary = NeuronKernelState(rawValue: 8)
}

/// A rate curve, `output = rate(J)`: the kernel of a rate model, and the base of the
/// spiking wrappers (PoissonSpiking, RegularSpiking). Its parameters are doubles, rounded
/// to the engine's precision. One concrete requirement per precision, so that a step that
/// holds the curve as `any RateCurve` calls specialised code (``EngineScalar/rate(_:_:)``
/// picks the one of its precision).
package protocol RateCurve: NeuronKernel {
  /// The rate at current `j` (Hz times amplitude), in float32.
  func rate(_ j: Float) -> Float
  /// The rate at current `j` (Hz times amplitude), in float64.
  func rate(_ j: Double) -> Double
}

extension RateCurve {
  package var isSpiking: Bool { false }
  package var state: NeuronKernelState { [] }
  package func makeStep<S: EngineScalar>(_ context: NeuronStepContext<S>) -> StepFunction {
    specialised(
      context, float: { RateStep($0, curve: self).function }, double: { RateStep($0, curve: self).function })
  }
}

extension SteppableNeuronModel {
  /// The kernel of `base` as a rate curve, for a wrapper (nil when it is none).
  static func rateCurve(of base: any NeuronModel, dt: Double) -> (any RateCurve)? {
    (base as? any SteppableNeuronModel)?.kernel(dt: dt) as? any RateCurve
  }
}

/// The neurons step of a rate population: `output = rate(J)`.
final class RateStep<S: EngineScalar>: EngineStep {
  let curve: any RateCurve
  let n: Int
  let current: UnsafeMutablePointer<S>
  let output: UnsafeMutablePointer<S>

  init(_ c: NeuronStepContext<S>, curve: any RateCurve) {
    self.curve = curve
    n = c.spec.n
    current = c.signals.current.base
    output = c.state.output[c.population].base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let j = current + r * n
      let out = output + (chunk.lo + r) * n
      for i in 0..<n { out[i] = S.rate(curve, j[i]) }
    }
  }
}
