import Foundation
import SNNIO
import XCTest
import _SNNTestSupport

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
