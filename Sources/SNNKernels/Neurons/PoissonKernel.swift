import CSNNKernels
import Foundation
import SNNModel

/// Nengo's `PoissonSpiking`: each step a neuron emits `k ~ Poisson(rate(J) * dt)` spikes of
/// height `amplitude / dt`.
///
/// Cost grows with the neurons whose rate is positive, not with the population. The kernel
/// keeps, per neuron, the last current `J` it saw and `lambda = rate(J) dt`; when `J`
/// changes (a new input) it rebuilds a compact list of the active (positive-rate) neurons
/// with their Poisson CDF at 0, 1, ..., 7 as 32-bit thresholds (`P(k <= m) * 2^32`), laid
/// out contiguously. Each step then draws one 32-bit number `u` per active neuron (none
/// for silent ones), sixteen at a time, and the count is the number of thresholds `u` has
/// passed — no branch on the coin flips (that loop is `snn_poisson_step` in CSNNKernels,
/// which also packs the spiking lanes into the event list). Past the eighth threshold
/// (one draw in 10^5 at lambda = 1), the CDF is inverted further from the same `u` (for
/// `lambda > 64`, a normal approximation `round(lambda + sqrt(lambda) z)`).
enum PoissonKernel {
  /// The per-example state of one population (pointers into the simulator's buffers).
  struct State<S: EngineScalar> {
    let cachedCurrent: UnsafeMutablePointer<S>
    let lambda: UnsafeMutablePointer<S>
    /// ``PoissonKernel/rows`` rows of `stride` thresholds, in active-list order: row m holds
    /// `P(k <= m) * 2^32`.
    let threshold: UnsafeMutablePointer<UInt32>
    /// Row length of `threshold` and capacity of `active` (n rounded up to a multiple of 8).
    let stride: Int
    let active: UnsafeMutablePointer<Int32>
    let activeCount: UnsafeMutablePointer<Int32>
    let rng: UnsafeMutablePointer<Xoshiro128x8>
    /// A ``ThresholdCache`` of the worker's (shared by the examples it steps).
    let cache: ThresholdCache
  }

  /// Thresholds already computed, by lambda: a converted MNIST network has 255 distinct
  /// input rates, so a chunk's new examples rarely need an `exp`. Direct-mapped; a slot
  /// holds a lambda's bit pattern (0: empty; lambda is positive) and its ``rows``
  /// thresholds.
  struct ThresholdCache {
    static let slots = 1024
    let keys: UnsafeMutablePointer<UInt64>
    let values: UnsafeMutablePointer<UInt32>

    /// The cache's storage: `keys` (``slots`` zeros) and `values` (``slots`` x ``rows``).
    static func storage() -> (keys: Buffer<UInt64>, values: Buffer<UInt32>) {
      (Buffer(count: slots, repeating: 0), Buffer(count: slots * rows, repeating: 0))
    }
  }

  /// Thresholds per active neuron: counts up to 7 need no CDF inversion.
  static let rows = Int(SNN_POISSON_ROWS)

  /// `n` rounded up to a multiple of 16: the per-example size of the threshold rows (the
  /// kernel reads whole blocks of 16).
  static func stride(_ n: Int) -> Int { (n + 15) & ~15 }

  /// Steps `n` neurons; writes the events, and `output` when one is given.
  /// - Parameter currentMayHaveChanged: false when the caller knows `J` is as last step.
  /// - Returns: the number of events written.
  @inline(__always)
  static func step<S: EngineScalar>(
    path: snn_path, base: any RateCurve, height: S, dt: S, n: Int, current j: UnsafePointer<S>,
    currentMayHaveChanged: Bool, state s: State<S>, output: UnsafeMutablePointer<S>?,
    eventIndex: UnsafeMutablePointer<Int32>, eventValue: UnsafeMutablePointer<S>
  ) -> Int {
    if currentMayHaveChanged && currentChanged(n: n, j, s.cachedCurrent) {
      rebuild(base: base, dt: dt, n: n, current: j, state: s)
    }
    output?.update(repeating: 0, count: n)
    return s.rng.withMemoryRebound(to: snn_xoshiro128x8.self, capacity: 1) { rng in
      S.poissonStep(
        path, active: Int(s.activeCount.pointee), activeIndex: s.active, threshold: s.threshold, stride: s.stride,
        lambda: s.lambda, height: height, rng: rng, output: output, eventIndex: eventIndex, eventValue: eventValue)
    }
  }

  /// Recomputes lambda for neurons whose current changed and rebuilds the active list.
  static func rebuild<S: EngineScalar>(
    base: any RateCurve, dt: S, n: Int, current j: UnsafePointer<S>, state s: State<S>
  ) {
    var active = 0
    for i in 0..<n {
      if j[i] != s.cachedCurrent[i] {
        s.cachedCurrent[i] = j[i]
        s.lambda[i] = S.rate(base, j[i]) * dt
      }
      let lam = s.lambda[i]
      guard lam > 0 else { continue }
      s.active[active] = Int32(i)
      let key = lam.cacheKey
      let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 54)  // 10 bits: ThresholdCache.slots
      let cached = s.cache.values + slot * rows
      if s.cache.keys[slot] != key {
        s.cache.keys[slot] = key
        var p = Foundation.exp(-Double(lam))
        var cdf = p
        for m in 0..<rows {
          if m > 0 {
            p *= Double(lam) / Double(m)
            cdf += p
          }
          let scaled = cdf * 4_294_967_296.0
          cached[m] = scaled >= 4_294_967_295.0 ? .max : UInt32(scaled)
        }
      }
      for m in 0..<rows { s.threshold[m * s.stride + active] = cached[m] }
      active += 1
    }
    s.activeCount.pointee = Int32(active)
  }

  /// Whether any `J[i]` differs from the cached one (NaN cached = never seen).
  static func currentChanged<S: EngineScalar>(n: Int, _ j: UnsafePointer<S>, _ cached: UnsafePointer<S>) -> Bool {
    for i in 0..<n where j[i] != cached[i] { return true }
    return false
  }
}

