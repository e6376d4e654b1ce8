import ArgumentParser
import Foundation
import SNNExamples
import SwiftSNN

extension SNNCommand {
  /// `snn example NAME`: builds one of the NEF examples, runs it, prints its figures and
  /// optionally plots its decoded output against the ideal; `--table` scores every
  /// example over several seeds beside Nengo's numbers; `--bench` times it against Nengo.
  struct Example: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run an NEF example (decoded connections, functions, recurrence) and print its figures.",
      discussion: """
        Each example builds its network with the Swift API (Sources/SNNExamples/Examples/), runs it at dt = 1 ms \
        and scores it as scripts/nef_figures.py scores Nengo's runs: rmse of the decoded output against the ideal \
        (the target through the same synapses) over t >= 0.1 s; the oscillator's frequency and amplitude over \
        t >= 1 s. --table runs every example over --seeds beside Nengo 4.1's figures (docs/nengo-examples.json); \
        --bench repeats the run and compares its time with Nengo's reference simulator.
        """)

    @Argument(help: "The example (see --list); with --table, only this one.")
    var name: String?
    @Flag(help: "List the examples and exit.")
    var list = false
    @Option(parsing: .unconditional, help: "Seed of the network (its encoders, gains, biases, eval points).")
    var seed: UInt64 = 0
    @Option(
      parsing: .unconditional,
      help: "Arithmetic of the simulation: float32 (default, fast) or float64 (Nengo's precision, slower).")
    var precision: Precision = .float32
    @Option(help: "Write an SVG plot of the decoded output against the ideal to this file.")
    var plot: String?
    @Option(help: "Write the run's trace (t, output, ideal; one row per step) as CSV for scripts/compare_examples.py.")
    var trace: String?
    @Flag(help: "Print one JSON object instead of text.")
    var json = false
    @Flag(help: "Run every example (or NAME) over --seeds and print its figures beside Nengo's.")
    var table = false
    @Option(help: "Seeds of --table, e.g. 0-4 or 0,3,7.")
    var seeds = "0-4"
    @Flag(help: "Time the run --repeat times (the fastest counts) and compare it with Nengo's run time.")
    var bench = false
    @Option(name: .customLong("repeat"), parsing: .unconditional, help: "Timed runs of --bench, 1-100.")
    var repeats = 5
    @Option(help: "Nengo's figures and timings (default: docs/nengo-examples.json of this package).")
    var nengo: String?

    func validate() throws {
      try FileArguments.requireNonEmpty(["--plot": plot, "--trace": trace, "--nengo": nengo])
      if list { return }
      if let name { _ = try Self.example(name) }
      if table {
        guard plot == nil, trace == nil, !bench else {
          throw ValidationError("--table takes no --plot, --trace or --bench")
        }
        _ = try Self.parseSeeds(seeds)
        return
      }
      guard name != nil else { throw ValidationError("give an example's name (see --list), or --table") }
      guard (1...100).contains(repeats) else { throw ValidationError("--repeat must be in 1-100, got \(repeats)") }
      try FileArguments.requireWritableFiles(["--plot": plot, "--trace": trace])
    }

    func run() throws {
      if list {
        let width = NEFExample.all.map(\.name.count).max() ?? 0
        for e in NEFExample.all { print(e.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + e.summary) }
        return
      }
      if table {
        let examples = try name.map { [try Self.example($0)] } ?? NEFExample.all
        let rows = try ExampleTable.rows(
          examples, seeds: try Self.parseSeeds(seeds), precision: precision, nengo: try nengoResults(),
          progress: json ? nil : { FileHandle.standardError.write(Data("example: \($0)\n".utf8)) })
        if json { try Output.json(rows) } else { ExampleTable.print(rows, seeds: seeds) }
        if rows.contains(where: { $0.passes == false }) { throw ExitCode(1) }
        return
      }
      guard let name else { return }
      let example = try Self.example(name)
      let result = try example.run(seed: seed, precision: precision, repeats: bench ? repeats : 1)
      let saved = SavedFiles()
      if let plot {
        saved.save("--plot", plot) {
          let url = URL(fileURLWithPath: plot)
          try writeAtomically(Data(ExamplePlot.plot(result).svg.utf8), to: url)
          return [url]
        }
      }
      if let trace {
        saved.save("--trace", trace) {
          let url = URL(fileURLWithPath: trace)
          try writeAtomically(Data(ExampleTraceCSV.text(result).utf8), to: url)
          return [url]
        }
      }
      if bench {
        let report = try ExampleBench(result, precision: precision, repeats: repeats, nengo: try nengoResults())
        if json { try Output.json(report) } else { report.print() }
      } else if json {
        try Output.json(ExampleSummary(result))
      } else {
        print("\(example.name), seed \(seed), \(precision): \(example.summary)")
        Output.table(result.figures.map { [$0.key, String(format: "%.4f", $0.value)] })
        print(
          "build \(Output.fixed(result.buildSeconds, 3)) s, run \(Output.fixed(result.runSeconds, 3)) s "
            + "(\(Output.fixed(example.duration, 1)) s simulated)")
        for path in saved.written { print("wrote \(path)") }
      }
      try saved.finish()
    }

    /// The example called `name`, or a validation error listing the names.
    static func example(_ name: String) throws -> NEFExample {
      do { return try NEFExample.named(name) } catch { throw ValidationError("\(error)") }
    }

    /// `0-4` or `0,3,7` as seeds (at most 100).
    static func parseSeeds(_ text: String) throws -> [UInt64] {
      var out: [UInt64] = []
      for part in text.split(separator: ",", omittingEmptySubsequences: false) {
        let bounds = part.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map { UInt64($0) }
        switch bounds.count {
        case 1 where bounds[0] != nil: out.append(bounds[0] ?? 0)
        case 2
        where bounds[0] != nil && bounds[1] != nil && (bounds[0] ?? 0) <= (bounds[1] ?? 0)
          && (bounds[1] ?? 0) - (bounds[0] ?? 0) < 100:
          out += Array((bounds[0] ?? 0)...(bounds[1] ?? 0))
        default: throw ValidationError("--seeds '\(text)': expected seeds such as 0-4 or 0,3,7")
        }
      }
      guard out.count <= 100 else { throw ValidationError("--seeds '\(text)': at most 100 seeds") }
      return out
    }

    /// Nengo's results (`--nengo`, else `$SWIFTSNN_NENGO_EXAMPLES`, else the package's
    /// docs/nengo-examples.json); nil when the default file is absent.
    private func nengoResults() throws -> NengoExampleResults? {
      guard
        let url = PackageLocation.resolve(
          explicit: nengo, variable: "SWIFTSNN_NENGO_EXAMPLES", relative: "docs/nengo-examples.json")
      else { return nil }
      if nengo == nil && !FileManager.default.fileExists(atPath: url.path) { return nil }
      return try NengoExampleResults(url: url)
    }
  }
}
