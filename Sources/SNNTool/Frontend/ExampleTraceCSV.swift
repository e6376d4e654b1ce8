import SNNExamples

/// `snn example --trace FILE.csv`: a run's trace in the format `scripts/compare_examples.py`
/// reads: a comment line, the header `t,output[0..],ideal[0..]` (one column per dimension,
/// numbered when there are several), then one row per step, every number in Swift's
/// shortest round-trip form.
enum ExampleTraceCSV {
  static func text(_ run: NEFExampleRun) -> String {
    let trace = run.trace
    func names(_ prefix: String, _ dims: Int) -> [String] {
      dims == 1 ? [prefix] : (0..<dims).map { "\(prefix)\($0)" }
    }
    let header =
      ["t"] + names("output", trace.output.first?.count ?? 0)
      + (trace.ideal.map { names("ideal", $0.first?.count ?? 0) } ?? [])
    var lines = ["# \(run.example), seed \(run.seed), SwiftSNN", header.joined(separator: ",")]
    lines.reserveCapacity(trace.t.count + 2)
    for (n, t) in trace.t.enumerated() {
      let cells = [t] + trace.output[n] + (trace.ideal?[n] ?? [])
      lines.append(cells.map { "\($0)" }.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
