import Foundation

/// A line chart as SVG: one or more series of (x, y) points and horizontal reference lines,
/// with axes, ticks, grid, axis labels and a legend.
public struct LinePlot: Sendable {
  /// A polyline of points.
  public struct Series: Sendable {
    /// Legend text.
    public var name: String
    /// The points, in data units, in drawing order.
    public var points: [(x: Double, y: Double)]
    /// An SVG color.
    public var color: String
    /// Creates a series.
    public init(name: String, points: [(x: Double, y: Double)], color: String = "#1f77b4") {
      self.name = name
      self.points = points
      self.color = color
    }
  }

  /// A dashed horizontal line across the plot at `y`.
  public struct Reference: Sendable {
    /// Legend text.
    public var name: String
    /// Its value, in data units.
    public var y: Double
    /// An SVG color.
    public var color: String
    /// Creates a reference line.
    public init(name: String, y: Double, color: String = "#d62728") {
      self.name = name
      self.y = y
      self.color = color
    }
  }

  /// Title above the plot.
  public var title: String
  /// Label of the x axis.
  public var xLabel: String
  /// Label of the y axis.
  public var yLabel: String
  /// The series.
  public var series: [Series] = []
  /// The reference lines.
  public var references: [Reference] = []
  /// The x range shown; default: the data's.
  public var xRange: ClosedRange<Double>?
  /// The y range shown (points outside are clipped); default: the data's.
  public var yRange: ClosedRange<Double>?
  /// Size in pixels.
  public var width = 760.0
  /// Size in pixels.
  public var height = 460.0

  /// Creates an empty plot.
  public init(title: String, xLabel: String, yLabel: String) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
  }

  /// The SVG document.
  public var svg: String {
    let left = 70.0, right = 20.0, top = 40.0, bottom = 55.0
    var doc = SVGDocument(width: width, height: height)
    let xs = series.flatMap { $0.points.map(\.x) }
    let ys = series.flatMap { $0.points.map(\.y) } + references.map(\.y)
    let x = PlotAxis(
      range: xRange ?? ((xs.min() ?? 0)...(xs.max() ?? 1)), pixels: left...(width - right), flipped: false)
    let y = PlotAxis(
      range: yRange ?? ((ys.min() ?? 0)...(ys.max() ?? 1)), pixels: top...(height - bottom), flipped: true)
    doc.text(title, width / 2, 24, size: 15, anchor: "middle", bold: true)
    let xTicks = x.ticks(8)
    let yTicks = y.ticks(6)
    for t in yTicks {
      doc.line(left, y.pixel(t), width - right, y.pixel(t), stroke: "#e5e5e5")
      doc.text(y.label(t, ticks: yTicks), left - 8, y.pixel(t) + 4, size: 11, anchor: "end")
    }
    for t in xTicks {
      doc.line(x.pixel(t), top, x.pixel(t), height - bottom, stroke: "#e5e5e5")
      doc.text(x.label(t, ticks: xTicks), x.pixel(t), height - bottom + 18, size: 11, anchor: "middle")
    }
    doc.line(left, height - bottom, width - right, height - bottom, stroke: "#444")
    doc.line(left, top, left, height - bottom, stroke: "#444")
    doc.text(xLabel, (left + width - right) / 2, height - 14, size: 13, anchor: "middle")
    doc.text(yLabel, 18, (top + height - bottom) / 2, size: 13, anchor: "middle", rotate: -90)
    let clip = doc.clipRect(left, top, width - right - left, height - bottom - top)
    for r in references {
      let py = y.pixel(r.y)
      if py >= top && py <= height - bottom {
        doc.line(left, py, width - right, py, stroke: r.color, width: 1.5, dash: "6,4")
      }
    }
    for s in series {
      doc.polyline(s.points.map { (x.pixel($0.x), y.pixel($0.y)) }, stroke: s.color, clip: clip)
    }
    // Legend, bottom right inside the plot area.
    let entries = series.map { ($0.name, $0.color, false) } + references.map { ($0.name, $0.color, true) }
    var ly = height - bottom - 14 - Double(entries.count - 1) * 18
    let lx = width - right - 230
    if !entries.isEmpty {
      doc.rect(lx - 8, ly - 14, 226, Double(entries.count) * 18 + 6, fill: "white", stroke: "#ccc")
    }
    for (name, color, dashed) in entries {
      doc.line(lx, ly - 4, lx + 24, ly - 4, stroke: color, width: 2, dash: dashed ? "6,4" : nil)
      doc.text(name, lx + 32, ly, size: 11)
      ly += 18
    }
    return doc.text
  }
}
