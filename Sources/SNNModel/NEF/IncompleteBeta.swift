import Foundation

/// The regularized incomplete beta function `I_x(a, b)` and its inverse in `x`: what
/// ``ScatteredHypersphere`` needs to spread points evenly over a sphere (SciPy's
/// `betainc` and `betaincinv`, which Nengo's exact "sct" method calls).
enum IncompleteBeta {
  /// `I_x(a, b) = B(x; a, b) / B(a, b)` for `a, b > 0` and `x` in `[0, 1]`, by the
  /// continued fraction of Numerical Recipes (section 6.4, modified Lentz), evaluated
  /// on whichever side of the mean converges fast. Accurate to about 1e-14.
  static func regularized(_ x: Double, a: Double, b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x))
    if x < (a + 1) / (a + b + 2) {
      return front * continuedFraction(x, a: a, b: b) / a
    }
    return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
  }

  /// The `x` in `[0, 1]` with `I_x(a, b) = p`, for `p` in `[0, 1]`: Newton's method on
  /// the density, kept inside a shrinking bisection bracket, to 1e-15 in `x`.
  static func inverse(_ p: Double, a: Double, b: Double) -> Double {
    if p <= 0 { return 0 }
    if p >= 1 { return 1 }
    let logBeta = lgamma(a) + lgamma(b) - lgamma(a + b)
    var (low, high) = (0.0, 1.0)
    var x = 0.5
    for _ in 0..<200 {
      let f = regularized(x, a: a, b: b) - p
      if f == 0 { return x }
      if f < 0 { low = x } else { high = x }
      let density = exp((a - 1) * log(x) + (b - 1) * log1p(-x) - logBeta)
      var next = x - f / density
      if !(next > low && next < high) { next = 0.5 * (low + high) }
      if abs(next - x) <= 1e-15 * max(x, 1e-300) || high - low <= 1e-300 { return next }
      x = next
    }
    return x
  }

  /// The continued fraction of `I_x(a, b)` (Numerical Recipes' `betacf`).
  private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
    let tiny = 1e-300
    let (qab, qap, qam) = (a + b, a + 1, a - 1)
    var c = 1.0
    var d = 1 - qab * x / qap
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...10_000 {
      let m = Double(m)
      let m2 = 2 * m
      var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-16 { break }
    }
    return h
  }
}