/// The neurons step of a PoissonSpiking population, with the worker's own lookup tables for
/// the examples of its chunk: derived from the input current alone, so they are rebuilt,
/// not carried, when a chunk starts.
final class PoissonStep<S: EngineScalar>: EngineStep {
  let base: any RateCurve
  let path: snn_path
  let dt: S
  let height: S
  let n: Int
  let stride: Int
  /// Whether the current is the same at every step of a chunk (then only the chunk's first
  /// step may see a new one).
  let staticCurrent: Bool
  let current: UnsafeMutablePointer<S>
  /// The dense output, when someone reads it (nil: events only).
  let output: UnsafeMutablePointer<S>?
  let rng: UnsafeMutablePointer<Xoshiro128x8>
  let eventIndex: UnsafeMutablePointer<Int32>
  let eventValue: UnsafeMutablePointer<S>
  let eventCount: UnsafeMutablePointer<Int>
  /// The base rates, when probed (row `r` of the chunk at `r * n`).
  let rateOut: UnsafeMutablePointer<S>?
  /// The tables, owned by `tables` (``PoissonKernel/State`` for row r of the chunk).
  let cachedCurrent: UnsafeMutablePointer<S>
  let lambda: UnsafeMutablePointer<S>
  let threshold: UnsafeMutablePointer<UInt32>
  let active: UnsafeMutablePointer<Int32>
  let activeCount: UnsafeMutablePointer<Int32>
  let cache: PoissonKernel.ThresholdCache
  private let tables:
    (Buffer<S>, Buffer<S>, Buffer<UInt32>, Buffer<Int32>, Buffer<Int32>, Buffer<UInt64>, Buffer<UInt32>)

  init(_ c: NeuronStepContext<S>, base: any RateCurve, amplitude: Double) {
    self.base = base
    path = c.instructions.path
    dt = S(c.dt)
    height = S(amplitude) / S(c.dt)
    n = c.spec.n
    stride = PoissonKernel.stride(n)
    staticCurrent = c.staticCurrent
    current = c.signals.current.base
    output = c.outputRead ? c.state.output[c.population].base : nil
    rng = c.state.required(c.state.poissonRNG, c.population)
    eventIndex = c.signals.eventIndex.base
    eventValue = c.signals.eventValue.base
    eventCount = c.signals.eventCount.base
    rateOut = c.signals.rateOut?.base
    let cached = Buffer<S>(count: c.chunk * n, repeating: .nan)
    let lambdas = Buffer<S>(count: c.chunk * n, repeating: 0)
    let thresholds = Buffer<UInt32>(count: c.chunk * PoissonKernel.rows * stride, repeating: .max)
    let actives = Buffer<Int32>(count: c.chunk * stride, repeating: 0)
    let counts = Buffer<Int32>(count: c.chunk, repeating: 0)
    let storage = PoissonKernel.ThresholdCache.storage()
    tables = (cached, lambdas, thresholds, actives, counts, storage.keys, storage.values)
    cachedCurrent = cached.base
    lambda = lambdas.base
    threshold = thresholds.base
    active = actives.base
    activeCount = counts.base
    cache = PoissonKernel.ThresholdCache(keys: storage.keys.base, values: storage.values.base)
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      let st = PoissonKernel.State(
        cachedCurrent: cachedCurrent + r * n, lambda: lambda + r * n,
        threshold: threshold + PoissonKernel.rows * r * stride, stride: stride,
        active: active + r * stride, activeCount: activeCount + r, rng: rng + b, cache: cache)
      eventCount[r] = PoissonKernel.step(
        path: path, base: base, height: height, dt: dt, n: n, current: current + r * n,
        currentMayHaveChanged: chunk.chunkStart || !staticCurrent, state: st, output: output.map { $0 + b * n },
        eventIndex: eventIndex + r * n, eventValue: eventValue + r * n)
      if let rates = rateOut.map({ $0 + r * n }) {
        let j = current + r * n
        for i in 0..<n { rates[i] = S.rate(base, j[i]) }
      }
    }
  }
}

/// The kernel of a PoissonSpiking population over a rate curve.
struct PoissonSpikingKernel: NeuronKernel {
  let base: any RateCurve
  let amplitude: Double

  var isSpiking: Bool { true }
  var state: NeuronKernelState { .randomStream }
  func makeStep<S: EngineScalar>(_ context: NeuronStepContext<S>) -> StepFunction {
    specialised(
      context, float: { PoissonStep($0, base: base, amplitude: amplitude).function },
      double: { PoissonStep($0, base: base, amplitude: amplitude).function })
  }
}

extension PoissonSpiking: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? {
    guard let curve = Self.rateCurve(of: base, dt: dt) else { return nil }
    return PoissonSpikingKernel(base: curve, amplitude: amplitude)
  }
}
