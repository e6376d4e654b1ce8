import Foundation

/// Nengo 4.1's `UniformHypersphere`: independent points uniform on the surface of the unit
/// hypersphere or in its volume (the unit ball).
///
/// Each point is a standard normal vector divided by its length (uniform on the surface);
/// in the ball it is then scaled by `u^(1/d)` with `u` uniform on `[min_magnitude^d, 1)`,
/// which spreads the points evenly over the volume between the two radii.
enum UniformHypersphere {
  /// `n` points in `d` dimensions, row-major (`n x d`).
  static func sample<G: RandomNumberGenerator>(
    _ n: Int, dimensions d: Int, surface: Bool, minMagnitude: Double, using rng: inout G
  ) -> [Double] {
    var points = [Double](repeating: 0, count: n * d)
    for i in 0..<n {
      var norm = 0.0
      repeat {
        norm = 0
        for j in 0..<d {
          let g = rng.gaussian()
          points[i * d + j] = g
          norm += g * g
        }
      } while norm == 0
      norm = norm.squareRoot()
      for j in 0..<d { points[i * d + j] /= norm }
    }
    guard !surface else { return points }
    let low = pow(minMagnitude, Double(d))
    for i in 0..<n {
      let scale = pow(low + (1 - low) * rng.unitDouble(), 1 / Double(d))
      for j in 0..<d { points[i * d + j] *= scale }
    }
    return points
  }
}
