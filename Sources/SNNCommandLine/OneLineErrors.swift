import ArgumentParser
import Foundation

extension ParsableCommand {
  /// Parses the command line and runs the command. A failure prints one line
  /// `<tool>: <problem>` on standard error and exits non-zero; help and version requests
  /// still print in full and exit 0. Shared by the package's executables (`snn`,
  /// `nengo-forum`).
  public static func runReportingOneLineErrors(tool: String) -> Never {
    do {
      var command = try parseAsRoot()
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
}
