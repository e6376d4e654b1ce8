import ArgumentParser
import Foundation

extension ParsableCommand {
  /// Parses the command line and runs the command. A failure prints one line
  /// `<tool>: <problem>` on standard error and exits non-zero; help and version requests
  /// still print in full and exit 0. `<tool> help NAME` for a NAME that is no subcommand
  /// is a failure too (ArgumentParser would print the root's help and exit 0). Shared by
  /// the package's executables (`snn`, `nengo-forum`).
  public static func runReportingOneLineErrors(tool: String) -> Never {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let unknown = unknownHelpTopic(arguments) {
      FileHandle.standardError.write(Data("\(tool): help: '\(unknown)' is not a subcommand\n".utf8))
      Foundation.exit(ExitCode.validationFailure.rawValue)
    }
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
      Foundation.exit(0)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      let text = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
      FileHandle.standardError.write(Data("\(tool): \(text)\n".utf8))
      Foundation.exit(code.rawValue)
    }
  }

  /// For `help A B ...`: the first name that is not a subcommand of the one before it
  /// (the root for `A`), else nil. Nil too when the line does not start with `help` or the
  /// root has no `help` (no subcommands).
  static func unknownHelpTopic(_ arguments: [String]) -> String? {
    guard arguments.first == "help", !configuration.subcommands.isEmpty else { return nil }
    var command: any ParsableCommand.Type = self
    for name in arguments.dropFirst() where !name.hasPrefix("-") {
      guard let sub = command.configuration.subcommands.first(where: { $0._commandName == name }) else { return name }
      command = sub
    }
    return nil
  }
}
