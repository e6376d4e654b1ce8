import Foundation
import SNNExamples
import SwiftSNN

/// `snn example NAME --bench`: the example's build and run times (the fastest of the
/// repeats), Nengo's reference simulator's on the same network and duration (from
/// `docs/nengo-examples.json`, mean over its seeds), their ratio, and how long the
/// decoders of a 1,000-neuron ensemble take to solve.
struct ExampleBench: Encodable {
  let example: String
  let seed: UInt64
  let precision: String
  let repeats: Int
  let simulatedSeconds: Double
  let buildS: Double
  let runS: Double
  let nengoBuildS: Double?
  let nengoRunS: Double?
  /// Nengo's run time over ours.
  let runSpeedup: Double?
  /// The neurons of the decoder-solve measurement (1,000).
  let decoderSolveNeurons = 1000
  /// Building their 1-D ensemble's decoders (rates at its 2,000 eval points and the
  /// LstsqL2 solve), in seconds.
  let decoderSolveS: Double

  init(_ result: NEFExampleRun, precision: Precision, repeats: Int, nengo: NengoExampleResults?) throws {
    example = result.example
    seed = result.seed
    self.precision = precision.rawValue
    self.repeats = repeats
    simulatedSeconds = result.trace.t.last ?? 0
    buildS = result.buildSeconds
    runS = result.runSeconds
    let reference = nengo?.examples[result.example]?.mean
    nengoBuildS = reference?["build_s"]
    nengoRunS = reference?["run_s"]
    runSpeedup = nengoRunS.map { $0 / result.runSeconds }
    decoderSolveS = try Self.decoderSolveSeconds(neurons: decoderSolveNeurons, seed: result.seed)
  }

  /// The fastest of three builds of an `neurons`-neuron, 1-D LIF ensemble's identity
  /// decoders (Nengo's defaults: eval points, LstsqL2), in seconds.
  static func decoderSolveSeconds(neurons: Int, seed: UInt64) throws -> Double {
    let (pre, _, _) = try EnsembleEncoding.build(label: "bench", nNeurons: neurons, dimensions: 1, seed: seed)
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<3 {
      var rng = SplitMix64(seed: seed)
      let start = clock.now
      _ = try DecoderBuilder(connection: "bench", pre: pre).build(using: &rng)
      let d = (clock.now - start).components
      best = min(best, Double(d.seconds) + Double(d.attoseconds) * 1e-18)
    }
    return best
  }

  func print() {
    Swift.print("\(example), seed \(seed), \(precision): \(simulatedSeconds) s simulated, best of \(repeats) runs")
    Output.table(
      [
        ["", "SwiftSNN", "Nengo 4.1", "Nengo / SwiftSNN"],
        [
          "build s", Output.fixed(buildS, 4), nengoBuildS.map { Output.fixed($0, 4) } ?? "-",
          nengoBuildS.map { Output.fixed($0 / buildS, 1) + "x" } ?? "-",
        ],
        [
          "run s", Output.fixed(runS, 4), nengoRunS.map { Output.fixed($0, 4) } ?? "-",
          runSpeedup.map { Output.fixed($0, 1) + "x" } ?? "-",
        ],
      ])
    Swift.print(
      "decoders of a \(decoderSolveNeurons)-neuron ensemble (rates at 2000 eval points + LstsqL2): "
        + "\(Output.fixed(decoderSolveS, 4)) s")
  }
}
