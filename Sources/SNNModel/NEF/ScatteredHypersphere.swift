import Foundation

/// Nengo 4.1's `ScatteredHypersphere`, its default for encoders (on the surface) and eval
/// points (in the ball): quasi-random points spread more evenly than independent draws
/// (discrepancy about `1/n` instead of `1/sqrt(n)`).
///
/// Nengo's construction, step by step (`nengo/dists.py`):
/// - `d = 1`: on the surface, the sign of a ``QuasirandomSequence`` point minus 1/2; in the
///   ball, `n/2` sequence points and `n - n/2` negated ones (each mapped to
///   `[min_magnitude, 1)`), shuffled together.
/// - `d > 1`: a quasi-random sequence in `d - 1` dimensions (surface) or `d` (ball, the last
///   coordinate becoming the radius `(u (1 - m^d) + m^d)^(1/d)`), mapped onto the sphere by
///   the spherical coordinate transform (SCT, Fang & Wang 1994, section 1.5): coordinate
///   `j` of `k = d - 1` goes through the inverse CDF of the `j`-th spherical angle,
///   `arcsin(sqrt(I⁻¹(2y; (k - j)/2, 1/2))) / pi` (reflected for `y > 1/2`), then
///   `x_0 = cos(pi c_0)`, `x_j = sin(pi c_0) ... sin(pi c_(j-1)) cos(pi c_j)`, the last
///   angle spanning `2 pi`; scaled by the radius in the ball; then rotated by a random
///   orthogonal matrix.
///
/// This is Nengo's exact method `"sct"` (`I⁻¹` is ``IncompleteBeta/inverse(_:a:b:)``);
/// Nengo's default `"sct-approx"` interpolates the same `I⁻¹` in a table. The random parts
/// (the sequence's offset, the shuffles, the rotation) come from the caller's generator,
/// so the points differ from Nengo's, with the same distribution. The random rotation is
/// the Q of a Gaussian matrix's QR decomposition with a positive diagonal in R (Haar
/// distributed, as Nengo's polar factor from an SVD is).
enum ScatteredHypersphere {
  /// `n` points in `d` dimensions, row-major (`n x d`).
  static func sample<G: RandomNumberGenerator>(
    _ n: Int, dimensions d: Int, surface: Bool, minMagnitude: Double, using rng: inout G
  ) -> [Double] {
    if d == 1 { return sampleLine(n, surface: surface, minMagnitude: minMagnitude, using: &rng) }
    var mapped: [Double]
    if surface {
      mapped = sphericalTransform(QuasirandomSequence.sample(n, dimensions: d - 1, using: &rng), columns: d - 1)
    } else {
      let cube = QuasirandomSequence.sample(n, dimensions: d, using: &rng)
      var angles = [Double](repeating: 0, count: n * (d - 1))
      for i in 0..<n {
        for j in 0..<(d - 1) { angles[i * (d - 1) + j] = cube[i * d + j] }
      }
      mapped = sphericalTransform(angles, columns: d - 1)
      let low = pow(minMagnitude, Double(d))
      for i in 0..<n {
        let radius = pow(cube[i * d + d - 1] * (1 - low) + low, 1 / Double(d))
        for j in 0..<d { mapped[i * d + j] *= radius }
      }
    }
    let rotation = randomOrthogonal(d, using: &rng)
    var rotated = [Double](repeating: 0, count: n * d)
    for i in 0..<n {
      for k in 0..<d {
        let x = mapped[i * d + k]
        for j in 0..<d { rotated[i * d + j] += x * rotation[k * d + j] }
      }
    }
    return rotated
  }

  /// One dimension: signs on the surface, a shuffled symmetric sequence in the ball.
  private static func sampleLine<G: RandomNumberGenerator>(
    _ n: Int, surface: Bool, minMagnitude: Double, using rng: inout G
  ) -> [Double] {
    if surface {
      return QuasirandomSequence.sample(n, dimensions: 1, using: &rng).map { x in
        x > 0.5 ? 1 : (x < 0.5 ? -1 : 0)
      }
    }
    let positive = QuasirandomSequence.sample(n / 2, dimensions: 1, using: &rng)
    let negative = QuasirandomSequence.sample(n - n / 2, dimensions: 1, using: &rng)
    let scale = { (x: Double) in minMagnitude > 0 ? x * (1 - minMagnitude) + minMagnitude : x }
    var points = positive.map(scale) + negative.map { -scale($0) }
    rng.shuffleRows(&points, rows: n, cols: 1)
    return points
  }

  /// Nengo's `spherical_transform_sct` (exact): `n x k` points of the unit cube (row-major,
  /// `k = columns`) to `n x (k + 1)` points on the unit sphere.
  static func sphericalTransform(_ samples: [Double], columns k: Int) -> [Double] {
    let n = k == 0 ? 0 : samples.count / k
    var mapped = [Double](repeating: 1, count: n * (k + 1))
    for i in 0..<n {
      var product = 1.0
      for j in 0..<k {
        let coordinate = inverseAngleCDF(dimensions: k - j, samples[i * k + j])
        let factor = j == k - 1 ? 2.0 : 1.0
        let angle = factor * Double.pi * coordinate
        mapped[i * (k + 1) + j] = product * cos(angle)
        product *= sin(angle)
      }
      mapped[i * (k + 1) + k] = product
    }
    return mapped
  }

  /// Nengo's `spherical_coords_ppf`: the inverse CDF of a spherical angle (as a fraction
  /// of pi) whose sine carries `dims - 1` further dimensions.
  static func inverseAngleCDF(dimensions: Int, _ y: Double) -> Double {
    let reflected = y < 0.5 ? y : 1 - y
    let zSquared = IncompleteBeta.inverse(2 * reflected, a: Double(dimensions) / 2, b: 0.5)
    let x = asin(zSquared.squareRoot()) / Double.pi
    return y < 0.5 ? x : 1 - x
  }

  /// A random `d x d` orthogonal matrix, row-major: Gram-Schmidt on the rows of a
  /// standard normal matrix (Q of its QR decomposition with R's diagonal positive).
  static func randomOrthogonal<G: RandomNumberGenerator>(_ d: Int, using rng: inout G) -> [Double] {
    var q = [Double](repeating: 0, count: d * d)
    var row = 0
    while row < d {
      var v = (0..<d).map { _ in rng.gaussian() }
      for previous in 0..<row {
        // Modified Gram-Schmidt: remove each earlier direction from what is left.
        var dot = 0.0
        for j in 0..<d { dot += v[j] * q[previous * d + j] }
        for j in 0..<d { v[j] -= dot * q[previous * d + j] }
      }
      let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
      guard norm > 1e-8 else { continue }  // (almost) dependent: draw this row again
      for j in 0..<d { q[row * d + j] = v[j] / norm }
      row += 1
    }
    return q
  }
}
