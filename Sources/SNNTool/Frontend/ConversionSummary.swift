import Foundation
import SwiftSNN

/// What `snn mnist` reports about the converter's choices and the accuracy curve: text
/// lines and the `--report` directory (its JSON is ``MNISTResult``).
enum ConversionSummary {
  /// The converter's settings in words, e.g. `LIF (reset zero)`.
  static func neuronName(_ type: NeuronType) -> String {
    switch type {
    case .lif(let p): return "LIF (reset \(p.reset.rawValue))"
    case .spikingRectifiedLinear: return "IF (SpikingRectifiedLinear, reset subtract)"
    default: return type.name
    }
  }

  /// Lines for the text output: the converter's choices, and the curve when recorded.
  static func text(_ converted: ConvertedNetwork, result: EvaluationResult, evaluationSet: String) -> String {
    let o = converted.options
    var lines = [
      "converter: \(neuronName(o.neuron)), \(o.encoding.rawValue) input, \(o.readout.rawValue) readout, "
        + "current at max \(Output.fixed(converted.currentAtMax, 3)), spike amplitude "
        + "\(String(format: "%.6g", converted.spikeAmplitude)), evaluated on \(evaluationSet)"
    ]
    let points = result.accuracyAtCheckpoints
    if !points.isEmpty {
      lines.append(
        "accuracy at steps: " + points.map { "\($0.step): \(Output.fixed($0.accuracy, 4))" }.joined(separator: ", "))
    }
    return lines.joined(separator: "\n")
  }

  /// The report of this run.
  static func report(
    _ converted: ConvertedNetwork, result: EvaluationResult, annAccuracy: Double, evaluationSet: String, json: Data
  ) -> ConversionReport {
    let o = converted.options
    let settings: [(String, String)] = [
      ("evaluated on", "\(evaluationSet), \(result.images) images"),
      ("steps x dt", "\(result.steps) x \(o.dt) s"),
      (
        "input encoding",
        o.encoding == .current
          ? "current (pixels drive the first layer)" : "\(o.encoding.rawValue), up to \(o.maxInputRate) Hz"
      ),
      ("neurons", neuronName(o.neuron)),
      ("readout", o.readout == .count ? "spike count" : "membrane (integrated input current of the output layer)"),
      ("normalization", o.normalization.description),
      (
        "scales (activation at normalized 1)",
        converted.scales.map { String(format: "%.4f", $0) }.joined(separator: ", ")
      ),
      ("current at normalized 1", String(format: "%.4g", converted.currentAtMax)),
      ("spike amplitude (1 / rate at normalized 1)", String(format: "%.6g s", converted.spikeAmplitude)),
      ("seed", "\(o.seed)"),
    ]
    let results = (
      header: ["", "accuracy", "ties", "silent", "seconds"],
      rows: [
        ["ANN", String(format: "%.4f", annAccuracy), "", "", ""],
        [
          "SNN, \(result.steps) steps", String(format: "%.4f", result.accuracy), "\(result.ties)", "\(result.silent)",
          String(format: "%.1f", result.seconds),
        ],
      ]
    )
    let layers = result.layerActivity.map {
      ConversionReport.LayerRates(label: $0.label, neurons: $0.neurons, rates: $0.rates)
    }
    return ConversionReport(
      command: (["snn"] + CommandLine.arguments.dropFirst()).joined(separator: " "), settings: settings,
      results: results, annAccuracy: annAccuracy, accuracyAtStep: result.accuracyAtStep,
      checkpoints: EvaluationResult.checkpointSteps(upTo: result.steps), layers: layers, json: json)
  }
}
