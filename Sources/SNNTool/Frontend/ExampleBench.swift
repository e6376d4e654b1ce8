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
  /// The neurons of the decoder measurements (1,000).
  let decoderSolveNeurons = 1000
  /// Solving their 1-D ensemble's identity decoders by LstsqL2 (the 2,000 x 1,000
  /// activity matrix given), in seconds.
  let decoderSolveS: Double
  /// Building those decoders: the neurons' rates at the 2,000 eval points, then the solve,
  /// in seconds.
  let decoderBuildS: Double

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
    (decoderSolveS, decoderBuildS) = try Self.decoderSeconds(neurons: decoderSolveNeurons, seed: result.seed)
  }

  /// The fastest of three solves and of three builds (rates, then solve) of an
  /// `neurons`-neuron, 1-D LIF ensemble's identity decoders (Nengo's defaults: eval
  /// points, LstsqL2), in seconds.
  static func decoderSeconds(neurons: Int, seed: UInt64) throws -> (solve: Double, build: Double) {
    let (pre, _, _) = try EnsembleEncoding.build(label: "bench", nNeurons: neurons, dimensions: 1, seed: seed)
    let clock = ContinuousClock()
    func seconds(_ body: () throws -> Void) rethrows -> Double {
      var best = Double.infinity
      for _ in 0..<3 {
        let start = clock.now
        try body()
        let d = (clock.now - start).components
        best = min(best, Double(d.seconds) + Double(d.attoseconds) * 1e-18)
      }
      return best
    }
    var rng = SplitMix64(seed: seed)
    let built = try DecoderBuilder(connection: "bench", pre: pre).build(using: &rng)
    guard let activities = built.activities, let targets = built.targets else { return (.nan, .nan) }
    let solve = try seconds { _ = try Solver.default.solve(activities: activities, targets: targets) }
    let build = try seconds {
      var rng = SplitMix64(seed: seed)
      _ = try DecoderBuilder(connection: "bench", pre: pre).build(using: &rng)
    }
    return (solve, build)
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
      "decoders of a \(decoderSolveNeurons)-neuron ensemble at 2000 eval points: LstsqL2 solve "
        + "\(Output.fixed(decoderSolveS, 4)) s; with the rates \(Output.fixed(decoderBuildS, 4)) s")
  }
}
