import SNNCommandLine
import SNNTool

/// The `snn` executable: the commands live in the `SNNTool` library.
@main
enum SNNMain {
  /// Runs the command; a failure prints one line `snn: <problem>` on standard error.
  static func main() { SNNCommand.runReportingOneLineErrors(tool: "snn") }
}
