import Foundation

/// Nengo's `PoissonSpiking`: each step a neuron emits `k ~ Poisson(rate(J) * dt)` spikes of
/// height `amplitude / dt`.
///
/// Cost grows with the neurons whose rate is positive, not with the population: the
/// kernel keeps, per neuron, the last current `J` it saw, `lambda = rate(J) dt` and the
/// Poisson CDF at 0, 1, 2 and 3 as 32-bit thresholds (`P(k <= m) * 2^32`). Only when `J`
/// changes (a new input) are they recomputed and the list of active (positive-rate)
/// neurons rebuilt; each step then draws one 32-bit number `u` per active neuron (none for
/// silent ones), and the count is the number of thresholds `u` has passed. Past the
/// fourth, the CDF is inverted further from the same `u` (for `lambda > 64`, a normal
/// approximation `round(lambda + sqrt(lambda) z)`).
enum PoissonKernel {
  /// The per-example state of one population (pointers into the simulator's buffers).
  struct State {
    let cachedCurrent: UnsafeMutablePointer<Float>
    let lambda: UnsafeMutablePointer<Float>
    /// Four thresholds per neuron: `P(k <= 0...3) * 2^32`.
    let threshold: UnsafeMutablePointer<UInt32>
    let active: UnsafeMutablePointer<Int32>
    let activeCount: UnsafeMutablePointer<Int32>
    let rng: UnsafeMutablePointer<Xoshiro128>
  }

  /// Steps `n` neurons; writes `output` and the events.
  /// - Returns: the number of events written.
  @inline(__always)
  static func step(
    base: RateFunction, height: Float, dt: Float, n: Int, current j: UnsafePointer<Float>, state s: State,
    output: UnsafeMutablePointer<Float>, eventIndex: UnsafeMutablePointer<Int32>,
    eventValue: UnsafeMutablePointer<Float>
  ) -> Int {
    if currentChanged(n: n, j, s.cachedCurrent) {
      var active = 0
      for i in 0..<n {
        if j[i] != s.cachedCurrent[i] {
          s.cachedCurrent[i] = j[i]
          let lam = RateKernels.rate(base, j[i]) * dt
          s.lambda[i] = lam
          setThresholds(lam, s.threshold + 4 * i)
        }
        if s.lambda[i] > 0 {
          s.active[active] = Int32(i)
          active += 1
        }
      }
      s.activeCount.pointee = Int32(active)
    }
    output.update(repeating: 0, count: n)
    var count = 0
    var rng = s.rng.pointee
    let active = Int(s.activeCount.pointee)
    for a in 0..<active {
      let i = Int(s.active[a])
      let u = rng.next()
      let t = s.threshold + 4 * i
      // Branch-free count of thresholds passed: spiking is a coin flip the branch
      // predictor cannot learn.
      var k = Int(truncatingIfNeeded: (u >= t[0] ? 1 : 0) &+ (u >= t[1] ? 1 : 0) &+ (u >= t[2] ? 1 : 0) &+ (u >= t[3] ? 1 : 0))
      if k == 4 { k = spikeCount(u: u, lambda: s.lambda[i], rng: &rng) }
      let out = Float(k) * height
      output[i] = out
      eventIndex[count] = Int32(i)
      eventValue[count] = out
      count &+= k > 0 ? 1 : 0
    }
    s.rng.pointee = rng
    return count
  }

  /// Whether any `J[i]` differs from the cached one (NaN cached = never seen).
  @inline(__always)
  static func currentChanged(n: Int, _ j: UnsafePointer<Float>, _ cached: UnsafePointer<Float>) -> Bool {
    typealias V = SIMD8<Float>
    var i = 0
    while i + 8 <= n {
      let a = UnsafeRawPointer(j + i).loadUnaligned(as: V.self)
      let b = UnsafeRawPointer(cached + i).loadUnaligned(as: V.self)
      if any(a .!= b) { return true }
      i += 8
    }
    while i < n {
      if j[i] != cached[i] { return true }
      i += 1
    }
    return false
  }

  /// Writes `P(k <= m) * 2^32` for m = 0...3 to `t` (saturating at `UInt32.max`).
  static func setThresholds(_ lambda: Float, _ t: UnsafeMutablePointer<UInt32>) {
    if lambda <= 0 {
      for m in 0..<4 { t[m] = .max }
      return
    }
    let lam = Double(lambda)
    var p = Foundation.exp(-lam)
    var cdf = p
    for m in 0..<4 {
      if m > 0 {
        p *= lam / Double(m)
        cdf += p
      }
      let scaled = cdf * 4_294_967_296.0
      t[m] = scaled >= 4_294_967_295.0 ? .max : UInt32(scaled)
    }
  }

  /// The Poisson count whose CDF interval holds `u` (called when `u` is past `P(k <= 3)`).
  static func spikeCount(u: UInt32, lambda: Float, rng: inout Xoshiro128) -> Int {
    let lam = Double(lambda)
    if lam > 64 {
      let u1 = (Double(u) + 0.5) * (1.0 / 4_294_967_296.0)
      let u2 = rng.nextOpenUnit()
      let z = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
      return max(0, Int((lam + lam.squareRoot() * z).rounded()))
    }
    let uu = (Double(u) + 0.5) * (1.0 / 4_294_967_296.0)
    var k = 0
    var p = Foundation.exp(-lam)
    var cdf = p
    while uu > cdf && k < 1000 {
      k += 1
      p *= lam / Double(k)
      cdf += p
      if p == 0 { break }
    }
    return k
  }
}
