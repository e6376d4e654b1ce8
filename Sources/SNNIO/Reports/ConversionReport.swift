import Foundation

/// The report of one ANN -> SNN conversion run, written to a directory: `report.md` (the
/// settings, a results table, the accuracy at checkpoint steps, the plots),
/// `accuracy-vs-steps.svg` and `.csv` (when the curve was recorded), `firing-rates.svg`
/// and `.csv` (when spike counts were recorded), and `result.json` (when given).
///
/// It holds plain values, so any run can fill it in.
public struct ConversionReport: Sendable {
  /// One layer's spike counts over a run.
  public struct LayerRates: Sendable {
    /// The layer's name.
    public var label: String
    /// Its neuron count.
    public var neurons: Int
    /// Every firing rate that occurred, in Hz, with its number of (example, neuron) pairs.
    public var rates: [(rate: Double, pairs: Int)]
    /// Creates a layer's entry.
    public init(label: String, neurons: Int, rates: [(rate: Double, pairs: Int)]) {
      self.label = label
      self.neurons = neurons
      self.rates = rates
    }

    /// All pairs counted.
    public var pairs: Int { rates.reduce(0) { $0 + $1.pairs } }
    /// The mean rate over all pairs, in Hz.
    public var meanRate: Double {
      pairs == 0 ? 0 : rates.reduce(0) { $0 + $1.rate * Double($1.pairs) } / Double(pairs)
    }
    /// The share of pairs with rate 0.
    public var silentFraction: Double {
      pairs == 0 ? 0 : Double(rates.filter { $0.rate == 0 }.reduce(0) { $0 + $1.pairs }) / Double(pairs)
    }
  }

  /// Report title.
  public var title = "ANN -> SNN conversion"
  /// The command that produced the run.
  public var command: String
  /// Settings as (name, value), in display order.
  public var settings: [(String, String)]
  /// A results table: header and rows.
  public var results: (header: [String], rows: [[String]])
  /// The ANN's accuracy (the reference line of the curve).
  public var annAccuracy: Double
  /// Element `t - 1`: the SNN's accuracy after `t` steps; empty when not recorded.
  public var accuracyAtStep: [Double]
  /// The steps listed in the checkpoint table.
  public var checkpoints: [Int]
  /// The layers' firing rates; empty when not recorded.
  public var layers: [LayerRates]
  /// The run's machine-readable result, written as `result.json`.
  public var json: Data?

  /// Creates a report.
  public init(
    command: String, settings: [(String, String)], results: (header: [String], rows: [[String]]),
    annAccuracy: Double, accuracyAtStep: [Double], checkpoints: [Int], layers: [LayerRates], json: Data?
  ) {
    self.command = command
    self.settings = settings
    self.results = results
    self.annAccuracy = annAccuracy
    self.accuracyAtStep = accuracyAtStep
    self.checkpoints = checkpoints
    self.layers = layers
    self.json = json
  }

  /// File names inside the report directory.
  public enum File {
    /// The Markdown report.
    public static let report = "report.md"
    /// Accuracy after every step, CSV.
    public static let curveCSV = "accuracy-vs-steps.csv"
    /// Accuracy vs steps plot.
    public static let curveSVG = "accuracy-vs-steps.svg"
    /// Firing-rate histogram data, CSV.
    public static let ratesCSV = "firing-rates.csv"
    /// Firing-rate histograms.
    public static let ratesSVG = "firing-rates.svg"
    /// The machine-readable result.
    public static let json = "result.json"
  }

