import SNNExamples
import SwiftSNN

/// The plot of `snn example --plot`: each dimension of the decoded output against the
/// ideal (learning: post against pre), over the whole run; at most ``maxPoints`` points
/// per curve (every k-th step), which keeps the SVG small and looks the same.
enum ExamplePlot {
  /// The most points a curve gets.
  static let maxPoints = 1000

  static func plot(_ result: NEFExampleRun) -> LinePlot {
    let figures = result.figures.map { "\($0.key) \(String(format: "%.4f", $0.value))" }.joined(separator: ", ")
    var plot = LinePlot(
      title: "\(result.example), seed \(result.seed): \(figures)", xLabel: "time (s)", yLabel: "decoded value")
    let t = result.trace.t
    let rows = Array(stride(from: 0, to: t.count, by: max(1, (t.count + maxPoints - 1) / maxPoints)))
    let dims = result.trace.output.first?.count ?? 0
    let learning = result.figures.contains { $0.key == "rmse_last_2s" }
    let colors = [("#1f77b4", "#ff7f0e"), ("#2ca02c", "#d62728")]
    for d in 0..<dims {
      let suffix = dims > 1 ? " x\(d)" : ""
      let (outColor, idealColor) = colors[d % colors.count]
      if let ideal = result.trace.ideal {
        plot.series.append(
          LinePlot.Series(
            name: (learning ? "pre" : "ideal") + suffix, points: rows.map { (t[$0], ideal[$0][d]) }, color: idealColor))
      }
      plot.series.append(
        LinePlot.Series(
          name: (learning ? "post" : "decoded") + suffix, points: rows.map { (t[$0], result.trace.output[$0][d]) },
          color: outColor))
    }
    plot.xRange = 0...(t.last ?? 1)
    return plot
  }
}
