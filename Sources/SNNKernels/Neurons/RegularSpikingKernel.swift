import SNNModel

/// Nengo's `RegularSpiking` over a rate curve (and `SpikingRectifiedLinear`, which is
/// RegularSpiking over `max(J, 0)`): integrate-and-fire with reset by subtraction, several
/// spikes per step possible:
/// `v += rate(J) dt; k = floor(v); output = k amplitude / dt; v -= k`.
struct RegularSpikingKernel<Curve: RateCurve>: NeuronKernel {
  let base: Curve
  let amplitude: Float

  var isSpiking: Bool { true }
  var state: NeuronKernelState { .voltage }

  func makeStep(_ context: NeuronStepContext) -> any EngineStep {
    RegularSpikingStep(context, base: base, amplitude: amplitude)
  }

  /// Steps `n` neurons of one example; appends the spiking ones to the events.
  /// - Returns: the number of events written.
  @inline(__always)
  static func step(
    base: Curve, n: Int, dt: Float, height: Float, current j: UnsafePointer<Float>,
    voltage v: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>,
    eventIndex: UnsafeMutablePointer<Int32>, eventValue: UnsafeMutablePointer<Float>
  ) -> Int {
    var count = 0
    for i in 0..<n {
      var vv = v[i] + base.rate(j[i]) * dt
      let spikes = vv.rounded(.down)
      vv -= spikes
      v[i] = vv
      let out = spikes * height
      output[i] = out
      if spikes > 0 {
        eventIndex[count] = Int32(i)
        eventValue[count] = out
        count += 1
      }
    }
    return count
  }
}

/// The neurons step of a ``RegularSpikingKernel`` population.
final class RegularSpikingStep<Curve: RateCurve>: EngineStep {
  let base: Curve
  let dt: Float
  let height: Float
  let n: Int
  let current: UnsafeMutablePointer<Float>
  let voltage: UnsafeMutablePointer<Float>
  let output: UnsafeMutablePointer<Float>
  let eventIndex: UnsafeMutablePointer<Int32>
  let eventValue: UnsafeMutablePointer<Float>
  let eventCount: UnsafeMutablePointer<Int>

  init(_ c: NeuronStepContext, base: Curve, amplitude: Float) {
    self.base = base
    dt = c.dt
    height = amplitude / c.dt
    n = c.spec.n
    current = c.signals.current.base
    voltage = c.state.required(c.state.voltage, c.population)
    output = c.state.output[c.population].base
    eventIndex = c.signals.eventIndex.base
    eventValue = c.signals.eventValue.base
    eventCount = c.signals.eventCount.base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      eventCount[r] = RegularSpikingKernel.step(
        base: base, n: n, dt: dt, height: height, current: current + r * n, voltage: voltage + b * n,
        output: output + b * n, eventIndex: eventIndex + r * n, eventValue: eventValue + r * n)
    }
  }
}

extension RegularSpiking: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? {
    guard let curve = Self.rateCurve(of: base, dt: dt) else { return nil }
    return Self.kernel(curve, amplitude: Float(amplitude))
  }

  private static func kernel<Curve: RateCurve>(_ base: Curve, amplitude: Float) -> any NeuronKernel {
    RegularSpikingKernel(base: base, amplitude: amplitude)
  }
}
