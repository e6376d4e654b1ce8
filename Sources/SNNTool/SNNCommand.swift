import ArgumentParser

/// `snn`: the SwiftSNN command-line tool's root command. The `snn` executable runs it;
/// the library form lets tests and the `fuzz-cli` target parse command lines with
/// `SNNCommand.parseAsRoot(_:)`, which also runs each subcommand's `validate()`.
public struct SNNCommand: ParsableCommand {
  /// The tool's name, abstract, version and subcommands (`mnist`, `run`, `compare`,
  /// `diagnose`, `bench`, `example`; hidden: `_read-weights`, see ``ReadWeightsCommand``).
  public static let configuration = CommandConfiguration(
    commandName: "snn",
    abstract: "Spiking neural networks in Swift: ANN -> SNN conversion, simulation, diagnosis.",
    version: "0.1.0",
    subcommands: [
      MNIST.self, Run.self, Compare.self, Diagnose.self, Bench.self, Example.self, ReadWeightsCommand.self,
    ])

  /// Creates the root command (ArgumentParser fills in the subcommand).
  public init() {}
}
