/// Steps a discrete linear filter for one example's signal, as Nengo's `LinearFilter`
/// steps do: `X = A X + B u`, then `y = C X` (order 1 is `OneX`: `X = a X + b u`, `y = X`).
/// `state` holds `order` rows of `size`; `output` receives `y`.
enum FilterKernel {
  @inline(__always)
  static func update(
    _ f: FilterSpec, size: Int, input u: UnsafePointer<Float>, state x: UnsafeMutablePointer<Float>,
    output y: UnsafeMutablePointer<Float>
  ) {
    if f.order == 1 {
      let a = f.a[0]
      let b = f.b[0]
      let c = f.c[0]
      for i in 0..<size {
        let xi = a * x[i] + b * u[i]
        x[i] = xi
        y[i] = c * xi
      }
      return
    }
    let m = f.order
    withUnsafeTemporaryAllocation(of: Float.self, capacity: m) { tmp in
      for i in 0..<size {
        for r in 0..<m {
          var acc = f.b[r] * u[i]
          for c in 0..<m { acc += f.a[r * m + c] * x[c * size + i] }
          tmp[r] = acc
        }
        var out: Float = 0
        for r in 0..<m {
          x[r * size + i] = tmp[r]
          out += f.c[r] * tmp[r]
        }
        y[i] = out
      }
    }
  }
}
