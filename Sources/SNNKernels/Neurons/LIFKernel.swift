import Foundation

/// Nengo's LIF step over one example's population, vectorised eight neurons at a time.
///
/// Per neuron, with input current J constant over the step (Nengo `LIF.step`):
/// 1. `ref -= dt`; the neuron integrates for `dT = clip(dt - ref, 0, dt)`;
/// 2. `v += (J - v) * (1 - exp(-dT / tau_rc))` (exact solution of `tau dv/dt = J - v`);
/// 3. a spike when `v > 1`: output `amplitude / dt`; the crossing time is
///    `t = dt + tau_rc * log1p(-(v - 1) / (J - 1))`, the neuron resets to 0 and stays
///    refractory for `tau_ref + t` (this carries the sub-step spike time forward);
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

    init(dt: Float, tauRC: Float, tauRef: Float, minVoltage: Float, amplitude: Float) {
      self.dt = dt
      self.tauRC = tauRC
      self.tauRef = tauRef
      self.minVoltage = minVoltage
      height = amplitude / dt
      fullStep = Float(Foundation.expm1(-Double(dt) / Double(tauRC)))
    }
  }

  /// Steps `n` neurons; writes `output` and appends spiking neurons to `events`.
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
    while i + 8 <= n {
      let jv = UnsafeRawPointer(j + i).loadUnaligned(as: V.self)
      var vv = UnsafeRawPointer(v + i).loadUnaligned(as: V.self)
      var rv = UnsafeRawPointer(ref + i).loadUnaligned(as: V.self) - dtV
      var dT = dtV - rv
      dT.replace(with: zero, where: dT .< zero)
      dT.replace(with: dtV, where: dT .> dtV)
      var factor = V(repeating: k.fullStep)
      // Refractory neurons integrate for part of the step (dT < dt), or not at all.
      factor.replace(with: zero, where: dT .== zero)
      let partial = (dT .< dtV) .& (dT .> zero)
      if any(partial) {
        for l in 0..<8 where partial[l] {
          factor[l] = Foundation.expm1(-dT[l] / k.tauRC)
        }
      }
      vv = vv - (jv - vv) * factor
      let spiked = vv .> one
      var out = zero
      if any(spiked) {
        for l in 0..<8 where spiked[l] {
          let tSpike = k.dt + k.tauRC * Float(Foundation.log1p(-Double(vv[l] - 1) / Double(jv[l] - 1)))
          rv[l] = k.tauRef + tSpike
          out[l] = k.height
          eventIndex[count] = Int32(i + l)
          eventValue[count] = k.height
          count += 1
        }
      }
      vv.replace(with: minV, where: vv .< minV)
      vv.replace(with: zero, where: spiked)
      UnsafeMutableRawPointer(v + i).storeBytes(of: vv, as: V.self)
      UnsafeMutableRawPointer(ref + i).storeBytes(of: rv, as: V.self)
      UnsafeMutableRawPointer(output + i).storeBytes(of: out, as: V.self)
      i += 8
    }
    while i < n {
      let jj = j[i]
      var vv = v[i]
      var r = ref[i] - k.dt
      let dT = min(max(k.dt - r, 0), k.dt)
      let factor = dT == k.dt ? k.fullStep : Foundation.expm1(-dT / k.tauRC)
      vv -= (jj - vv) * factor
      if vv > 1 {
        let tSpike = k.dt + k.tauRC * Float(Foundation.log1p(-Double(vv - 1) / Double(jj - 1)))
        r = k.tauRef + tSpike
        vv = 0
        output[i] = k.height
        eventIndex[count] = Int32(i)
        eventValue[count] = k.height
        count += 1
      } else {
        output[i] = 0
        if vv < k.minVoltage { vv = k.minVoltage }
      }
      v[i] = vv
      ref[i] = r
      i += 1
    }
    return count
  }
}
