import ArgumentParser
import SNNCommandLine

/// `snn`: the SwiftSNN command-line tool.
@main
struct SNNCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "snn",
    abstract: "Spiking neural networks in Swift: ANN -> SNN conversion, simulation, diagnosis.",
    version: "0.1.0",
    subcommands: [MNIST.self, Run.self, Compare.self, Diagnose.self, Bench.self])

  /// Runs the command; a failure prints one line `snn: <problem>` on standard error.
  static func main() { runReportingOneLineErrors(tool: "snn") }
}