  /// Writes every file into `directory` (created if needed) and returns their URLs.
  /// - Throws: ``DataFormatError`` when the directory or a file cannot be written.
  @discardableResult
  public func write(to directory: URL) throws -> [URL] {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw DataFormatError(
        file: directory.path, "cannot create the report directory: \(error.localizedDescription)")
    }
    var written: [URL] = []
    func put(_ name: String, _ data: Data) throws {
      let url = directory.appendingPathComponent(name)
      try writeAtomically(data, to: url)
      written.append(url)
    }
    if !accuracyAtStep.isEmpty {
      try put(File.curveCSV, Data(curveTable.text.utf8))
      try put(File.curveSVG, Data(curvePlot.svg.utf8))
    }
    if !layers.isEmpty {
      try put(File.ratesCSV, Data(ratesTable.text.utf8))
      try put(File.ratesSVG, Data(ratesPlot.svg.utf8))
    }
    if let json { try put(File.json, json) }
    try put(File.report, Data(markdown.text.utf8))
    return written
  }

  /// `step,accuracy` for every step.
  var curveTable: CSVTable {
    CSVTable(
      header: ["step", "accuracy"],
      rows: accuracyAtStep.enumerated().map { ["\($0.offset + 1)", String(format: "%.4f", $0.element)] })
  }

  /// The accuracy-vs-steps plot with the ANN's accuracy as a dashed line. The y axis starts
  /// at the lowest accuracy reached after the first tenth of the run (rounded down to
  /// 0.05), so that the approach to the ANN stays readable; earlier steps run off the
  /// bottom.
  var curvePlot: LinePlot {
    var plot = LinePlot(title: "Accuracy vs simulation steps", xLabel: "steps", yLabel: "accuracy")
    plot.series = [
      LinePlot.Series(name: "SNN", points: accuracyAtStep.enumerated().map { (Double($0.offset + 1), $0.element) })
    ]
    plot.references = [LinePlot.Reference(name: "ANN " + String(format: "%.4f", annAccuracy), y: annAccuracy)]
    let later = accuracyAtStep.dropFirst(accuracyAtStep.count / 10)
    let low = min(later.min() ?? 0, annAccuracy)
    let bottom = max(0, ((low - 0.005) * 20).rounded(.down) / 20)
    plot.xRange = 0...Double(max(1, accuracyAtStep.count))
    plot.yRange = bottom...min(1, max(annAccuracy, accuracyAtStep.max() ?? 1) + 0.01)
    return plot
  }

  /// `layer,rate_hz,pairs` for every rate that occurred.
  var ratesTable: CSVTable {
    CSVTable(
      header: ["layer", "rate_hz", "pairs"],
      rows: layers.flatMap { l in l.rates.map { [l.label, String(format: "%.4f", $0.rate), "\($0.pairs)"] } })
  }

  /// One histogram of firing rates per layer: the share of (example, neuron) pairs in each
  /// 40th of that layer's range of rates (0 to its highest rate), silent pairs left out of
  /// the bars and given in the note.
  var ratesPlot: HistogramPlot {
    let panels = layers.map { l in
      let top = l.rates.map(\.rate).max() ?? 1
      let firing = l.rates.filter { $0.rate > 0 }.map { (value: $0.rate, weight: $0.pairs) }
      return HistogramPlot.Panel(
        title: "\(l.label) (\(l.neurons) neurons)",
        note: String(format: "%.1f%% silent, mean %.1f Hz", 100 * l.silentFraction, l.meanRate),
        bins: HistogramPlot.bins(firing, range: 0...max(top, 1), count: 40, total: l.pairs))
    }
    return HistogramPlot(
      title: "Firing rates per layer (all examples x neurons)", xLabel: "firing rate (Hz)",
      yLabel: "share of pairs", panels: panels)
  }

  /// The Markdown text.
  var markdown: MarkdownDocument {
    var md = MarkdownDocument()
    md.heading(title)
    md.code(command, language: "sh")
    md.heading("Settings", level: 2)
    md.table(header: ["setting", "value"], rows: settings.map { [$0.0, $0.1] })
    md.heading("Results", level: 2)
    md.table(
      header: results.header, rows: results.rows, alignRight: Set(results.header.indices.dropFirst()))
    if !accuracyAtStep.isEmpty {
      md.heading("Accuracy vs latency", level: 2)
      md.paragraph(
        "From one simulation: after each step t, every example is classified by its readout accumulated over "
          + "steps 1...t. Every step is in [\(File.curveCSV)](\(File.curveCSV)).")
      let shown = checkpoints.filter { $0 >= 1 && $0 <= accuracyAtStep.count }
      md.table(
        header: ["steps"] + shown.map(String.init),
        rows: [
          ["SNN accuracy"] + shown.map { String(format: "%.4f", accuracyAtStep[$0 - 1]) },
          ["ANN - SNN (points)"] + shown.map { String(format: "%.2f", 100 * (annAccuracy - accuracyAtStep[$0 - 1])) },
        ], alignRight: Set(1...max(1, shown.count)))
      md.image(File.curveSVG, alt: "accuracy vs steps")
    }
    if !layers.isEmpty {
      md.heading("Firing rates", level: 2)
      md.table(
        header: ["layer", "neurons", "mean rate (Hz)", "max rate (Hz)", "silent pairs"],
        rows: layers.map { l in
          [
            l.label, "\(l.neurons)", String(format: "%.1f", l.meanRate),
            String(format: "%.1f", l.rates.map(\.rate).max() ?? 0), String(format: "%.1f%%", 100 * l.silentFraction),
          ]
        }, alignRight: [1, 2, 3, 4])
      md.paragraph("Per (example, neuron) pair over the whole run; data in [\(File.ratesCSV)](\(File.ratesCSV)).")
      md.image(File.ratesSVG, alt: "firing rates per layer")
    }
    if json != nil { md.paragraph("Machine-readable result: [\(File.json)](\(File.json)).") }
    return md
  }
}
