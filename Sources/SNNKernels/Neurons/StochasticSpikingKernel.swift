import CSNNKernels
import SNNModel

/// The neurons step of Nengo's `StochasticSpiking` over a rate curve: with `e = |rate(J)| dt` expected spikes,
/// a neuron emits `floor(e)` spikes, plus one when a uniform draw `u` in [0, 1) is below
/// `e - floor(e)`, each of height `amplitude / dt` with the sign of the rate.
///
/// The draws come from the example's own stream (``Xoshiro128x8``, eight 32-bit words at a
/// time, `u = word / 2^32`), one per neuron whose `e` has a fractional part, in neuron
/// order: an example's spikes do not depend on its batch or thread. Nengo's NumPy stream
/// cannot be reproduced, so only the distribution is Nengo's.
final class StochasticSpikingStep<S: EngineScalar>: RatesToSpikesStep<S>, EngineStep {
  let rng: UnsafeMutablePointer<Xoshiro128x8>
  /// Eight random words, drawn together.
  private let words = Buffer<UInt32>(count: 8, repeating: 0)

  override init(_ c: NeuronStepContext<S>, base: any RateCurve, amplitude: Double) {
    rng = c.state.required(c.state.poissonRNG, c.population)
    super.init(c, base: base, amplitude: amplitude)
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      let j = current + r * n
      let out = output + b * n
      let events = eventIndex + r * n
      let values = eventValue + r * n
      var count = 0
      var used = 8
      for i in 0..<n {
        let rate = S.rate(base, j[i])
        rateOut?[r * n + i] = rate
        let expected = dt * abs(rate)
        var spikes = expected.rounded(.down)
        let fraction = expected - spikes
        if fraction > 0 {
          if used == 8 {
            (rng + b).withMemoryRebound(to: snn_xoshiro128x8.self, capacity: 1) {
              snn_xoshiro128x8_next($0, words.base)
            }
            used = 0
          }
          if Double(words[used]) * 0x1p-32 < Double(fraction) { spikes += 1 }
          used += 1
        }
        let value = rate < 0 ? -spikes * height : spikes * height
        out[i] = value
        if spikes != 0 {
          events[count] = Int32(i)
          values[count] = value
          count += 1
        }
      }
      eventCount[r] = count
    }
  }
}

extension StochasticSpiking: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? { kernel(.stochastic, dt: dt) }
}
