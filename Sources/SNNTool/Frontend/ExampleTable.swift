import Foundation
import SNNExamples
import SwiftSNN

/// `snn example --table`: every example's figures over several seeds, beside Nengo's, with
/// issue 14's bounds: an error figure (`rmse`, `rmse_last_2s`) at most 1.25x Nengo's mean,
/// the oscillator's frequency within 5% of 1 Hz. The other figures are shown, not judged.
enum ExampleTable {
  /// One figure of one example over the seeds.
  struct Row: Encodable {
    let example: String
    let figure: String
    let seeds: [UInt64]
    let mean: Double
    let std: Double
    let nengoMean: Double?
    let nengoStd: Double?
    /// mean / nengoMean.
    let ratio: Double?
    /// The bound applied, e.g. `<= 1.25x Nengo`; nil when the figure is not judged.
    let bound: String?
    /// Whether the figure is within its bound; nil when not judged (or no Nengo number).
    let passes: Bool?
  }

  /// The most an error figure may exceed Nengo's mean, as a factor.
  static let errorFactor = 1.25
  /// The oscillator's target frequency (Hz) and relative tolerance.
  static let frequency = (hz: 1.0, tolerance: 0.05)

  /// Runs `examples` over `seeds` and scores each figure's mean against `nengo`.
  static func rows(
    _ examples: [NEFExample], seeds: [UInt64], precision: Precision, nengo: NengoExampleResults?,
    progress: ((String) -> Void)?
  ) throws -> [Row] {
    var rows: [Row] = []
    for example in examples {
      var values: [String: [Double]] = [:]
      var keys: [String] = []
      for seed in seeds {
        progress?("\(example.name), seed \(seed)")
        for f in try example.run(seed: seed, precision: precision).figures {
          if values[f.key] == nil { keys.append(f.key) }
          values[f.key, default: []].append(f.value)
        }
      }
      for key in keys {
        let v = values[key] ?? []
        let mean = v.reduce(0, +) / Double(v.count)
        let std = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)).squareRoot()
        let reference = nengo?.examples[example.name]
        let nengoMean = reference?.mean[key]
        var bound: String?
        var passes: Bool?
        switch key {
        case "rmse", "rmse_last_2s":
          bound = "<= \(errorFactor)x Nengo"
          passes = nengoMean.map { mean <= errorFactor * $0 }
        case "frequency_hz":
          bound = "1 Hz +- 5%"
          passes = abs(mean - frequency.hz) <= frequency.tolerance * frequency.hz
        default: break
        }
        rows.append(
          Row(
            example: example.name, figure: key, seeds: seeds, mean: mean, std: std, nengoMean: nengoMean,
            nengoStd: reference?.std[key], ratio: nengoMean.map { mean / $0 }, bound: bound, passes: passes))
      }
    }
    return rows
  }

  /// Prints the rows as a table, then a verdict line.
  static func print(_ rows: [Row], seeds: String) {
    func cell(_ mean: Double?, _ std: Double?) -> String {
      guard let mean else { return "-" }
      return String(format: "%.4f", mean) + (std.map { String(format: " ± %.4f", $0) } ?? "")
    }
    Output.table(
      [["example", "figure", "SwiftSNN (seeds \(seeds))", "Nengo 4.1", "ratio", "bound", "ok"]]
        + rows.map { r in
          [
            r.example, r.figure, cell(r.mean, r.std), cell(r.nengoMean, r.nengoStd),
            r.ratio.map { String(format: "%.2fx", $0) } ?? "-", r.bound ?? "-",
            r.passes.map { $0 ? "yes" : "NO" } ?? "-",
          ]
        })
    let judged = rows.compactMap(\.passes)
    Swift.print("\(judged.filter { $0 }.count) of \(judged.count) judged figures within their bounds")
  }
}
