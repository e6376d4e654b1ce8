import Foundation
import SNNCore

/// Nengo 4.1's `WhiteSignal`: white noise low-passed ideally at `high` Hz, periodic with
/// period `period`, each dimension with root-mean-square `rms` on average.
///
/// Built in the frequency domain as Nengo builds it: `N = 2 ceil(period / (2 dt))` samples
/// per period; the Fourier coefficients of frequencies `j / (N dt)`, `j = 1 ... N/2`, are
/// complex normal with standard deviation `rms / sqrt(2)` per part (the Nyquist one real),
/// those above `high` are set to zero, the rest divided by
/// `sqrt(1 - zeroed / (N/2))` (so the power stays `rms²`) and multiplied by `sqrt(N)`; the
/// signal is their inverse real FFT (the mean, coefficient 0, is zero). With `y0`, each
/// dimension is rotated in time to start at its sample closest to `y0`. The output at step
/// `k` is sample `k mod N`.
///
/// The coefficients come from the seed given to ``NodeProcess/signal(dt:seed:object:)``
/// (SwiftSNN's generator, not NumPy's): the same seed gives the same signal, with the same
/// statistics as Nengo's, not Nengo's values.
public struct WhiteSignal: Sendable, Hashable {
  /// The period, in seconds (> 0): the signal repeats after it.
  public var period: Double
  /// The cut-off frequency, in Hz: at least `1 / period`, at most the Nyquist `0.5 / dt`.
  public var high: Double
  /// The root-mean-square value of each dimension (> 0).
  public var rms: Double
  /// Where each dimension starts: its sample closest to this value (nil: no rotation).
  public var y0: Double?
  /// The output size (independent dimensions).
  public var size: Int

  /// Band-limited white noise (Nengo's defaults: `rms` 0.5, no `y0`).
  public init(period: Double, high: Double, rms: Double = 0.5, y0: Double? = nil, size: Int = 1) {
    self.period = period
    self.high = high
    self.rms = rms
    self.y0 = y0
    self.size = size
  }

  /// One period of the signal, `N x size`, for time step `dt` and `seed`.
  func table(dt: Double, seed: UInt64, object: String) throws(ModelError) -> DoubleMatrix {
    func fail(_ attribute: String, _ problem: String) -> ModelError {
      ModelError(object: object, attribute: attribute, problem)
    }
    guard period > 0, period.isFinite else { throw fail("period", "must be finite and > 0, got \(period)") }
    guard rms > 0, rms.isFinite else { throw fail("rms", "must be finite and > 0, got \(rms)") }
    guard size > 0 else { throw fail("size_out", "must be positive, got \(size)") }
    guard high.isFinite, high >= 1 / period else {
      throw fail("high", "must be >= 1 / period = \(1 / period) Hz to produce a non-zero signal, got \(high)")
    }
    guard high <= 0.5 / dt else {
      throw fail("high", "must not exceed the Nyquist frequency \(0.5 / dt) Hz for dt \(dt) s, got \(high)")
    }
    let halfSteps = (period / dt / 2).rounded(.up)
    // The table and its synthesis (samples x coefficients) stay bounded: 10^7 samples
    // (80 MB), 10^9 multiply-adds (about a second).
    let coefficientCount = min(high, 0.5 / dt) * period
    guard halfSteps * 2 * Double(size) <= 1e7, halfSteps * 2 * coefficientCount * Double(size) <= 1e9 else {
      throw fail(
        "period",
        "\(period) s at dt \(dt) s up to \(high) Hz is too long a signal to synthesize "
          + "(at most 10^7 samples and 10^9 sample-coefficient products); use a shorter period")
    }
    let half = Int(halfSteps)
    let n = 2 * half
    var rng = SplitMix64(seed: seed)
    // Nengo's order: the imaginary parts of every coefficient, then the real parts.
    let sigma = rms * 0.5.squareRoot()
    let count = (half + 1) * size
    let imaginary = (0..<count).map { _ in sigma * rng.gaussian() }
    let real = (0..<count).map { _ in sigma * rng.gaussian() }
    // Frequencies j / (n dt) above `high` are zero; coefficient 0 (the mean) is zero.
    let kept = (1...half).filter { Double($0) / (Double(n) * dt) <= high }
    let zeroed = half - kept.count
    let correction = (1 - Double(zeroed) / Double(half)).squareRoot()
    let scale = (correction > 0 ? 1 / correction : 1) * Double(n).squareRoot()
    var values = [Double](repeating: 0, count: n * size)
    for d in 0..<size {
      let coefficients = kept.map { j in
        (j: j, re: scale * real[j * size + d], im: j == half ? 0 : scale * imaginary[j * size + d])
      }
      var column = Self.inverseRealFFT(coefficients, length: n)
      if let y0 { column = Self.rotated(column, toStartNear: y0) }
      for k in 0..<n { values[k * size + d] = column[k] }
    }
    return DoubleMatrix(unchecked: n, size, values)
  }

  /// NumPy's `irfft` of length `n` (even) for a spectrum whose only non-zero coefficients
  /// are `coefficients` (indices `1 ... n/2`): `x_k = (1/n) sum_j c_j X_j cos(2 pi j k / n)
  /// - ...`, with `c_j = 2` below the Nyquist index and 1 at it (whose imaginary part,
  /// as NumPy does, is ignored). Direct sum, `O(n * coefficients)`: each coefficient's
  /// phasor is rotated from sample to sample and recomputed exactly every 64 samples, which
  /// keeps the rounding near 1e-15.
  static func inverseRealFFT(_ coefficients: [(j: Int, re: Double, im: Double)], length n: Int) -> [Double] {
    var x = [Double](repeating: 0, count: n)
    for c in coefficients {
      let weight = (2 * c.j == n ? 1.0 : 2.0) / Double(n)
      let (re, im) = (weight * c.re, 2 * c.j == n ? 0 : weight * c.im)
      let step = 2 * Double.pi * Double(c.j % n) / Double(n)
      let (stepCos, stepSin) = (cos(step), sin(step))
      var (cosine, sine) = (1.0, 0.0)
      for k in 0..<n {
        if k % 64 == 0 {
          // The angle's integer part reduced first, for accuracy over long periods.
          let angle = 2 * Double.pi * Double((c.j * k) % n) / Double(n)
          (cosine, sine) = (cos(angle), sin(angle))
        }
        x[k] += re * cosine - im * sine
        (cosine, sine) = (cosine * stepCos - sine * stepSin, sine * stepCos + cosine * stepSin)
      }
    }
    return x
  }

  /// Nengo's `y0` shift: `np.roll(x, -offset + 1)` with `offset` the sample closest to `y0`,
  /// so that the output at step 1 (sample 1) is that sample.
  static func rotated(_ x: [Double], toStartNear y0: Double) -> [Double] {
    var offset = 0
    for (i, v) in x.enumerated() where abs(y0 - v) < abs(y0 - x[offset]) { offset = i }
    let n = x.count
    return (0..<n).map { x[(($0 + offset - 1) % n + n) % n] }
  }
}
