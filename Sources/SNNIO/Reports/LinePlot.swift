import Foundation

/// A line chart as SVG: one or more series of (x, y) points and horizontal reference lines,
/// with axes, ticks, grid, axis labels and a legend above the plot area.
///
/// `package`: `snn example` draws its decoded-output plots with it.
package struct LinePlot: Sendable {
  /// A polyline of points.
  package struct Series: Sendable {
    /// Legend text.
    package var name: String
    /// The points, in data units, in drawing order.
    package var points: [(x: Double, y: Double)]
    /// An SVG color.
    package var color: String
    /// Creates a series.
    package init(name: String, points: [(x: Double, y: Double)], color: String = "#1f77b4") {
      self.name = name
      self.points = points
      self.color = color
    }
  }

  /// A dashed horizontal line across the plot at `y`.
  struct Reference: Sendable {
    /// Legend text.
    var name: String
    /// Its value, in data units.
    var y: Double
    /// An SVG color.
    var color: String
    /// Creates a reference line.
    init(name: String, y: Double, color: String = "#d62728") {
      self.name = name
      self.y = y
      self.color = color
    }
  }

  /// Title above the plot.
  package var title: String
  /// Label of the x axis.
  package var xLabel: String
  /// Label of the y axis.
  package var yLabel: String
  /// The series.
  package var series: [Series] = []
  /// The reference lines.
  var references: [Reference] = []
  /// The x range shown; default: the data's.
  package var xRange: ClosedRange<Double>?
  /// The y range shown (points outside are clipped); default: the data's.
  package var yRange: ClosedRange<Double>?
  /// Size in pixels.
  var width = 760.0
  /// Size in pixels.
  var height = 460.0

  /// Creates an empty plot.
  package init(title: String, xLabel: String, yLabel: String) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
  }

  /// Where everything goes, in pixels: the plot area, the legend above it (outside it, so
  /// that it never covers a curve) and each legend entry's position.
  struct Layout {
    /// The area the axes frame and the data are drawn in.
    var plotArea: (x: ClosedRange<Double>, y: ClosedRange<Double>)
    /// The legend's box (empty when there is nothing to list).
    var legend: (x: Double, y: Double, width: Double, height: Double)
    /// Each entry's swatch start (x) and text baseline (y).
    var entries: [(name: String, color: String, dashed: Bool, x: Double, y: Double)]
    /// The axes.
    var x: PlotAxis, y: PlotAxis
  }

  /// Rough width of `text` at font size 11 (pixels): enough to keep legend entries apart.
  private static func textWidth(_ text: String) -> Double { Double(text.count) * 6.6 }

  /// The layout: legend entries in rows under the title, wrapped to the plot's width.
  var layout: Layout {
    let left = 70.0
    let right = 20.0
    let bottom = 55.0
    let titleBottom = 34.0
    let rowHeight = 18.0
    let named = series.map { ($0.name, $0.color, false) } + references.map { ($0.name, $0.color, true) }
    var entries: [(name: String, color: String, dashed: Bool, x: Double, y: Double)] = []
    var cursor = left + 8
    var row = 0
    for (name, color, dashed) in named {
      let w = 32 + Self.textWidth(name) + 18
      if cursor + w > width - right && cursor > left + 8 {
        row += 1
        cursor = left + 8
      }
      entries.append((name, color, dashed, cursor, titleBottom + 16 + Double(row) * rowHeight))
      cursor += w
    }
    let rows = entries.isEmpty ? 0 : row + 1
    let legend = (x: left, y: titleBottom + 2, width: width - right - left, height: Double(rows) * rowHeight + 4)
    let top = titleBottom + (rows == 0 ? 6 : legend.height + 12)
    let xs = series.flatMap { $0.points.map(\.x) }
    let ys = series.flatMap { $0.points.map(\.y) } + references.map(\.y)
    return Layout(
      plotArea: (left...(width - right), top...(height - bottom)),
      legend: rows == 0 ? (left, titleBottom, 0, 0) : legend, entries: entries,
      x: PlotAxis(
        range: xRange ?? ((xs.min() ?? 0)...(xs.max() ?? 1)), pixels: left...(width - right), flipped: false),
      y: PlotAxis(
        range: yRange ?? ((ys.min() ?? 0)...(ys.max() ?? 1)), pixels: top...(height - bottom), flipped: true))
  }

  /// The SVG document.
  package var svg: String {
    let layout = layout
    let (x, y) = (layout.x, layout.y)
    let left = layout.plotArea.x.lowerBound
    let right = layout.plotArea.x.upperBound
    let top = layout.plotArea.y.lowerBound
    let bottom = layout.plotArea.y.upperBound
    var doc = SVGDocument(width: width, height: height)
    doc.text(title, width / 2, 24, size: 15, anchor: "middle", bold: true)
    let xTicks = x.ticks()
    let yTicks = y.ticks()
    for t in yTicks {
      doc.line(left, y.pixel(t), right, y.pixel(t), stroke: "#e5e5e5")
      doc.text(y.label(t, ticks: yTicks), left - 8, y.pixel(t) + 4, size: 11, anchor: "end")
    }
    for t in xTicks {
      doc.line(x.pixel(t), top, x.pixel(t), bottom, stroke: "#e5e5e5")
      doc.text(x.label(t, ticks: xTicks), x.pixel(t), bottom + 18, size: 11, anchor: "middle")
    }
    doc.line(left, bottom, right, bottom, stroke: "#444")
    doc.line(left, top, left, bottom, stroke: "#444")
    doc.text(x.title(xLabel, ticks: xTicks), (left + right) / 2, height - 14, size: 13, anchor: "middle")
    doc.text(y.title(yLabel, ticks: yTicks), 18, (top + bottom) / 2, size: 13, anchor: "middle", rotate: -90)
    let clip = doc.clipRect(left, top, right - left, bottom - top)
    for r in references {
      let py = y.pixel(r.y)
      if py >= top && py <= bottom {
        doc.line(left, py, right, py, stroke: r.color, width: 1.5, dash: "6,4")
      }
    }
    for s in series {
      doc.polyline(s.points.map { (x.pixel($0.x), y.pixel($0.y)) }, stroke: s.color, clip: clip)
    }
    if !layout.entries.isEmpty {
      let box = layout.legend
      doc.rect(box.x, box.y, box.width, box.height, fill: "white", stroke: "#ccc")
    }
    for entry in layout.entries {
      doc.line(
        entry.x, entry.y - 4, entry.x + 24, entry.y - 4, stroke: entry.color, width: 2, dash: entry.dashed ? "6,4" : nil
      )
      doc.text(entry.name, entry.x + 32, entry.y, size: 11)
    }
    return doc.text
  }
}
