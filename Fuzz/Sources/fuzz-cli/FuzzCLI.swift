import ArgumentParser
import FuzzDriver
import SNNTool

/// Splits the fuzz input into command-line arguments: one per NUL- or newline-separated
/// piece (empty pieces are empty arguments), decoded as UTF-8 with invalid bytes replaced.
func arguments(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
  bytes.split(separator: 0, omittingEmptySubsequences: false)
    .flatMap { $0.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) }
    .map { String(decoding: $0, as: UTF8.self) }
}

/// libFuzzer entry point: parses the input as `snn`'s arguments with
/// `SNNCommand.parseAsRoot(_:)`, which decodes every value and runs the chosen command's
/// `validate()`, then builds what `snn` would print for an error (the help text for
/// `--help`). Commands are never run. Any thrown error, `CleanExit` included, is a correct
/// answer; a crash, leak or hang is a bug.
func fuzz(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let bytes else { return 0 }
  do {
    _ = try SNNCommand.parseAsRoot(arguments(UnsafeBufferPointer(start: bytes, count: size)))
  } catch {
    // What `snn` prints: the help or version text, else the error message.
    _ =
      SNNCommand.exitCode(for: error) == .success ? SNNCommand.fullMessage(for: error) : SNNCommand.message(for: error)
  }
  return 0
}

/// The entry point SwiftPM links this executable with: runs libFuzzer on ``fuzz(_:_:)``.
@_cdecl("fuzz_cli_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  swiftsnn_fuzz_main(argc, argv, fuzz)
}
