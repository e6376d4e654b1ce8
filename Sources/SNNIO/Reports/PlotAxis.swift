import Foundation

/// A linear axis: maps data values in `range` to pixels in `pixels`, and picks "nice"
/// tick values (1, 2, 2.5 or 5 times a power of ten), 4 to 8 of them.
struct PlotAxis {
  let range: ClosedRange<Double>
  let pixels: ClosedRange<Double>
  /// Whether larger values go toward smaller pixels (a y axis).
  let flipped: Bool

  /// The fewest and the most ticks an axis gets.
  static let tickCounts = 4...8

  init(range: ClosedRange<Double>, pixels: ClosedRange<Double>, flipped: Bool) {
    // A degenerate range is widened so that the mapping stays finite.
    self.range = range.lowerBound < range.upperBound ? range : (range.lowerBound - 0.5)...(range.upperBound + 0.5)
    self.pixels = pixels
    self.flipped = flipped
  }

  /// The pixel of value `v` (not clamped).
  func pixel(_ v: Double) -> Double {
    let f = (v - range.lowerBound) / (range.upperBound - range.lowerBound)
    let span = pixels.upperBound - pixels.lowerBound
    return flipped ? pixels.upperBound - f * span : pixels.lowerBound + f * span
  }

  /// The tick values inside the range: multiples of the nice step (1, 2, 2.5 or 5 times a
  /// power of ten) whose count is in ``tickCounts`` and closest to `target`.
  func ticks(_ target: Int = 6) -> [Double] {
    let span = range.upperBound - range.lowerBound
    guard span > 0, span.isFinite else { return [range.lowerBound] }
    let base = Foundation.pow(10, Foundation.floor(Foundation.log10(span)) - 2)
    var best: (step: Double, distance: Int)?
    for power in 0..<4 {
      for factor in [1, 2, 2.5, 5] {
        let step = factor * base * Foundation.pow(10, Double(power))
        let first = Foundation.ceil(range.lowerBound / step - 1e-9)
        let count = Int(Foundation.floor(range.upperBound / step + 1e-9) - first) + 1
        let distance = Self.tickCounts.contains(count) ? abs(count - target) : 1000 + abs(count - target)
        if best.map({ distance < $0.distance }) ?? true { best = (step, distance) }
      }
    }
    let step = best?.step ?? span
    var out: [Double] = []
    var k = Foundation.ceil(range.lowerBound / step - 1e-9)
    while k * step <= range.upperBound + step * 1e-9 && out.count < 50 {
      let t = k * step
      out.append(abs(t) < step * 1e-9 ? 0 : t)
      k += 1
    }
    return out
  }

  /// A tick label with as many decimals as the tick step needs (0.025 -> three).
  func label(_ v: Double, ticks: [Double]) -> String {
    let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
    var decimals = 0
    while decimals < 6 {
      let scaled = step * Foundation.pow(10, Double(decimals))
      if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { break }
      decimals += 1
    }
    return String(format: "%.\(decimals)f", v)
  }

  /// `name`, with a note when the axis does not start at 0 (so that a reader does not take
  /// the distance from the axis for the value), for example "accuracy (axis starts at 0.85)".
  func title(_ name: String, ticks: [Double]) -> String {
    range.lowerBound == 0 ? name : "\(name) (axis starts at \(label(range.lowerBound, ticks: ticks)))"
  }
}
