/// The learning rules' weight changes for one example, in the engine's precision: Nengo's
/// `SimPES`, `SimBCM`, `SimOja`, `SimRLS` and `SimVoja` step functions (`nengo/builder/learning_rules.py`),
/// with the change added to the weights at once (Nengo adds it at the start of the next
/// step, before anything reads the weights: the same numbers).
///
/// Weights are in the engine's rows layout: `w[i * m + j]` is what pre neuron `i` adds to
/// output `j` (Nengo's `weights[j, i]`), `n` pre neurons by `m` outputs. Where the engine
/// has folded the post neurons' gains into the weights (a connection into neurons), the
/// change is multiplied by the same gain `g[j]`, so the folded weights stay
/// `g[j] * weights[j, i]` (Nengo's weights up to one rounding).
///
/// The products are grouped as numpy groups them in Nengo's code, so float64 results equal
/// Nengo's bit for bit where no gain is folded in.
enum LearningKernel {
  /// PES: `w[j, i] += (alpha e[j]) a[i]` with `alpha = -κ dt / n` (Nengo's
  /// `np.outer(alpha * error, pre_filtered)`), times `gain[j]` when given.
  /// - Parameters:
  ///   - alpha: `-learning_rate * dt / n_pre`.
  ///   - error: `m` values (for a connection into neurons, the local error: the post's
  ///     scaled encoders times the error).
  ///   - activities: the `n` filtered pre activities, in Hz.
  @inline(__always)
  static func pes<S: EngineScalar>(
    alpha: S, n: Int, m: Int, error: UnsafePointer<S>, activities: UnsafePointer<S>, gain: UnsafePointer<S>?,
    weights w: UnsafeMutablePointer<S>
  ) {
    for j in 0..<m {
      let ae = alpha * error[j]
      if ae == 0 { continue }
      if let gain {
        let g = gain[j]
        for i in 0..<n { w[i * m + j] += g * (ae * activities[i]) }
      } else {
        for i in 0..<n { w[i * m + j] += ae * activities[i] }
      }
    }
  }

  /// BCM: `w[j, i] += ((alpha post[j]) (post[j] - theta[j])) pre[i]` with `alpha = κ dt`
  /// (Nengo's `np.outer(alpha * post_filtered * (post_filtered - theta), pre_filtered)`),
  /// times `gain[j]` when given.
  @inline(__always)
  static func bcm<S: EngineScalar>(
    alpha: S, n: Int, m: Int, pre: UnsafePointer<S>, post: UnsafePointer<S>, theta: UnsafePointer<S>,
    gain: UnsafePointer<S>?, weights w: UnsafeMutablePointer<S>
  ) {
    for j in 0..<m {
      let c = alpha * post[j] * (post[j] - theta[j])
      if c == 0 { continue }
      let g = gain?[j] ?? 1
      for i in 0..<n { w[i * m + j] += gain == nil ? c * pre[i] : g * (c * pre[i]) }
    }
  }

  /// Oja: `w[j, i] += (-beta w[j, i]) (alpha post[j] post[j]) + (alpha post[j]) pre[i]` with
  /// `alpha = κ dt` (Nengo's forgetting term, then `np.outer(alpha * post_filtered,
  /// pre_filtered)` added to it). With folded gains the forgetting term is computed on the
  /// folded weight (it is proportional to it) and the Hebbian term times `gain[j]`.
  @inline(__always)
  static func oja<S: EngineScalar>(
    alpha: S, beta: S, n: Int, m: Int, pre: UnsafePointer<S>, post: UnsafePointer<S>, gain: UnsafePointer<S>?,
    weights w: UnsafeMutablePointer<S>
  ) {
    for j in 0..<m {
      let ap = alpha * post[j]
      let squared = ap * post[j]
      let g = gain?[j] ?? 1
      for i in 0..<n {
        let k = i * m + j
        let forget = -beta * w[k] * squared
        w[k] += gain == nil ? forget + ap * pre[i] : forget + g * (ap * pre[i])
      }
    }
  }

  /// RLS: `Pr = P r`, `c = 1 / (1 + r · Pr)`, `P[i, k] -= Pr[i] (Pr[k] c)`, then
  /// `w[j, i] += e[j] (-c Pr[i])` (Nengo's `step_simrls`, P symmetric).
  /// - Parameters:
  ///   - inverseGamma: `P`, `n x n`, updated in place.
  ///   - scratch: `n` values for `Pr`.
  @inline(__always)
  static func rls<S: EngineScalar>(
    n: Int, m: Int, error: UnsafePointer<S>, activities r: UnsafePointer<S>, inverseGamma p: UnsafeMutablePointer<S>,
    scratch pr: UnsafeMutablePointer<S>, weights w: UnsafeMutablePointer<S>
  ) {
    var rpr: S = 0
    for i in 0..<n {
      var acc: S = 0
      for k in 0..<n { acc += p[i * n + k] * r[k] }
      pr[i] = acc
      rpr += r[i] * acc
    }
    let c = 1 / (1 + rpr)
    for i in 0..<n {
      let pi = pr[i]
      for k in 0..<n { p[i * n + k] -= pi * (pr[k] * c) }
    }
    for j in 0..<m {
      let e = error[j]
      for i in 0..<n { w[i * m + j] += e * (-c * pr[i]) }
    }
  }

  /// Voja: `E[j, q] += (alpha s) ((scale[j] (post[j] x[q])) - post[j] E[j, q])` with
  /// `alpha = κ dt` and `s` the learning signal (Nengo's `step_simvoja`). The encoders are
  /// `d` rows of `n` (`e[q * n + j]`).
  @inline(__always)
  static func voja<S: EngineScalar>(
    alphaSignal a: S, n: Int, d: Int, input x: UnsafePointer<S>, post: UnsafePointer<S>, scale: UnsafePointer<S>,
    encoders e: UnsafeMutablePointer<S>
  ) {
    for j in 0..<n {
      let pj = post[j]
      if pj == 0 { continue }
      let sj = scale[j]
      for q in 0..<d {
        let k = q * n + j
        e[k] += a * (sj * (pj * x[q]) - pj * e[k])
      }
    }
  }
}
