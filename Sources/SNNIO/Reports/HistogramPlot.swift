import Foundation

/// Histograms as SVG, one panel per group (e.g. one per layer), stacked vertically, each
/// with its own x range (a layer firing at most 50 Hz is not squeezed into the 2% of a
/// shared axis that a 2000 Hz layer sets) and a y axis from 0.
struct HistogramPlot: Sendable {
  /// One bar: `[lower, upper)` in data units, and its height.
  struct Bin: Sendable, Equatable {
    /// Left edge.
    var lower: Double
    /// Right edge.
    var upper: Double
    /// Height (e.g. a fraction of all samples).
    var value: Double
  }

  /// One histogram.
  struct Panel: Sendable {
    /// Panel heading.
    var title: String
    /// A note shown at the panel's top right (e.g. the share of values left out).
    var note: String
    /// The bars.
    var bins: [Bin]
    /// Creates a panel.
    init(title: String, note: String = "", bins: [Bin]) {
      self.title = title
      self.note = note
      self.bins = bins
    }
  }

  /// Title above the panels.
  var title: String
  /// Label of the shared x axis.
  var xLabel: String
  /// Label of each panel's y axis.
  var yLabel: String
  /// The panels, top to bottom.
  var panels: [Panel]
  /// Width in pixels.
  var width = 760.0
  /// Height of one panel in pixels.
  var panelHeight = 170.0

  /// Creates a plot.
  init(title: String, xLabel: String, yLabel: String, panels: [Panel]) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.panels = panels
  }

  /// Bins weighted samples `(value, weight)` into `count` equal bins over `range`; values
  /// outside the range are left out. Heights are weights divided by `total`.
  static func bins(
    _ samples: [(value: Double, weight: Int)], range: ClosedRange<Double>, count: Int, total: Int
  ) -> [Bin] {
    let n = max(1, count)
    let width = (range.upperBound - range.lowerBound) / Double(n)
    var sums = [Int](repeating: 0, count: n)
    for s in samples where s.value >= range.lowerBound && s.value <= range.upperBound && width > 0 {
      sums[min(n - 1, Int((s.value - range.lowerBound) / width))] += s.weight
    }
    return (0..<n).map { i in
      Bin(
        lower: range.lowerBound + Double(i) * width, upper: range.lowerBound + Double(i + 1) * width,
        value: total > 0 ? Double(sums[i]) / Double(total) : 0)
    }
  }

  /// Margins and spacing (pixels).
  private static let left = 70.0, right = 20.0, top = 40.0, gap = 38.0, bottom = 50.0

  /// Panel `k`'s axes: x over its own bins (each layer has its own range of rates), y from
  /// 0 to just above its tallest bar.
  func axes(ofPanel k: Int) -> (x: PlotAxis, y: PlotAxis) {
    let panel = panels[k]
    let pTop = Self.top + Double(k) * (panelHeight + Self.gap) + 16
    let pBottom = Self.top + Double(k) * (panelHeight + Self.gap) + panelHeight
    let lo = panel.bins.map(\.lower).min() ?? 0
    let hi = panel.bins.map(\.upper).max() ?? 1
    let peak = panel.bins.map(\.value).max() ?? 0
    return (
      PlotAxis(range: lo...hi, pixels: Self.left...(width - Self.right), flipped: false),
      PlotAxis(range: 0...max(peak * 1.05, 1e-9), pixels: pTop...pBottom, flipped: true)
    )
  }

  /// The SVG document.
  var svg: String {
    let left = Self.left
    let right = Self.right
    let height = Self.top + Double(panels.count) * (panelHeight + Self.gap) - Self.gap + Self.bottom
    var doc = SVGDocument(width: width, height: height)
    doc.text(title, width / 2, 24, size: 15, anchor: "middle", bold: true)
    for (k, panel) in panels.enumerated() {
      let (x, y) = axes(ofPanel: k)
      let pTop = y.pixels.lowerBound
      let pBottom = y.pixels.upperBound
      let xTicks = x.ticks(7)
      let yTicks = y.ticks(4)
      let note = x.range.lowerBound == 0 ? panel.note : x.title(panel.note, ticks: xTicks)
      doc.text(panel.title, left, pTop - 6, size: 13, bold: true)
      doc.text(note, width - right, pTop - 6, size: 11, anchor: "end", color: "#555")
      for t in yTicks {
        doc.line(left, y.pixel(t), width - right, y.pixel(t), stroke: "#eee")
        doc.text(y.label(t, ticks: yTicks), left - 8, y.pixel(t) + 4, size: 10, anchor: "end")
      }
      for b in panel.bins where b.value > 0 {
        let x0 = x.pixel(b.lower)
        let x1 = x.pixel(b.upper)
        doc.rect(
          x0 + 0.5, y.pixel(b.value), x1 - x0 - 1, pBottom - y.pixel(b.value), fill: "#4c78a8",
          title: "\(SVGDocument.n(b.lower))-\(SVGDocument.n(b.upper)): \(String(format: "%.4f", b.value))")
      }
      doc.line(left, pBottom, width - right, pBottom, stroke: "#444")
      doc.line(left, pTop, left, pBottom, stroke: "#444")
      for t in xTicks {
        doc.line(x.pixel(t), pBottom, x.pixel(t), pBottom + 4, stroke: "#444")
        doc.text(x.label(t, ticks: xTicks), x.pixel(t), pBottom + 16, size: 10, anchor: "middle")
      }
      doc.text(yLabel, 16, (pTop + pBottom) / 2, size: 11, anchor: "middle", rotate: -90)
    }
    doc.text(xLabel, (left + width - right) / 2, height - 12, size: 13, anchor: "middle")
    return doc.text
  }
}
