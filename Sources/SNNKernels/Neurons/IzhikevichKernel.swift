import SNNModel

/// Nengo's `Izhikevich` step over one example's population (forward Euler, time in
/// seconds, hence the factors 1000):
/// 1. `J = max(J, -30)` (Nengo clips low inputs, where the model turns unstable);
/// 2. `v += (0.04 v² + 5 v + 140 - u + J) 1000 dt`;
/// 3. a spike (height `1 / dt`) when `v >= 30`; a spiking neuron's `v` resets to
///    `reset_voltage` before step 4 (Nengo's order, not the paper's);
/// 4. `u += tau_recovery (coupling v - u) 1000 dt`, plus `reset_recovery` after a spike.
/// The arithmetic is Nengo's, in its order, so float64 gives its values to the last bit.
struct IzhikevichKernel: NeuronKernel {
  let tauRecovery: Double
  let coupling: Double
  let resetVoltage: Double
  let resetRecovery: Double

  var isSpiking: Bool { true }
  var state: NeuronKernelState { [.voltage, .auxiliary] }

  func makeStep<S: EngineScalar>(_ context: NeuronStepContext<S>) -> StepFunction {
    specialised(
      context, float: { IzhikevichStep($0, self).function }, double: { IzhikevichStep($0, self).function })
  }
}

/// The neurons step of an Izhikevich population.
final class IzhikevichStep<S: EngineScalar>: EngineStep {
  let n: Int
  let dt: S
  let height: S
  let tauRecovery: S
  let coupling: S
  let resetVoltage: S
  let resetRecovery: S
  let current: UnsafeMutablePointer<S>
  let voltage: UnsafeMutablePointer<S>
  let recovery: UnsafeMutablePointer<S>
  let output: UnsafeMutablePointer<S>
  let eventIndex: UnsafeMutablePointer<Int32>
  let eventValue: UnsafeMutablePointer<S>
  let eventCount: UnsafeMutablePointer<Int>

  init(_ c: NeuronStepContext<S>, _ p: IzhikevichKernel) {
    n = c.spec.n
    dt = S(c.dt)
    height = S(1 / c.dt)
    tauRecovery = S(p.tauRecovery)
    coupling = S(p.coupling)
    resetVoltage = S(p.resetVoltage)
    resetRecovery = S(p.resetRecovery)
    current = c.signals.current.base
    voltage = c.state.required(c.state.voltage, c.population)
    recovery = c.state.required(c.state.auxiliary, c.population)
    output = c.state.output[c.population].base
    eventIndex = c.signals.eventIndex.base
    eventValue = c.signals.eventValue.base
    eventCount = c.signals.eventCount.base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      let j = current + r * n
      let v = voltage + b * n
      let u = recovery + b * n
      let out = output + b * n
      let events = eventIndex + r * n
      let values = eventValue + r * n
      var count = 0
      for i in 0..<n {
        let input = max(-30, j[i])
        var vv = v[i]
        var uu = u[i]
        let dV = (0.04 * (vv * vv) + 5 * vv + 140 - uu + input) * 1000
        vv += dV * dt
        let spiked = vv >= 30
        if spiked { vv = resetVoltage }
        let dU = (tauRecovery * (coupling * vv - uu)) * 1000
        uu += dU * dt
        if spiked {
          uu += resetRecovery
          out[i] = height
          events[count] = Int32(i)
          values[count] = height
          count += 1
        } else {
          out[i] = 0
        }
        v[i] = vv
        u[i] = uu
      }
      eventCount[r] = count
    }
  }
}

extension Izhikevich: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? {
    IzhikevichKernel(
      tauRecovery: tauRecovery, coupling: coupling, resetVoltage: resetVoltage, resetRecovery: resetRecovery)
  }
}
