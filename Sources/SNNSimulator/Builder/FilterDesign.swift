import Foundation
import SNNKernels
import SNNModel

/// Discretizes synapses exactly as Nengo's `LinearFilter` does: the transfer function is
/// put in controllable canonical state-space form (scipy's `tf2ss`) and discretized with
/// zero-order hold, `Ad = expm(A dt)`, `Bd = (integral of expm(A s) ds from 0 to dt) B`,
/// computed together as the exponential of the block matrix `[[A, B], [0, 0]] dt`.
enum FilterDesign {
  /// The discrete filter for `synapse` at time step `dt` (seconds).
  static func discretize(_ synapse: Synapse, dt: Double) -> FilterSpec {
    let tau = synapse.tau
    switch synapse {
    case .lowpass where tau <= 0, .alpha where tau <= 0:
      // tau = 0: no smoothing, only the one-step delay of an updated signal.
      return FilterSpec(order: 1, a: [0], b: [1], c: [1])
    case .lowpass:
      let a = Foundation.exp(-dt / tau)
      return FilterSpec(order: 1, a: [a], b: [1 - a], c: [1])
    case .alpha:
      // 1 / (tau s + 1)^2 = (1/tau^2) / (s^2 + (2/tau) s + 1/tau^2).
      let a: [[Double]] = [[-2 / tau, -1 / (tau * tau)], [1, 0]]
      let b: [Double] = [1, 0]
      let c: [Double] = [0, 1 / (tau * tau)]
      let (ad, bd) = zeroOrderHold(a: a, b: b, dt: dt)
      return FilterSpec(order: 2, a: ad.flatMap { $0 }, b: bd, c: c)
    }
  }

  /// Zero-order-hold discretization of `x' = A x + B u`.
  static func zeroOrderHold(a: [[Double]], b: [Double], dt: Double) -> ([[Double]], [Double]) {
    let n = a.count
    var m = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: n + 1)
    for r in 0..<n {
      for c in 0..<n { m[r][c] = a[r][c] * dt }
      m[r][n] = b[r] * dt
    }
    let e = expm(m)
    return ((0..<n).map { r in Array(e[r][0..<n]) }, (0..<n).map { e[$0][n] })
  }

  /// Matrix exponential by scaling and squaring with a degree-18 Taylor series (accurate to
  /// double precision for the small, well-scaled matrices of synapses).
  static func expm(_ m: [[Double]]) -> [[Double]] {
    let n = m.count
    let norm = m.map { $0.reduce(0) { $0 + abs($1) } }.max() ?? 0
    let squarings = norm > 0.5 ? Int(Foundation.ceil(Foundation.log2(norm / 0.5))) : 0
    let scale = Foundation.pow(2.0, Double(-squarings))
    let x = m.map { $0.map { $0 * scale } }
    var result = identity(n)
    var term = identity(n)
    for k in 1...18 {
      term = multiply(term, x).map { $0.map { $0 / Double(k) } }
      for r in 0..<n { for c in 0..<n { result[r][c] += term[r][c] } }
    }
    for _ in 0..<squarings { result = multiply(result, result) }
    return result
  }

  private static func identity(_ n: Int) -> [[Double]] {
    (0..<n).map { r in (0..<n).map { $0 == r ? 1 : 0 } }
  }

  private static func multiply(_ x: [[Double]], _ y: [[Double]]) -> [[Double]] {
    let n = x.count
    return (0..<n).map { r in (0..<n).map { c in (0..<n).reduce(0) { $0 + x[r][$1] * y[$1][c] } } }
  }
}
