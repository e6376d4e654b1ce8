import Foundation

/// Nengo's `PoissonSpiking`: each step a neuron emits `k ~ Poisson(rate(J) * dt)` spikes of
/// height `amplitude / dt`.
///
/// Cost grows with the neurons whose rate is positive, not with the population. The kernel
/// keeps, per neuron, the last current `J` it saw and `lambda = rate(J) dt`; when `J`
/// changes (a new input) it rebuilds a compact list of the active (positive-rate) neurons
/// with their Poisson CDF at 0, 1, 2 and 3 as 32-bit thresholds (`P(k <= m) * 2^32`), laid
/// out contiguously. Each step then draws one 32-bit number `u` per active neuron (none
/// for silent ones), eight at a time, and the count is the number of thresholds `u` has
/// passed — no branch on the coin flips. Past the fourth, the CDF is inverted further from
/// the same `u` (for `lambda > 64`, a normal approximation `round(lambda + sqrt(lambda) z)`).
enum PoissonKernel {
  /// The per-example state of one population (pointers into the simulator's buffers).
  struct State {
    let cachedCurrent: UnsafeMutablePointer<Float>
    let lambda: UnsafeMutablePointer<Float>
    /// Four rows of `stride` thresholds, in active-list order: row m holds `P(k <= m) * 2^32`.
    let threshold: UnsafeMutablePointer<UInt32>
    /// Row length of `threshold` and capacity of `active` (n rounded up to a multiple of 8).
    let stride: Int
    let active: UnsafeMutablePointer<Int32>
    let activeCount: UnsafeMutablePointer<Int32>
    let rng: UnsafeMutablePointer<Xoshiro128x8>
  }

  /// `n` rounded up to a multiple of 8: the per-example size of the threshold rows.
  static func stride(_ n: Int) -> Int { (n + 7) & ~7 }

  /// Steps `n` neurons; writes the events, and `output` when one is given.
  /// - Parameter currentMayHaveChanged: false when the caller knows `J` is as last step.
  /// - Returns: the number of events written.
  @inline(__always)
  static func step(
    base: RateFunction, height: Float, dt: Float, n: Int, current j: UnsafePointer<Float>,
    currentMayHaveChanged: Bool, state s: State, output: UnsafeMutablePointer<Float>?,
    eventIndex: UnsafeMutablePointer<Int32>, eventValue: UnsafeMutablePointer<Float>
  ) -> Int {
    if currentMayHaveChanged && currentChanged(n: n, j, s.cachedCurrent) {
      rebuild(base: base, dt: dt, n: n, current: j, state: s)
    }
    output?.update(repeating: 0, count: n)
    typealias U = SIMD8<UInt32>
    let one = U(repeating: 1)
    let zero = U(repeating: 0)
    let four = U(repeating: 4)
    let heightV = SIMD8<Float>(repeating: height)
    let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    var count = 0
    var rng = s.rng.pointee
    let active = Int(s.activeCount.pointee)
    var a = 0
    while a < active {
      let u = rng.next()
      var k = zero
      for m in 0..<4 {
        let t = UnsafeRawPointer(s.threshold + m * s.stride + a).loadUnaligned(as: U.self)
        k &+= one.replacing(with: zero, where: u .< t)
      }
      // Lanes past the active list hold stale thresholds: they never spike.
      k.replace(with: zero, where: lanes .>= SIMD8<Int32>(repeating: Int32(active - a)))
      let counts = SIMD8<Int32>(truncatingIfNeeded: k)
      let index = UnsafeRawPointer(s.active + a).loadUnaligned(as: SIMD8<Int32>.self)
      var spikes = SIMD8<Float>(counts)
      if (k .== four).anySet {
        // Past P(k <= 3) (rare unless lambda is large): invert the CDF further.
        for l in 0..<8 where k[l] == 4 {
          spikes[l] = Float(spikeCount(u: u[l], lambda: s.lambda[Int(index[l])], rng: &rng))
        }
      }
      let first = count
      count = Events.append((k .!= zero).lanes01, index: index, value: spikes * heightV, to: eventIndex, eventValue, count: count)
      if let output {
        for e in first..<count { output[Int(eventIndex[e])] = eventValue[e] }
      }
      a += 8
    }
    s.rng.pointee = rng
    return count
  }

  /// Recomputes lambda for neurons whose current changed and rebuilds the active list.
  static func rebuild(base: RateFunction, dt: Float, n: Int, current j: UnsafePointer<Float>, state s: State) {
    var active = 0
    for i in 0..<n {
      if j[i] != s.cachedCurrent[i] {
        s.cachedCurrent[i] = j[i]
        s.lambda[i] = RateKernels.rate(base, j[i]) * dt
      }
      let lam = s.lambda[i]
      guard lam > 0 else { continue }
      s.active[active] = Int32(i)
      var p = Foundation.exp(-Double(lam))
      var cdf = p
      for m in 0..<4 {
        if m > 0 {
          p *= Double(lam) / Double(m)
          cdf += p
        }
        let scaled = cdf * 4_294_967_296.0
        s.threshold[m * s.stride + active] = scaled >= 4_294_967_295.0 ? .max : UInt32(scaled)
      }
      active += 1
    }
    s.activeCount.pointee = Int32(active)
  }

  /// Whether any `J[i]` differs from the cached one (NaN cached = never seen).
  @inline(__always)
  static func currentChanged(n: Int, _ j: UnsafePointer<Float>, _ cached: UnsafePointer<Float>) -> Bool {
    typealias V = SIMD8<Float>
    var i = 0
    while i + 8 <= n {
      let a = UnsafeRawPointer(j + i).loadUnaligned(as: V.self)
      let b = UnsafeRawPointer(cached + i).loadUnaligned(as: V.self)
      if (a .!= b).anySet { return true }
      i += 8
    }
    while i < n {
      if j[i] != cached[i] { return true }
      i += 1
    }
    return false
  }

  /// The Poisson count whose CDF interval holds `u` (called when `u` is past `P(k <= 3)`).
  static func spikeCount(u: UInt32, lambda: Float, rng: inout Xoshiro128x8) -> Int {
    let lam = Double(lambda)
    let uu = (Double(u) + 0.5) * (1.0 / 4_294_967_296.0)
    if lam > 64 {
      let u2 = (Double(rng.next()[0]) + 0.5) * (1.0 / 4_294_967_296.0)
      let z = (-2 * Foundation.log(uu)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
      return max(0, Int((lam + lam.squareRoot() * z).rounded()))
    }
    var k = 0
    var p = Foundation.exp(-lam)
    var cdf = p
    while uu > cdf && k < 1000 {
      k += 1
      p *= lam / Double(k)
      cdf += p
      if p == 0 { break }
    }
    return max(k, 4)
  }
}
