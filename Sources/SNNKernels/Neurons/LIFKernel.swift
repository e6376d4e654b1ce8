import Foundation

/// Nengo's LIF step over one example's population, vectorised eight neurons at a time.
///
/// Per neuron, with input current J constant over the step (Nengo `LIF.step`):
/// 1. `ref -= dt`; the neuron integrates for `dT = clip(dt - ref, 0, dt)`;
/// 2. `v += (J - v) * (1 - exp(-dT / tau_rc))` (exact solution of `tau dv/dt = J - v`);
/// 3. a spike when `v > 1`: output `amplitude / dt`; the crossing time is
///    `t = dt + tau_rc * log1p(-(v - 1) / (J - 1))`, the neuron resets to 0 (or to `v - 1`
///    with reset by subtraction) and stays refractory for `tau_ref + t` (this carries the
///    sub-step spike time forward);
/// 4. `v = max(v, min_voltage)`.
/// Steps 1-2 need an `expm1` only for neurons leaving their refractory period inside this
/// step; all others use the precomputed full-step factor.
enum LIFKernel {
  struct Constants {
    let dt: Float
    let tauRC: Float
    let tauRef: Float
    let minVoltage: Float
    let height: Float
    /// `expm1(-dt / tau_rc)`: the factor for a whole step.
    let fullStep: Float
    /// Whether a spike subtracts 1 from the voltage (reset by subtraction) instead of
    /// setting it to 0.
    let subtract: Bool

    init(dt: Float, tauRC: Float, tauRef: Float, minVoltage: Float, amplitude: Float, subtract: Bool = false) {
      self.subtract = subtract
      self.dt = dt
      self.tauRC = tauRC
      self.tauRef = tauRef
      self.minVoltage = minVoltage
      height = amplitude / dt
      fullStep = Float(Foundation.expm1(-Double(dt) / Double(tauRC)))
    }
  }

  /// Steps `n` neurons; writes `output` and appends spiking neurons to `events`.
  ///
  /// Blocks of eight neurons go through one branch-free vector path, the partial steps and
  /// spike times included (the short-range polynomials below, evaluated in every lane and
  /// kept where needed); only lanes whose argument falls outside those ranges (never with
  /// Nengo's defaults: a partial step is at most dt / tau_rc) take the scalar path.
  /// - Returns: the number of events written.
  @inline(__always)
  static func step(
    _ k: Constants, n: Int, current j: UnsafePointer<Float>, voltage v: UnsafeMutablePointer<Float>,
    refractory ref: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>,
    eventIndex: UnsafeMutablePointer<Int32>, eventValue: UnsafeMutablePointer<Float>
  ) -> Int {
    typealias V = SIMD8<Float>
    var count = 0
    var i = 0
    let dtV = V(repeating: k.dt)
    let zero = V(repeating: 0)
    let one = V(repeating: 1)
    let minV = V(repeating: k.minVoltage)
    let full = V(repeating: k.fullStep)
    let tauRC = V(repeating: k.tauRC)
    let tauRefV = V(repeating: k.tauRef)
    let heightV = V(repeating: k.height)
    let range = V(repeating: 0.125)
    let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    while i + 8 <= n {
      let rv = UnsafeRawPointer(ref + i).loadUnaligned(as: V.self) - dtV
      let dT = dtV - rv
      let jv = UnsafeRawPointer(j + i).loadUnaligned(as: V.self)
      let v0 = UnsafeRawPointer(v + i).loadUnaligned(as: V.self)
      // Refractory lanes (dT <= 0) do not integrate, lanes leaving the refractory period
      // inside this step integrate dT, all others a full step.
      let x = -dT / tauRC
      let partial = (dT .< dtV) .& (dT .> zero)
      var factor = full.replacing(with: zero, where: dT .<= zero)
      factor.replace(with: expm1SmallLanes(x), where: partial)
      var vv = v0 - (jv - v0) * factor
      let far = partial .& (x.magnitudes .>= range)
      if far.anySet {
        for l in 0..<8 where far[l] { vv[l] = v0[l] - (jv[l] - v0[l]) * expm1Small(x[l]) }
      }
      let spiked = vv .> one
      var newV = vv.replacing(with: minV, where: vv .< minV)
      var newRef = rv
      var out = zero
      if spiked.anySet {
        let y = -(vv - one) / (jv - one)
        var tSpike = dtV + tauRC * log1pSmallLanes(y)
        let farY = spiked .& (y.magnitudes .>= range)
        if farY.anySet {
          for l in 0..<8 where farY[l] { tSpike[l] = k.dt + k.tauRC * log1pSmall(y[l]) }
        }
        newRef.replace(with: tauRefV + tSpike, where: spiked)
        newV.replace(with: k.subtract ? vv - one : zero, where: spiked)
        out.replace(with: heightV, where: spiked)
        count = Events.append(
          spiked.lanes01, index: lanes &+ Int32(i), value: heightV,
          to: eventIndex, eventValue, count: count)
      }
      UnsafeMutableRawPointer(v + i).storeBytes(of: newV, as: V.self)
      UnsafeMutableRawPointer(ref + i).storeBytes(of: newRef, as: V.self)
      UnsafeMutableRawPointer(output + i).storeBytes(of: out, as: V.self)
      i += 8
    }
    while i < n {
      count = scalarStep(k, i, j, v, ref, output, eventIndex, eventValue, count)
      i += 1
    }
    return count
  }

