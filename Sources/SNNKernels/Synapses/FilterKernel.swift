/// A discrete linear filter in the engine's precision, stepped for one example's signal as
/// Nengo's `LinearFilter` steps do: `X = A X + B u`, then `y = C X` (order 1 is `OneX`:
/// `X = a X + b u`, `y = X`). `state` holds `order` rows of `size`; `output` receives `y`.
struct FilterKernel<S: EngineScalar> {
  let order: Int
  /// `order x order`, row-major; `order`; `order` (the step's own copies).
  let a: [S]
  let b: [S]
  let c: [S]

  /// The filter of `spec`, in this precision.
  init(_ spec: FilterSpec) {
    order = spec.order
    a = spec.a.map { S($0) }
    b = spec.b.map { S($0) }
    c = spec.c.map { S($0) }
  }

  @inline(__always)
  func update(size: Int, input u: UnsafePointer<S>, state x: UnsafeMutablePointer<S>, output y: UnsafeMutablePointer<S>)
  {
    if order == 1 {
      let a = a[0]
      let b = b[0]
      let c = c[0]
      for i in 0..<size {
        let xi = a * x[i] + b * u[i]
        x[i] = xi
        y[i] = c * xi
      }
      return
    }
    let m = order
    withUnsafeTemporaryAllocation(of: S.self, capacity: m) { tmp in
      for i in 0..<size {
        for r in 0..<m {
          var acc = b[r] * u[i]
          for k in 0..<m { acc += a[r * m + k] * x[k * size + i] }
          tmp[r] = acc
        }
        var out: S = 0
        for r in 0..<m {
          x[r * size + i] = tmp[r]
          out += c[r] * tmp[r]
        }
        y[i] = out
      }
    }
  }
}
