import Foundation

/// Rate curves and the neuron types built on them: rate neurons (LIFRate, RectifiedLinear),
/// SpikingRectifiedLinear and RegularSpiking (Nengo's `step` functions).
enum RateKernels {
  /// The rate of `function` at current `j` (Hz times amplitude).
  @inline(__always)
  static func rate(_ function: RateFunction, _ j: Float) -> Float {
    switch function {
    case .rectifiedLinear(let amplitude):
      return amplitude * max(j, 0)
    case .lif(let tauRC, let tauRef, let amplitude):
      let x = j - 1
      guard x > 0 else { return 0 }
      return amplitude / (tauRef + tauRC * Float(Foundation.log1p(1 / Double(x))))
    }
  }

  /// `output = rate(J)` for a whole population.
  static func rateStep(_ function: RateFunction, n: Int, current j: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
    switch function {
    case .rectifiedLinear(let amplitude):
      for i in 0..<n { output[i] = amplitude * max(j[i], 0) }
    case .lif:
      for i in 0..<n { output[i] = rate(function, j[i]) }
    }
  }

  /// Integrate-and-fire with reset by subtraction, several spikes per step possible:
  /// `v += max(J, 0) dt; k = floor(v); output = k amplitude/dt; v -= k`
  /// (RegularSpiking is the same on `rate(J)` instead of `max(J, 0)`).
  /// - Returns: the number of events written.
  @inline(__always)
  static func integrateAndFire(
    n: Int, dt: Float, height: Float, drive: (Int) -> Float, voltage v: UnsafeMutablePointer<Float>,
    output: UnsafeMutablePointer<Float>, eventIndex: UnsafeMutablePointer<Int32>, eventValue: UnsafeMutablePointer<Float>
  ) -> Int {
    var count = 0
    for i in 0..<n {
      var vv = v[i] + drive(i) * dt
      let spikes = vv.rounded(.down)
      vv -= spikes
      v[i] = vv
      let out = spikes * height
      output[i] = out
      if spikes > 0 {
        eventIndex[count] = Int32(i)
        eventValue[count] = out
        count += 1
      }
    }
    return count
  }
}
