import SNNModel

/// The neurons step of Nengo's `RegularSpiking` over a rate curve (and `SpikingRectifiedLinear`, which is
/// RegularSpiking over `max(J, 0)`): integrate-and-fire with reset by subtraction, several
/// spikes per step possible:
/// `v += rate(J) dt; k = floor(v); output = k amplitude / dt; v -= k`.
final class RegularSpikingStep<S: EngineScalar>: RatesToSpikesStep<S>, EngineStep {
  let voltage: UnsafeMutablePointer<S>

  override init(_ c: NeuronStepContext<S>, base: any RateCurve, amplitude: Double) {
    voltage = c.state.required(c.state.voltage, c.population)
    super.init(c, base: base, amplitude: amplitude)
  }

  /// Steps `n` neurons of one example; appends the spiking ones to the events.
  /// - Returns: the number of events written.
  @inline(__always)
  static func step(
    base: any RateCurve, n: Int, dt: S, height: S, current j: UnsafePointer<S>, voltage v: UnsafeMutablePointer<S>,
    output: UnsafeMutablePointer<S>, eventIndex: UnsafeMutablePointer<Int32>, eventValue: UnsafeMutablePointer<S>,
    rateOut: UnsafeMutablePointer<S>?
  ) -> Int {
    var count = 0
    for i in 0..<n {
      let rate = S.rate(base, j[i])
      rateOut?[i] = rate
      var vv = v[i] + rate * dt
      let spikes = vv.rounded(.down)
      vv -= spikes
      v[i] = vv
      let out = spikes * height
      output[i] = out
      if spikes != 0 {  // a negative rate (Tanh) gives negative spikes
        eventIndex[count] = Int32(i)
        eventValue[count] = out
        count += 1
      }
    }
    return count
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      eventCount[r] = Self.step(
        base: base, n: n, dt: dt, height: height, current: current + r * n, voltage: voltage + b * n,
        output: output + b * n, eventIndex: eventIndex + r * n, eventValue: eventValue + r * n,
        rateOut: rateOut.map { $0 + r * n })
    }
  }
}

extension RegularSpiking: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? { kernel(.regular, dt: dt) }
}