  /// The exact step of neuron `i` alone (the tail of a population not a multiple of 8).
  @inline(__always)
  static func scalarStep(
    _ k: Constants, _ i: Int, _ j: UnsafePointer<Float>, _ v: UnsafeMutablePointer<Float>,
    _ ref: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>,
    _ eventIndex: UnsafeMutablePointer<Int32>, _ eventValue: UnsafeMutablePointer<Float>, _ count: Int
  ) -> Int {
    let jj = j[i]
    var vv = v[i]
    let r = ref[i] - k.dt
    let dT = min(max(k.dt - r, 0), k.dt)
    let factor = dT == k.dt ? k.fullStep : (dT <= 0 ? 0 : expm1Small(-dT / k.tauRC))
    vv -= (jj - vv) * factor
    ref[i] = r
    if vv > 1 { return spike(k, i, voltage: vv, current: jj, v, ref, output, eventIndex, eventValue, count) }
    output[i] = 0
    v[i] = max(vv, k.minVoltage)
    return count
  }

  /// Records a spike of neuron `i` whose voltage reached `vv > 1` under current `jj`: the
  /// crossing time inside the step, the reset and the refractory period.
  @inline(__always)
  static func spike(
    _ k: Constants, _ i: Int, voltage vv: Float, current jj: Float, _ v: UnsafeMutablePointer<Float>,
    _ ref: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>,
    _ eventIndex: UnsafeMutablePointer<Int32>, _ eventValue: UnsafeMutablePointer<Float>, _ count: Int
  ) -> Int {
    let tSpike = k.dt + k.tauRC * log1pSmall(-(vv - 1) / (jj - 1))
    ref[i] = k.tauRef + tSpike
    v[i] = k.subtract ? vv - 1 : 0
    output[i] = k.height
    eventIndex[count] = Int32(i)
    eventValue[count] = k.height
    return count + 1
  }

  /// `expm1(x)`; for |x| < 1/8 (a partial step is at most dt / tau_rc) a degree-6 Taylor
  /// polynomial, exact to float precision (error below x^7 / 5040 < 5e-10 x), otherwise libm.
  @inline(__always)
  static func expm1Small(_ x: Float) -> Float {
    guard abs(x) < 0.125 else { return Foundation.expm1(x) }
    return x * (1 + x * (1 / 2 + x * (1 / 6 + x * (1 / 24 + x * (1 / 120 + x * (1 / 720))))))
  }

  /// ``expm1Small(_:)``'s polynomial in every lane (callers handle |x| >= 1/8 themselves).
  @inline(__always)
  static func expm1SmallLanes(_ x: SIMD8<Float>) -> SIMD8<Float> {
    typealias V = SIMD8<Float>
    var p = V(repeating: 1 / 120) + x * V(repeating: 1 / 720)
    p = V(repeating: 1 / 24) + x * p
    p = V(repeating: 1 / 6) + x * p
    p = V(repeating: 1 / 2) + x * p
    p = V(repeating: 1) + x * p
    return x * p
  }

  /// ``log1pSmall(_:)``'s series in every lane (callers handle |y| >= 1/8 themselves).
  @inline(__always)
  static func log1pSmallLanes(_ y: SIMD8<Float>) -> SIMD8<Float> {
    typealias V = SIMD8<Float>
    var p = V(repeating: 1 / 7) - y / 8
    p = V(repeating: 1 / 6) - y * p
    p = V(repeating: 1 / 5) - y * p
    p = V(repeating: 1 / 4) - y * p
    p = V(repeating: 1 / 3) - y * p
    p = V(repeating: 1 / 2) - y * p
    p = V(repeating: 1) - y * p
    return y * p
  }

  /// `log1p(y)`; for |y| < 1/8 (a spike just past threshold) a degree-8 series, exact to
  /// float precision (error below |y|^9 / 9 < 2e-9 |y|), otherwise libm.
  @inline(__always)
  static func log1pSmall(_ y: Float) -> Float {
    guard abs(y) < 0.125 else { return Foundation.log1p(y) }
    return y * (1 - y * (1 / 2 - y * (1 / 3 - y * (1 / 4 - y * (1 / 5 - y * (1 / 6 - y * (1 / 7 - y / 8)))))))
  }
}
