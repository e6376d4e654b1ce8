import Foundation

/// The figures that score an NEF example's run, line for line the definitions of
/// `scripts/nef_figures.py` (which scores Nengo's runs), so that both sides are measured
/// alike.
///
/// Every function takes the step times `t` (seconds, `t[n] = (n + 1) dt`, Nengo's
/// `sim.trange()`) and traces with one row per time and one column per dimension.
public enum NEFFigures {
  /// Where the RMSE starts, in seconds.
  public static let rmseStart = 0.1
  /// Where the oscillation is measured from, in seconds.
  public static let oscillationStart = 1.0
  /// The learning example's windows, in seconds.
  public static let learningWindow = 2.0

  /// Root mean square of `output - ideal` over every row with `t >= start` and every
  /// dimension (`rmse`).
  /// - Throws: ``NEFExampleError`` for traces of different shapes, non-finite values,
  ///   times that do not rise, or no row after `start`.
  public static func rmse(t: [Double], output: [[Double]], ideal: [[Double]], start: Double = rmseStart) throws
    -> Double
  {
    try check(t, output, ideal)
    var sum = 0.0
    var count = 0
    // t = n dt carries rounding; t = 0.1 s itself counts.
    for n in t.indices where t[n] >= start - 1e-12 {
      for (o, i) in zip(output[n], ideal[n]) {
        sum += (o - i) * (o - i)
        count += 1
      }
    }
    guard count > 0 else { throw NEFExampleError.badTrace("no rows with t >= \(start) s") }
    return (sum / Double(count)).squareRoot()
  }

  /// A 2-D oscillation over rows with `t >= start`: `phase = unwrap(atan2(x1, x0))`; the
  /// frequency (Hz, signed: positive counterclockwise) is the least-squares slope of the
  /// phase against t over 2 pi; the amplitude `sqrt(x0^2 + x1^2)`, its mean and population
  /// standard deviation.
  /// - Throws: ``NEFExampleError`` unless the output is 2-D, finite, with 2 rows or more
  ///   after `start`.
  public static func oscillation(t: [Double], output: [[Double]], start: Double = oscillationStart) throws
    -> (frequencyHz: Double, amplitudeMean: Double, amplitudeStd: Double)
  {
    try check(t, output)
    guard output.allSatisfy({ $0.count == 2 }) else {
      throw NEFExampleError.badTrace("an oscillation needs a 2-D output")
    }
    let rows = t.indices.filter { t[$0] >= start - 1e-12 }
    guard rows.count >= 2 else { throw NEFExampleError.badTrace("fewer than 2 rows with t >= \(start) s") }
    let phase = unwrap(rows.map { atan2(output[$0][1], output[$0][0]) })
    let times = rows.map { t[$0] }
    let amplitude = rows.map { (output[$0][0] * output[$0][0] + output[$0][1] * output[$0][1]).squareRoot() }
    let (mean, std) = meanAndStd(amplitude)
    return (slope(times, phase) / (2 * .pi), mean, std)
  }

  /// The RMSE of `post` against `pre` over the first `window` seconds of the run
  /// (`t <= window`) and over its last `window` seconds (`t > t_end - window`).
  /// - Throws: ``NEFExampleError`` for traces of different shapes or non-finite values,
  ///   or a run shorter than two windows.
  public static func learning(t: [Double], post: [[Double]], pre: [[Double]], window: Double = learningWindow)
    throws -> (first: Double, last: Double)
  {
    try check(t, post, pre)
    let dt = t[1] - t[0]
    let start = t[0] - dt  // the run's start time
    guard let end = t.last, end - start >= 2 * window - 1e-9 else {
      throw NEFExampleError.badTrace("the run is shorter than 2 x \(window) s")
    }
    func rms(_ rows: [Int]) -> Double {
      var sum = 0.0
      var count = 0
      for n in rows {
        for (a, b) in zip(post[n], pre[n]) {
          sum += (a - b) * (a - b)
          count += 1
        }
      }
      return (sum / Double(count)).squareRoot()
    }
    return (
      rms(t.indices.filter { t[$0] <= start + window + 1e-9 }), rms(t.indices.filter { t[$0] > end - window + 1e-9 })
    )
  }

  // MARK: - Helpers (NumPy's unwrap, polyfit degree 1, std)

  /// NumPy's `unwrap`: adds multiples of 2 pi so that no step between neighbours exceeds pi.
  static func unwrap(_ p: [Double]) -> [Double] {
    guard var previous = p.first else { return [] }
    var out = [previous]
    var correction = 0.0
    for x in p.dropFirst() {
      let d = x - previous
      var dd = (d + .pi).truncatingRemainder(dividingBy: 2 * .pi)
      if dd < 0 { dd += 2 * .pi }  // Python's modulo takes the divisor's sign
      dd -= .pi
      if dd == -.pi && d > 0 { dd = .pi }
      if abs(d) >= .pi { correction += dd - d }
      out.append(x + correction)
      previous = x
    }
    return out
  }

  /// The least-squares slope of `y` against `x`.
  static func slope(_ x: [Double], _ y: [Double]) -> Double {
    let mx = x.reduce(0, +) / Double(x.count)
    let my = y.reduce(0, +) / Double(y.count)
    var sxy = 0.0
    var sxx = 0.0
    for (a, b) in zip(x, y) {
      sxy += (a - mx) * (b - my)
      sxx += (a - mx) * (a - mx)
    }
    return sxy / sxx
  }

  /// The mean and the population standard deviation.
  static func meanAndStd(_ x: [Double]) -> (Double, Double) {
    let mean = x.reduce(0, +) / Double(x.count)
    let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
    return (mean, variance.squareRoot())
  }

  /// Throws unless `t` rises (2 times or more) and every trace has one finite row per
  /// time, all traces with the same shape.
  private static func check(_ t: [Double], _ traces: [[Double]]...) throws {
    guard t.count >= 2 else { throw NEFExampleError.badTrace("t must hold at least 2 times, got \(t.count)") }
    guard zip(t, t.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw NEFExampleError.badTrace("t must be strictly increasing")
    }
    for trace in traces {
      guard trace.count == t.count else {
        throw NEFExampleError.badTrace("\(trace.count) rows of data for \(t.count) times")
      }
      guard trace.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
        throw NEFExampleError.badTrace("the data has NaN or infinite values")
      }
    }
    if let first = traces.first {
      for other in traces.dropFirst() where zip(first, other).contains(where: { $0.count != $1.count }) {
        throw NEFExampleError.badTrace("the traces differ in their number of dimensions")
      }
    }
  }
}
