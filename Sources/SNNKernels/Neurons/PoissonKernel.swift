import CSNNKernels
import Foundation
import SNNModel

/// Nengo's `PoissonSpiking`: each step a neuron emits `k ~ Poisson(rate(J) * dt)` spikes of
/// height `amplitude / dt`; a negative rate (a `Tanh` base below its intercept) gives
/// `-Poisson(|rate(J)| * dt)` spikes, as Nengo's `sign(J) * poisson(|J| dt)`.
///
/// Cost grows with the neurons whose rate is positive, not with the population. The kernel
/// keeps, per neuron, the last current `J` it saw and `lambda = rate(J) dt`; when `J`
/// changes (a new input) it rebuilds a compact list of the active (positive-rate) neurons
/// with their Poisson CDF at 0, 1, ..., 7 as 32-bit thresholds (`P(k <= m) * 2^32`), laid
/// out contiguously. Each step then draws one 32-bit number `u` per active neuron (none
/// for silent ones), sixteen at a time, and the count is the number of thresholds `u` has
/// passed — no branch on the coin flips (that loop is `snn_poisson_step` in CSNNKernels,
/// which also packs the spiking lanes into the event list). Past the eighth threshold
/// (one draw in 10^5 at lambda = 1, nearly every draw at lambda = 25.5, the rate of a raw
/// pixel 255 through `RectifiedLinear` with gain 100) the CDF is inverted further from the
/// same `u`, in a table of `P(k <= m)` for m >= 8 cached with the thresholds
/// (`snn_poisson_tail`: the same counts as summing the CDF at each draw, without an `exp`
/// per draw); for `lambda > 64`, a normal approximation `round(lambda + sqrt(lambda) z)`.
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
    /// Each active neuron's CDF table past the thresholds (in active-list order), or nil.
    let tail: UnsafeMutablePointer<UnsafePointer<Double>?>
    let activeCount: UnsafeMutablePointer<Int32>
    /// Whether neuron i's rate is negative (its spikes are negative).
    let negative: UnsafeMutablePointer<Bool>
    /// Whether any rate is negative (1) or not (0).
    let anyNegative: UnsafeMutablePointer<Int32>
    let rng: UnsafeMutablePointer<Xoshiro128x8>
    /// A ``ThresholdCache`` of the worker's (shared by the examples it steps).
    let cache: ThresholdCache
  }

  /// Thresholds already computed, by lambda: a converted MNIST network has 255 distinct
  /// input rates, so a chunk's new examples rarely need an `exp`. Direct-mapped; a slot
  /// holds a lambda's bit pattern (0: empty; lambda is positive), its ``rows``
  /// thresholds and its CDF table past them (``tailLength`` doubles, NaN first when they
  /// did not fit), written when the slot is filled.
  struct ThresholdCache {
    static let slots = 1024
    static let tailLength = Int(SNN_POISSON_TAIL)
    let keys: UnsafeMutablePointer<UInt64>
    let values: UnsafeMutablePointer<UInt32>
    let tails: UnsafeMutablePointer<Double>
  }

  /// Owns a ``ThresholdCache``: keys zeroed, thresholds and tables uninitialised (1 MB of
  /// tables, of which a network with a few hundred distinct rates touches a fraction).
  final class CacheStorage {
    let cache: ThresholdCache
    init() {
      let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: ThresholdCache.slots)
      keys.initialize(repeating: 0, count: ThresholdCache.slots)
      cache = ThresholdCache(
        keys: keys, values: .allocate(capacity: ThresholdCache.slots * rows),
        tails: .allocate(capacity: ThresholdCache.slots * ThresholdCache.tailLength))
    }
    deinit {
      cache.keys.deallocate()
      cache.values.deallocate()
      cache.tails.deallocate()
    }
  }

  /// Owns the tables of `examples` examples of `n` neurons (``state(_:rng:cache:)`` for
  /// each): derived from the input current alone, so a fresh one needs no initial values
  /// beyond "no current seen yet".
  final class Tables<S: EngineScalar> {
    let n: Int
    let stride: Int
    private let cachedCurrent: Buffer<S>
    private let lambda: Buffer<S>
    private let threshold: Buffer<UInt32>
    private let active: Buffer<Int32>
    private let tail: Buffer<UnsafePointer<Double>?>
    private let activeCount: Buffer<Int32>
    private let negative: Buffer<Bool>
    private let anyNegative: Buffer<Int32>

    init(n: Int, examples: Int) {
      self.n = n
      stride = PoissonKernel.stride(n)
      cachedCurrent = Buffer(count: examples * n, repeating: .nan)
      lambda = Buffer(count: examples * n, repeating: 0)
      threshold = Buffer(count: examples * rows * stride, repeating: .max)
      active = Buffer(count: examples * stride, repeating: 0)
      tail = Buffer(count: examples * stride, repeating: nil)
      activeCount = Buffer(count: examples, repeating: 0)
      negative = Buffer(count: examples * n, repeating: false)
      anyNegative = Buffer(count: examples, repeating: 0)
    }

    /// Example `r`'s state, drawing from `rng` and sharing `cache`.
    func state(_ r: Int, rng: UnsafeMutablePointer<Xoshiro128x8>, cache: ThresholdCache) -> State<S> {
      State(
        cachedCurrent: cachedCurrent.base + r * n, lambda: lambda.base + r * n,
        threshold: threshold.base + rows * r * stride, stride: stride, active: active.base + r * stride,
        tail: tail.base + r * stride, activeCount: activeCount.base + r, negative: negative.base + r * n,
        anyNegative: anyNegative.base + r, rng: rng, cache: cache)
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
    let count = s.rng.withMemoryRebound(to: snn_xoshiro128x8.self, capacity: 1) { rng in
      S.poissonStep(
        path, active: Int(s.activeCount.pointee), activeIndex: s.active, threshold: s.threshold, stride: s.stride,
        lambda: s.lambda, tail: s.tail, height: height, rng: rng, output: output, eventIndex: eventIndex,
        eventValue: eventValue)
    }
    if s.anyNegative.pointee != 0 {  // counts of |lambda|, negated for negative rates
      for e in 0..<count where s.negative[Int(eventIndex[e])] {
        eventValue[e] = -eventValue[e]
        output?[Int(eventIndex[e])] = eventValue[e]
      }
    }
    return count
  }

  /// Recomputes lambda (`|rate(J)| dt`, and the rate's sign) for neurons whose current
  /// changed and rebuilds the active list.
  static func rebuild<S: EngineScalar>(
    base: any RateCurve, dt: S, n: Int, current j: UnsafePointer<S>, state s: State<S>
  ) {
    var active = 0
    var anyNegative: Int32 = 0
    for i in 0..<n {
      if j[i] != s.cachedCurrent[i] {
        s.cachedCurrent[i] = j[i]
        let lam = S.rate(base, j[i]) * dt
        s.lambda[i] = abs(lam)
        s.negative[i] = lam < 0
      }
      let lam = s.lambda[i]
      guard lam > 0 else { continue }
      if s.negative[i] { anyNegative = 1 }
      s.active[active] = Int32(i)
      // The cache keeps what it holds for its life (examples of the chunk and later steps
      // point into its tables); past four full slots, this neuron's thresholds are computed
      // here and its draws past them sum the CDF.
      let key = lam.cacheKey
      let home = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 54)  // 10 bits: ThresholdCache.slots
      var slot: Int? = nil
      for probe in 0..<4 {
        let candidate = (home + probe) & (ThresholdCache.slots - 1)
        if s.cache.keys[candidate] == 0 {
          s.cache.keys[candidate] = key
          let table = s.cache.tails + candidate * ThresholdCache.tailLength
          thresholds(Double(lam), into: s.cache.values + candidate * rows, stride: 1)
          if snn_poisson_tail(Double(lam), table, Int64(ThresholdCache.tailLength)) == 0 { table[0] = .nan }
        }
        if s.cache.keys[candidate] == key {
          slot = candidate
          break
        }
      }
      if let slot {
        let cached = s.cache.values + slot * rows
        for m in 0..<rows { s.threshold[m * s.stride + active] = cached[m] }
        let table = s.cache.tails + slot * ThresholdCache.tailLength
        s.tail[active] = lam <= 64 && !table[0].isNaN ? UnsafePointer(table) : nil
      } else {
        thresholds(Double(lam), into: s.threshold + active, stride: s.stride)
        s.tail[active] = nil
      }
      active += 1
    }
    s.activeCount.pointee = Int32(active)
    s.anyNegative.pointee = anyNegative
  }

  /// Poisson(`lam`)'s `P(k <= m) * 2^32` for m = 0..<``rows``, at `out[m * stride]`.
  static func thresholds(_ lam: Double, into out: UnsafeMutablePointer<UInt32>, stride: Int) {
    var p = Foundation.exp(-lam)
    var cdf = p
    for m in 0..<rows {
      if m > 0 {
        p *= lam / Double(m)
        cdf += p
      }
      let scaled = cdf * 4_294_967_296.0
      out[m * stride] = scaled >= 4_294_967_295.0 ? .max : UInt32(scaled)
    }
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
  let tables: PoissonKernel.Tables<S>
  let cacheStorage = PoissonKernel.CacheStorage()

  init(_ c: NeuronStepContext<S>, base: any RateCurve, amplitude: Double) {
    self.base = base
    path = c.instructions.path
    dt = S(c.dt)
    height = S(amplitude) / S(c.dt)
    n = c.spec.n
    staticCurrent = c.staticCurrent
    current = c.signals.current.base
    output = c.outputRead ? c.state.output[c.population].base : nil
    rng = c.state.required(c.state.poissonRNG, c.population)
    eventIndex = c.signals.eventIndex.base
    eventValue = c.signals.eventValue.base
    eventCount = c.signals.eventCount.base
    rateOut = c.signals.rateOut?.base
    tables = PoissonKernel.Tables(n: n, examples: c.chunk)
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      let st = tables.state(r, rng: rng + b, cache: cacheStorage.cache)
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

extension PoissonSpiking: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? { kernel(.poisson, dt: dt) }
}
