import Foundation

/// A small SVG 1.1 document built element by element, with text escaped for XML.
///
/// Coordinates are in pixels from the top-left corner. Only what the report's plots need:
/// lines, polylines, rectangles, text, groups with a clip path.
struct SVGDocument {
  let width: Double
  let height: Double
  private(set) var body: [String] = []
  private var clipCount = 0

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
    body.append("<rect x=\"0\" y=\"0\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"white\"/>")
  }

  /// The complete document.
  var text: String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(Self.n(width))" height="\(Self.n(height))" \
    viewBox="0 0 \(Self.n(width)) \(Self.n(height))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">

    """ + body.map { "  " + $0 }.joined(separator: "\n") + "\n</svg>\n"
  }

  mutating func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil
  ) {
    let d = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
    body.append(
      "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" "
        + "stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\"\(d)/>")
  }

  mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5, clip: String? = nil) {
    guard !points.isEmpty else { return }
    let p = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
    let c = clip.map { " clip-path=\"url(#\($0))\"" } ?? ""
    body.append(
      "<polyline points=\"\(p)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\" "
        + "stroke-linejoin=\"round\"\(c)/>")
  }

  mutating func rect(
    _ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil, title: String? = nil
  ) {
    let s = stroke.map { " stroke=\"\($0)\"" } ?? ""
    let attributes =
      "x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, w)))\" height=\"\(Self.n(max(0, h)))\" fill=\"\(fill)\"\(s)"
    if let title {
      body.append("<rect \(attributes)><title>\(Self.escape(title))</title></rect>")
    } else {
      body.append("<rect \(attributes)/>")
    }
  }

  /// Text; `anchor` is start, middle or end; `rotate` in degrees about the anchor point.
  mutating func text(
    _ s: String, _ x: Double, _ y: Double, size: Double = 12, anchor: String = "start", color: String = "#222",
    bold: Bool = false, rotate: Double? = nil
  ) {
    let r = rotate.map { " transform=\"rotate(\(Self.n($0)) \(Self.n(x)) \(Self.n(y)))\"" } ?? ""
    let b = bold ? " font-weight=\"bold\"" : ""
    body.append(
      "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor)\" "
        + "fill=\"\(color)\"\(b)\(r)>\(Self.escape(s))</text>")
  }

  /// Defines a rectangular clip path and returns its id.
  mutating func clipRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double) -> String {
    clipCount += 1
    let id = "clip\(clipCount)"
    body.append(
      "<defs><clipPath id=\"\(id)\"><rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(w))\" "
        + "height=\"\(Self.n(h))\"/></clipPath></defs>")
    return id
  }

  /// A coordinate with at most two decimals.
  static func n(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    let r = (x * 100).rounded() / 100
    return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r)
  }

  /// `s` with the five XML special characters escaped.
  static func escape(_ s: String) -> String {
    var out = ""
    for c in s {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default: out.append(c)
      }
    }
    return out
  }
}
