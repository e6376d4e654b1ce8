/// Element-wise optimizer updates of a parameter vector, `w <- w - step(g)`: the inner
/// loops of Adam and SGD, over contiguous `[Float]` storage so they vectorize.
///
/// The formulas are Keras 3's (see `Optimizer` in SNNLearning). All arrays of one call
/// have the same length.
package enum ParameterUpdate {
  /// One Adam step with the bias correction folded into `alpha`:
  /// `m += (g - m)(1 - beta1)`, `v += (g^2 - v)(1 - beta2)`,
  /// `w -= alpha * m / (sqrt(v) + epsilon)`.
  /// - Parameters:
  ///   - weights: the parameters `w`, updated.
  ///   - gradient: `g`.
  ///   - firstMoment: `m`, updated.
  ///   - secondMoment: `v`, updated.
  ///   - alpha: `learningRate * sqrt(1 - beta2^t) / (1 - beta1^t)` at step `t`.
  ///   - beta1: decay rate of the first moment (Keras: 0.9).
  ///   - beta2: decay rate of the second moment (Keras: 0.999).
  ///   - epsilon: added to `sqrt(v)` against division by zero (Keras: 1e-7).
  /// - Precondition: the four arrays have the same length.
  package static func adam(
    weights: inout [Float], gradient: [Float], firstMoment: inout [Float],
    secondMoment: inout [Float],
    alpha: Float, beta1: Float, beta2: Float, epsilon: Float
  ) {
    let n = weights.count
    precondition(
      gradient.count == n && firstMoment.count == n && secondMoment.count == n,
      "ParameterUpdate.adam: arrays of \(n), \(gradient.count), \(firstMoment.count), \(secondMoment.count) elements"
    )
    let (c1, c2) = (1 - beta1, 1 - beta2)
    weights.withUnsafeMutableBufferPointer { w in
      gradient.withUnsafeBufferPointer { g in
        firstMoment.withUnsafeMutableBufferPointer { m in
          secondMoment.withUnsafeMutableBufferPointer { v in
            guard let wp = w.baseAddress, let gp = g.baseAddress, let mp = m.baseAddress,
              let vp = v.baseAddress
            else { return }
            // 16 lanes at a time (the compiler cannot prove the four arrays distinct, so it
            // does not vectorize the scalar loop by itself), then the remainder.
            typealias Lanes = SIMD16<Float>
            var i = 0
            while i + Lanes.scalarCount <= n {
              let gi = UnsafeRawPointer(gp + i).loadUnaligned(as: Lanes.self)
              var mi = UnsafeRawPointer(mp + i).loadUnaligned(as: Lanes.self)
              var vi = UnsafeRawPointer(vp + i).loadUnaligned(as: Lanes.self)
              var wi = UnsafeRawPointer(wp + i).loadUnaligned(as: Lanes.self)
              mi += (gi - mi) * c1
              vi += (gi * gi - vi) * c2
              wi -= alpha * mi / (vi.squareRoot() + epsilon)
              UnsafeMutableRawPointer(mp + i).storeBytes(of: mi, as: Lanes.self)
              UnsafeMutableRawPointer(vp + i).storeBytes(of: vi, as: Lanes.self)
              UnsafeMutableRawPointer(wp + i).storeBytes(of: wi, as: Lanes.self)
              i += Lanes.scalarCount
            }
            while i < n {
              let gi = gp[i]
              mp[i] += (gi - mp[i]) * c1
              vp[i] += (gi * gi - vp[i]) * c2
              wp[i] -= alpha * mp[i] / (vp[i].squareRoot() + epsilon)
              i += 1
            }
          }
        }
      }
    }
  }

  /// One SGD step: with `momentum == 0`, `w -= learningRate * g`; otherwise
  /// `u = momentum * u - learningRate * g`, `w += u` (classical momentum).
  /// - Precondition: the arrays have the same length (`velocity` may be empty when
  ///   `momentum == 0`).
  package static func sgd(
    weights: inout [Float], gradient: [Float], velocity: inout [Float], learningRate: Float,
    momentum: Float
  ) {
    let n = weights.count
    precondition(
      gradient.count == n && (velocity.count == n || momentum == 0),
      "ParameterUpdate.sgd: arrays of \(n), \(gradient.count), \(velocity.count) elements")
    weights.withUnsafeMutableBufferPointer { w in
      gradient.withUnsafeBufferPointer { g in
        if momentum == 0 {
          for i in 0..<n { w[i] -= learningRate * g[i] }
          return
        }
        velocity.withUnsafeMutableBufferPointer { u in
          for i in 0..<n {
            u[i] = momentum * u[i] - learningRate * g[i]
            w[i] += u[i]
          }
        }
      }
    }
  }
}
