import Foundation

/// Nengo's `PoissonSpiking`: each step a neuron emits `k ~ Poisson(rate(J) * dt)` spikes of
/// height `amplitude / dt`.
///
/// Cost grows with the neurons whose rate is positive, not with the population: the
/// kernel keeps, per neuron, the last current `J` it saw, `lambda = rate(J) dt` and the
/// 32-bit threshold `exp(-lambda) * 2^32`. Only when `J` changes (a new input) are they
/// recomputed and the list of active (positive-rate) neurons rebuilt; each step then draws
/// one 32-bit number per active neuron (none for silent ones) and compares it with the
/// threshold. The count of a spiking neuron is found by inverting the Poisson CDF from the
/// same number (for `lambda > 64`, a normal approximation `round(lambda + sqrt(lambda) z)`).
enum PoissonKernel {
  /// The per-example state of one population (pointers into the simulator's buffers).
  struct State {
    let cachedCurrent: UnsafeMutablePointer<Float>
    let lambda: UnsafeMutablePointer<Float>
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
          s.threshold[i] = zeroThreshold(lam)
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
      if u >= s.threshold[i] {
        let k = spikeCount(u: u, lambda: s.lambda[i], rng: &rng)
        if k > 0 {
          let out = Float(k) * height
          output[i] = out
          eventIndex[count] = Int32(i)
          eventValue[count] = out
          count += 1
        }
      }
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

  /// `P(k = 0) * 2^32 = exp(-lambda) * 2^32`, so that `u < threshold` has probability
  /// `exp(-lambda)` for a uniform 32-bit `u`.
  static func zeroThreshold(_ lambda: Float) -> UInt32 {
    if lambda <= 0 { return UInt32.max }
    let p = Foundation.exp(-Double(lambda)) * 4_294_967_296.0
    return p >= 4_294_967_295.0 ? UInt32.max : UInt32(p)
  }

  /// The Poisson count whose CDF interval holds `u` (given that `u` is past `P(0)`).
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
