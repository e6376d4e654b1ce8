import CSNNKernels
import Foundation
import SNNModel

/// Nengo's LIF step over one example's population (the loop itself is `snn_lif_step` in
/// CSNNKernels: sixteen neurons per AVX-512 vector, or eight per AVX2 one, spiking lanes
/// packed into the event list).
///
/// Per neuron, with input current J constant over the step (Nengo `LIF.step`):
/// 1. `ref -= dt`; the neuron integrates for `dT = clip(dt - ref, 0, dt)`;
/// 2. `v += (J - v) * (1 - exp(-dT / tau_rc))` (exact solution of `tau dv/dt = J - v`);
/// 3. a spike when `v > 1`: output `amplitude / dt`; the crossing time is
///    `t = dt + tau_rc * log1p(-(v - 1) / (J - 1))`, the neuron resets to 0 (or to `v - 1`
///    with reset by subtraction) and stays refractory for `tau_ref + t` (this carries the
///    sub-step spike time forward);
/// 4. `v = max(v, min_voltage)`.
///
/// One departure from Nengo: a spike whose voltage starts the step above J > 1 (reset by
/// subtraction can leave it there under a strong input that then drops) has no crossing
/// time (`log1p` of a number below -1). Nengo stores the NaN as the refractory time and the
/// neuron's voltage turns NaN for good; here a NaN refractory time integrates a whole step,
/// so the neuron keeps working.
/// Steps 1-2 need an `expm1` only for neurons leaving their refractory period inside this
/// step, and step 3 a `log1p` only for spiking ones; both are short polynomials on the
/// ranges they meet (`snn_expm1_small`, `snn_log1p_small`: float precision for |x| < 1/8,
/// libm beyond). Their arguments are formed with multiplications, `-dT * (1 / tau_rc)` and
/// `-(v - 1) * (1 / (J - 1))`, where `1 / (J - 1)` is computed as soon as J is loaded: a
/// division inside the chain from the refractory time to the spike time would add its
/// latency to every step.
package enum LIFKernel {
  /// A LIF population's parameters (times in seconds): its kernel, in either precision.
  package struct Neurons: NeuronKernel {
    let tauRC: Double
    let tauRef: Double
    let minVoltage: Double
    /// The integral of a spike.
    package let amplitude: Double
    /// Whether a spike resets by subtraction (`v -= 1`) rather than to zero.
    package let subtract: Bool

    package var isSpiking: Bool { true }
    package var state: NeuronKernelState { [.voltage, .refractory] }
    package func makeStep<S: EngineScalar>(_ context: NeuronStepContext<S>) -> StepFunction {
      specialised(context, float: { LIFStep($0, self).function }, double: { LIFStep($0, self).function })
    }
  }

  /// One population's constants in float (``snn_lif_constants``).
  package struct Constants {
    let c: snn_lif_constants

    init(dt: Float, tauRC: Float, tauRef: Float, minVoltage: Float, amplitude: Float, subtract: Bool = false) {
      c = snn_lif_constants(
        dt: dt, tau_rc: tauRC, inv_tau_rc: Float(1 / Double(tauRC)), tau_ref: tauRef, min_voltage: minVoltage,
        height: amplitude / dt,
        full_step: Float(Foundation.expm1(-Double(dt) / Double(tauRC))), subtract: subtract ? 1 : 0)
    }
  }

  /// Steps `n` neurons; writes `output` and appends spiking neurons to the events.
  /// - Precondition: the event buffers have room for `n + Events.slack` entries.
  /// - Returns: the number of events written.
  @inline(__always)
  static func step(
    _ k: Constants, path: snn_path, n: Int, current j: UnsafePointer<Float>, voltage v: UnsafeMutablePointer<Float>,
    refractory ref: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>,
    eventIndex: UnsafeMutablePointer<Int32>, eventValue: UnsafeMutablePointer<Float>
  ) -> Int {
    withUnsafePointer(to: k.c) { c in
      Int(snn_lif_step(path, c, Int64(n), j, v, ref, output, eventIndex, eventValue))
    }
  }
}

/// The neurons step of a LIF population: the precision's LIF kernel (``EngineScalar``) on
/// each example of the chunk.
final class LIFStep<S: EngineScalar>: EngineStep {
  let k: S.LIFConstants
  let path: snn_path
  let n: Int
  let current: UnsafeMutablePointer<S>
  let voltage: UnsafeMutablePointer<S>
  let refractory: UnsafeMutablePointer<S>
  let output: UnsafeMutablePointer<S>
  let eventIndex: UnsafeMutablePointer<Int32>
  let eventValue: UnsafeMutablePointer<S>
  let eventCount: UnsafeMutablePointer<Int>

  /// - Parameter current: where the step reads its input current (chunk rows), when not
  ///   the population's own (AdaptiveLIF's `J - n`).
  init(_ c: NeuronStepContext<S>, _ p: LIFKernel.Neurons, current: UnsafeMutablePointer<S>? = nil) {
    k = S.lifConstants(
      dt: c.dt, tauRC: p.tauRC, tauRef: p.tauRef, minVoltage: p.minVoltage, amplitude: p.amplitude,
      subtract: p.subtract)
    path = c.instructions.path
    n = c.spec.n
    self.current = current ?? c.signals.current.base
    voltage = c.state.required(c.state.voltage, c.population)
    refractory = c.state.required(c.state.refractory, c.population)
    output = c.state.output[c.population].base
    eventIndex = c.signals.eventIndex.base
    eventValue = c.signals.eventValue.base
    eventCount = c.signals.eventCount.base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      eventCount[r] = S.lifStep(
        path, k, n: n, current: current + r * n, voltage: voltage + b * n, refractory: refractory + b * n,
        output: output + b * n, eventIndex: eventIndex + r * n, eventValue: eventValue + r * n)
    }
  }
}

extension LIF: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? {
    let p = parameters
    return LIFKernel.Neurons(
      tauRC: p.tauRC, tauRef: p.tauRef, minVoltage: p.minVoltage, amplitude: p.amplitude, subtract: p.reset == .subtract
    )
  }
}
