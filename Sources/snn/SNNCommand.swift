import ArgumentParser
import Foundation

/// `snn`: the SwiftSNN command-line tool.
@main
struct SNNCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "snn",
    abstract: "Spiking neural networks in Swift: ANN -> SNN conversion, simulation, diagnosis.",
    version: "0.1.0",
    subcommands: [MNIST.self, Run.self, Compare.self, Diagnose.self, Bench.self])

  /// Runs the command; a failure prints one line `snn: <problem>` on standard error and
  /// exits non-zero (help and version still print in full).
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      let text = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
      FileHandle.standardError.write(Data("snn: \(text)\n".utf8))
      Foundation.exit(code.rawValue)
    }
  }
}
