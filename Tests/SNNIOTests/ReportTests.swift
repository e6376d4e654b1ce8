import Foundation
import XCTest
import _SNNTestSupport

@testable import SNNIO

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// CSV, SVG and Markdown writers, and the conversion report's directory.
final class ReportTests: XCTestCase {
  /// Parses `text` as XML; returns the parser's error, nil when well-formed, and the
  /// element names seen.
  private func parseXML(_ text: String) -> (error: Error?, elements: [String]) {
    final class Collector: NSObject, XMLParserDelegate {
      var elements: [String] = []
      func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
      ) { elements.append(name) }
    }
    let parser = XMLParser(data: Data(text.utf8))
    let collector = Collector()
    parser.delegate = collector
    return parser.parse() ? (nil, collector.elements) : (parser.parserError ?? CocoaError(.fileReadCorruptFile), [])
  }

  private func temporaryDirectory() throws -> URL {
    let dir = try TestPaths.temporaryDirectory()
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
  }

  private func sampleReport() -> ConversionReport {
    let curve = (1...120).map { 0.5 + 0.47 * (1 - exp(-Double($0) / 15)) }
    let layers = [
      ConversionReport.LayerRates(label: "input <&>", neurons: 4, rates: [(0, 30), (100, 6), (900, 4)]),
      ConversionReport.LayerRates(label: "output", neurons: 2, rates: [(0, 5), (250, 15)]),
    ]
    return ConversionReport(
      command: "snn mnist --curve", settings: [("neurons", "LIF | reset zero")],
      results: (header: ["", "accuracy"], rows: [["ANN", "0.9729"], ["SNN", "0.9700"]]), annAccuracy: 0.9729,
      accuracyAtStep: curve, checkpoints: [1, 25, 50, 100, 120], layers: layers, json: Data("{}".utf8))
  }

  // MARK: - CSV

  func testCSV_QuotesFieldsWithSeparatorsQuotesAndLineBreaks() {
    let t = CSVTable(header: ["a", "b"], rows: [["1", "x,y"], ["say \"hi\"", "two\nlines"]])
    XCTAssertEqual(t.text, "a,b\r\n1,\"x,y\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n")
  }

  // MARK: - SVG

  func testLinePlot_IsWellFormedSVG_WithEscapedText() {
    var plot = LinePlot(title: "a < b & \"c\"", xLabel: "steps", yLabel: "accuracy")
    plot.series = [LinePlot.Series(name: "SNN", points: [(1, 0.5), (2, 0.9), (3, 0.95)])]
    plot.references = [LinePlot.Reference(name: "ANN", y: 0.97)]
    let svg = plot.svg
    let (error, elements) = parseXML(svg)
    XCTAssertNil(error, "\(String(describing: error))")
    XCTAssertEqual(elements.first, "svg")
    XCTAssertEqual(elements.filter { $0 == "polyline" }.count, 1)
    XCTAssertTrue(svg.contains("a &lt; b &amp; &quot;c&quot;"))
    // The reference line is dashed.
    XCTAssertTrue(svg.contains("stroke-dasharray"))
  }

  func testHistogramPlot_IsWellFormedSVG_OneBarPerNonEmptyBin() {
    let bins = HistogramPlot.bins([(value: 1, weight: 3), (value: 9.5, weight: 1)], range: 0...10, count: 5, total: 4)
    XCTAssertEqual(bins.map(\.value), [0.75, 0, 0, 0, 0.25])
    XCTAssertEqual(bins.map(\.lower), [0, 2, 4, 6, 8])
    let plot = HistogramPlot(
      title: "rates", xLabel: "Hz", yLabel: "share", panels: [HistogramPlot.Panel(title: "layer", bins: bins)])
    let (error, elements) = parseXML(plot.svg)
    XCTAssertNil(error, "\(String(describing: error))")
    // The background plus two bars.
    XCTAssertEqual(elements.filter { $0 == "rect" }.count, 3)
  }

  func testHistogramBins_ValuesOutsideTheRangeAreLeftOut_TopEdgeIncluded() {
    let bins = HistogramPlot.bins(
      [(value: -1, weight: 5), (value: 10, weight: 2), (value: 11, weight: 7)], range: 0...10, count: 2, total: 14)
    XCTAssertEqual(bins.map(\.value), [0, 2.0 / 14])
  }

  // MARK: - Plot geometry

  func testLinePlot_Legend_IsOutsideThePlotAreaAndCoversNoPoint() {
    var plot = LinePlot(title: "t", xLabel: "x", yLabel: "y")
    // Curves through every corner and the middle, and enough long names to wrap the legend.
    plot.series = (0..<6).map { k in
      LinePlot.Series(
        name: "series number \(k) with a long name",
        points: (0...20).map { i in (Double(i), Double((i * (k + 1)) % 21)) })
    }
    plot.references = [LinePlot.Reference(name: "reference", y: 20)]
    let layout = plot.layout
    let legend = layout.legend
    XCTAssertGreaterThan(legend.height, 18, "the legend wraps onto several rows")
    XCTAssertLessThanOrEqual(legend.y + legend.height, layout.plotArea.y.lowerBound, "legend above the plot area")
    XCTAssertEqual(layout.entries.count, 7)
    for entry in layout.entries {
      XCTAssertTrue(entry.y > legend.y && entry.y < legend.y + legend.height, entry.name)
      XCTAssertLessThanOrEqual(entry.x + 32, legend.x + legend.width, entry.name)
    }
    for s in plot.series {
      for p in s.points {
        let px = layout.x.pixel(p.x)
        let py = layout.y.pixel(p.y)
        let inside =
          px >= legend.x && px <= legend.x + legend.width && py >= legend.y && py <= legend.y + legend.height
        XCTAssertFalse(inside, "\(s.name) point \(p) under the legend")
      }
    }
    XCTAssertNil(parseXML(plot.svg).error)
  }

  func testPlotAxis_Ticks_FourToEightNiceValuesInsideTheRange() {
    func ticks(_ range: ClosedRange<Double>) -> [Double] {
      PlotAxis(range: range, pixels: 0...100, flipped: false).ticks()
    }
    XCTAssertEqual(ticks(0...120), [0, 20, 40, 60, 80, 100, 120])
    XCTAssertEqual(ticks(0...1).map { ($0 * 10).rounded() / 10 }, [0, 0.2, 0.4, 0.6, 0.8, 1])
    XCTAssertEqual(ticks(0.85...0.98).map { ($0 * 1000).rounded() }, [850, 875, 900, 925, 950, 975])
    for range in [0...3.0, 0...7, 0...13, 0...61, 0...999, 0.2...0.3, 0...25_500, -1...1, 0.9...0.901, 5...5] {
      let t = ticks(range)
      let widened = PlotAxis(range: range, pixels: 0...1, flipped: false).range
      XCTAssertTrue(PlotAxis.tickCounts.contains(t.count), "\(range): \(t)")
      XCTAssertTrue(t.allSatisfy { widened.contains($0) }, "\(range): \(t)")
      let step = t[1] - t[0]
      let mantissa = step / pow(10, floor(log10(step)))
      XCTAssertTrue(
        [1, 2, 2.5, 5].contains { abs(mantissa - $0) < 1e-6 }, "\(range): step \(step) is not nice")
      XCTAssertTrue(t.allSatisfy { abs($0 / step - ($0 / step).rounded()) < 1e-6 }, "\(range): \(t)")
    }
  }

  func testPlotAxis_LabelsAndTitle_SayWhenTheAxisDoesNotStartAtZero() {
    let shifted = PlotAxis(range: 0.85...0.98, pixels: 0...100, flipped: true)
    let t = shifted.ticks()
    XCTAssertEqual(shifted.label(0.875, ticks: t), "0.875")
    XCTAssertEqual(shifted.title("accuracy", ticks: t), "accuracy (axis starts at 0.850)")
    let zero = PlotAxis(range: 0...120, pixels: 0...100, flipped: false)
    XCTAssertEqual(zero.title("steps", ticks: zero.ticks()), "steps")
    XCTAssertTrue(sampleReport().curvePlot.svg.contains(">accuracy (axis starts at 0."))
  }

  func testRatesPlot_EachLayerHasItsOwnRange() {
    let plot = sampleReport().ratesPlot
    XCTAssertEqual(plot.axes(ofPanel: 0).x.range, 0...900)
    XCTAssertEqual(plot.axes(ofPanel: 1).x.range, 0...250)
    for k in 0..<2 {
      XCTAssertEqual(plot.axes(ofPanel: k).y.range.lowerBound, 0)
      XCTAssertTrue(PlotAxis.tickCounts.contains(plot.axes(ofPanel: k).x.ticks(7).count))
    }
  }

  // MARK: - Markdown

  func testMarkdownTable_EscapesPipesAndAlignsNumbers() {
    var md = MarkdownDocument()
    md.table(header: ["name", "value"], rows: [["a|b", "1"]], alignRight: [1])
    XCTAssertEqual(md.text, "| name | value |\n|---|---:|\n| a\\|b | 1 |\n")
  }

  // MARK: - The report directory

  func testConversionReport_WritesEveryFile_WithValidSVGAndMatchingCSV() throws {
    let dir = try temporaryDirectory().appendingPathComponent("report")
    let written = try sampleReport().write(to: dir)
    let names = Set(written.map(\.lastPathComponent))
    XCTAssertEqual(
      names,
      [
        "report.md", "accuracy-vs-steps.csv", "accuracy-vs-steps.svg", "firing-rates.csv", "firing-rates.svg",
        "result.json",
      ])
    for svg in ["accuracy-vs-steps.svg", "firing-rates.svg"] {
      let text = try String(contentsOf: dir.appendingPathComponent(svg), encoding: .utf8)
      XCTAssertNil(parseXML(text).error, svg)
    }
    let csv = try String(contentsOf: dir.appendingPathComponent("accuracy-vs-steps.csv"), encoding: .utf8)
    let lines = csv.split(separator: "\r\n")
    XCTAssertEqual(lines.count, 121)
    XCTAssertEqual(lines[0], "step,accuracy")
    XCTAssertEqual(lines[120], "120,\(String(format: "%.4f", 0.5 + 0.47 * (1 - exp(-120.0 / 15))))")
    let md = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
    XCTAssertTrue(md.contains("![accuracy vs steps](accuracy-vs-steps.svg)"))
    XCTAssertTrue(md.contains("![firing rates per layer](firing-rates.svg)"))
    XCTAssertTrue(md.contains("| neurons | LIF \\| reset zero |"))
    // The checkpoint table lists the accuracy at step 50.
    XCTAssertTrue(md.contains(String(format: "%.4f", 0.5 + 0.47 * (1 - exp(-50.0 / 15)))))
    let rates = try String(contentsOf: dir.appendingPathComponent("firing-rates.csv"), encoding: .utf8)
    XCTAssertTrue(rates.hasPrefix("layer,rate_hz,pairs\r\ninput <&>,0.0000,30\r\n"))
  }

  func testConversionReport_WithoutCurveOrRates_WritesOnlyTheReport() throws {
    var report = sampleReport()
    report.accuracyAtStep = []
    report.layers = []
    report.json = nil
    let dir = try temporaryDirectory()
    let written = try report.write(to: dir)
    XCTAssertEqual(written.map(\.lastPathComponent), ["report.md"])
    let md = try String(contentsOf: written[0], encoding: .utf8)
    XCTAssertFalse(md.contains(".svg"))
  }

  func testConversionReport_UnwritableDirectory_ThrowsNamingIt() throws {
    let file = try temporaryDirectory().appendingPathComponent("plain-file")
    try Data("x".utf8).write(to: file)
    XCTAssertThrowsError(try sampleReport().write(to: file.appendingPathComponent("sub"))) {
      XCTAssertTrue("\($0)".contains("plain-file"), "\($0)")
    }
  }
}
