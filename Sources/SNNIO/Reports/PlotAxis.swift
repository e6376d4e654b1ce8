import Foundation

/// A linear axis: maps data values in `range` to pixels in `pixels`, and picks "nice"
/// tick values (1, 2 or 5 times a power of ten).
struct PlotAxis {
  let range: ClosedRange<Double>
  let pixels: ClosedRange<Double>
  /// Whether larger values go toward smaller pixels (a y axis).
  let flipped: Bool

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

  /// About `count` tick values inside the range.
  func ticks(_ count: Int = 6) -> [Double] {
    let step = Self.niceStep((range.upperBound - range.lowerBound) / Double(max(1, count)))
    var t = (range.lowerBound / step).rounded(.up) * step
    var out: [Double] = []
    while t <= range.upperBound + step * 1e-9 && out.count < 50 {
      out.append(abs(t) < step * 1e-9 ? 0 : t)
      t += step
    }
    return out
  }

  /// A tick label with as many decimals as the tick step needs.
  func label(_ v: Double, ticks: [Double]) -> String {
    let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
    let decimals = max(0, min(6, Int((-Foundation.log10(step)).rounded(.up))))
    return String(format: "%.\(decimals)f", v)
  }

  static func niceStep(_ raw: Double) -> Double {
    guard raw > 0, raw.isFinite else { return 1 }
    let magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
    let f = raw / magnitude
    let nice: Double = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
    return nice * magnitude
  }
}
