import Foundation

/// Nengo 4.1's `QuasirandomSequence`: points scattered evenly over the unit cube
/// `[0, 1)^d` (Roberts' R_d sequence), the base of ``ScatteredHypersphere``.
///
/// Point `i` (1-based) is `(seed + i alpha) mod 1` with `alpha_j = phi_d^-j`
/// (`j = 1 ... d`), where `phi_d` is the positive root of `x^(d+1) = x + 1` (the golden
/// ratio for `d = 1`, the plastic number for `d = 2`). In one dimension the points tile
/// the interval exactly: `(seed + i / n) mod 1` for `i = 0 ... n-1`. The random offset
/// `seed` (uniform in `[0, 1)^d`) and a shuffle of the points are the only random parts,
/// as in Nengo; they come from the caller's generator, so the values differ from Nengo's
/// (NumPy's generator) while the construction is the same.
enum QuasirandomSequence {
  /// `phi_d`, the positive root of `x^(d+1) = x + 1`, by Newton's method from 1 (Nengo's
  /// `_phi`: at most 100 steps, stopping when a step is below 1e-10).
  static func phi(_ d: Int) -> Double {
    var x = 1.0
    for _ in 0..<100 {
      let dx = (pow(x, Double(d + 1)) - x - 1) / (Double(d + 1) * pow(x, Double(d)) - 1)
      x -= dx
      if abs(dx) < 1e-10 { break }
    }
    return x
  }

  /// `n` points of `[0, 1)^d`, row-major (`n x d`).
  /// - Parameters:
  ///   - offset: the sequence's start, `d` values in `[0, 1)`; nil draws it from `rng`.
  ///   - shuffle: whether to shuffle the points (Nengo always does; tests may not).
  static func sample<G: RandomNumberGenerator>(
    _ n: Int, dimensions d: Int, using rng: inout G, offset: [Double]? = nil, shuffle: Bool = true
  ) -> [Double] {
    let seed = offset ?? (0..<d).map { _ in rng.unitDouble() }
    var z = [Double](repeating: 0, count: n * d)
    if d == 1 {
      for i in 0..<n { z[i] = fractionalPart(seed[0] + Double(i) / Double(n)) }
    } else {
      let phiInverse = 1 / phi(d)
      let alpha = (1...d).map { pow(phiInverse, Double($0)) }
      for i in 0..<n {
        for j in 0..<d { z[i * d + j] = fractionalPart(seed[j] + Double(i + 1) * alpha[j]) }
      }
    }
    if shuffle { rng.shuffleRows(&z, rows: n, cols: d) }
    return z
  }

  /// `x mod 1` for `x >= 0`.
  private static func fractionalPart(_ x: Double) -> Double { x - x.rounded(.down) }
}
