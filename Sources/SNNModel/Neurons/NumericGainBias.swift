/// Nengo's default `NeuronType.gain_bias` and `max_rates_intercepts` (`nengo/neurons.py`),
/// for types whose rate curve has no inverse in closed form (``Izhikevich``): the rates are
/// sampled on a grid of currents and inverted by linear interpolation, with NumPy's own
/// `linspace` and `interp` arithmetic so that the results are Nengo's to the last bit.
enum NumericGainBias {
  /// Gains and biases for a whole ensemble: the current grid depends on the largest
  /// max rate, so one neuron's gain depends on the others' max rates, as in Nengo.
  /// - Parameter rates: the rates (Hz) at currents `J` (gain 1, bias 0).
  /// - Throws: ``ModelError`` naming `object` when no current reaches the max rate or none
  ///   is silent (within ±10 240), or an intercept is not below 1.
  static func gainBias(
    maxRates: [Double], intercepts: [Double], object: String, rates: ([Double]) -> [Double]
  ) throws(ModelError) -> (gain: [Double], bias: [Double]) {
    for (rate, intercept) in zip(maxRates, intercepts) {
      guard rate > 0, rate.isFinite else {
        throw ModelError(object: object, attribute: "max_rates", "max rate \(rate) Hz must be positive and finite")
      }
      try NeuronChecks.intercept(intercept, object: object)
    }
    guard let maxRate = maxRates.max() else { return ([], []) }
    var threshold: Double?
    var top: Double?
    var range = 10.0
    for _ in 0..<10 {
      let j = linspace(-range, range, 101)
      let r = rates(j)
      if threshold == nil, let k = r.lastIndex(where: { $0 <= 0 }) { threshold = j[k] }
      if top == nil, let k = r.firstIndex(where: { $0 >= maxRate }) { top = j[k] }
      if threshold != nil && top != nil { break }
      range *= 2
    }
    guard let threshold else {
      throw ModelError(object: object, attribute: "max_rates,intercepts", "could not find the firing threshold")
    }
    guard let top else {
      throw ModelError(object: object, attribute: "max_rates", "no current reaches the max rate \(maxRate) Hz")
    }
    let j = linspace(threshold, top, 101)
    let tops = interp(maxRates, j: rates(j), j)
    var gain = [Double](repeating: 0, count: maxRates.count)
    var bias = gain
    for i in maxRates.indices {
      gain[i] = (threshold - tops[i]) / (intercepts[i] - 1)
      bias[i] = tops[i] - gain[i]
    }
    return (gain, bias)
  }

  /// Nengo's default inverse: the rate at input 1, and the last of 101 inputs in [-1, 1]
  /// before the first one with a positive rate (-1 when even that one fires).
  static func maxRateIntercept(gain: Double, bias: Double, rate: (Double) -> Double) -> (
    maxRate: Double, intercept: Double
  ) {
    let x = linspace(-1, 1, 101)
    let first = x.firstIndex { rate(gain * $0 + bias) > 0 } ?? 0
    return (rate(gain * 1 + bias), x[max(first - 1, 0)])
  }

  /// NumPy's `linspace(start, stop, count)`: `start + i * step`, the last point `stop`.
  static func linspace(_ start: Double, _ stop: Double, _ count: Int) -> [Double] {
    let step = (stop - start) / Double(count - 1)
    var out = (0..<count).map { Double($0) * step + start }
    out[count - 1] = stop
    return out
  }

  /// NumPy's `interp(x, xp, fp)` (`arr_interp` in `numpy/_core/src/multiarray/compiled_base.c`),
  /// `xp` nondecreasing: each `x` is found from the previous one's position, as NumPy does.
  static func interp(_ x: [Double], j xp: [Double], _ fp: [Double]) -> [Double] {
    let count = xp.count
    var j = 0
    return x.map { value in
      if value.isNaN { return value }
      j = searchWithGuess(value, xp, guess: j)
      if j == -1 { return fp[0] }
      if j >= count - 1 || xp[j] == value { return fp[min(j, count - 1)] }
      let slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
      var y = slope * (value - xp[j]) + fp[j]
      if y.isNaN {
        y = slope * (value - xp[j + 1]) + fp[j + 1]
        if y.isNaN && fp[j] == fp[j + 1] { y = fp[j] }
      }
      return y
    }
  }

  /// NumPy's `binary_search_with_guess`: `i` with `xp[i] <= key < xp[i + 1]`, -1 below the
  /// first point, `count` above the last (`xp` has more than 4 points, as every grid here).
  private static func searchWithGuess(_ key: Double, _ xp: [Double], guess start: Int) -> Int {
    let count = xp.count
    let cache = 8  // LIKELY_IN_CACHE_SIZE
    if key > xp[count - 1] { return count }
    if key < xp[0] { return -1 }
    var lo = 0
    var hi = count
    let guess = max(1, min(start, count - 3))
    if key < xp[guess] {
      if key < xp[guess - 1] {
        hi = guess - 1
        if guess > cache && key >= xp[guess - cache] { lo = guess - cache }
      } else {
        return guess - 1
      }
    } else {
      if key < xp[guess + 1] { return guess }
      if key < xp[guess + 2] { return guess + 1 }
      lo = guess + 2
      if guess < count - cache - 1 && key < xp[guess + cache] { hi = guess + cache }
    }
    while lo < hi {
      let mid = lo + (hi - lo) >> 1
      if key >= xp[mid] { lo = mid + 1 } else { hi = mid }
    }
    return lo - 1
  }
}
