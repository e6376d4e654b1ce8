import ArgumentParser
import Foundation
import SwiftSNN

/// `_read-weights FILE OUT.npz` (hidden): the child process of ``IsolatedWeights``. Loads
/// `FILE` with ``KerasWeights/load(url:)`` and writes the layers to `OUT.npz`
/// (``WeightsTransfer``). On failure it writes the one-line message to `OUT.npz.error` and
/// exits with the status the error would have given, so the parent can report it as its
/// own. `snn` has it as a subcommand; `nengo-forum`, whose root command has none, calls
/// ``runIfRequested()``.
public struct ReadWeightsCommand: ParsableCommand {
  /// The hidden subcommand's name, arguments and abstract.
  public static let configuration = CommandConfiguration(
    commandName: "_read-weights",
    abstract: "Load a weights file and write its Dense layers as .npz (used by the tool itself).",
    shouldDisplay: false)

  @Argument(help: "The weights file (.h5, .weights.h5, .keras, .npz).")
  var file: String
  @Argument(help: "Where to write the layers (.npz).")
  var output: String

  /// Creates the command (ArgumentParser fills in the arguments).
  public init() {}

  /// The child's address-space cap, in bytes: the loader refuses datasets over 2 GiB, so
  /// a good weights file fits; a corrupt one that makes libhdf5 allocate without bound
  /// (fuzzing found one that took 4.3 GB) fails here instead of taking the machine's memory.
  package static let addressSpaceLimit: UInt64 = 3 << 30

  /// Loads and writes; a failure's message goes to `<output>.error`.
  public func run() throws {
    var limit = rlimit(rlim_cur: rlim_t(Self.addressSpaceLimit), rlim_max: rlim_t(Self.addressSpaceLimit))
    _ = setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
    do {
      let layers = try KerasWeights.load(url: URL(fileURLWithPath: file))
      try NPZ.write(WeightsTransfer.arrays(layers), to: URL(fileURLWithPath: output))
    } catch {
      let line = Self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
      try? Data(line.utf8).write(to: URL(fileURLWithPath: Self.errorPath(output: output)))
      throw ExitCode(Self.exitCode(for: error).rawValue)
    }
  }

  /// Runs this command and exits when the process's first argument is `_read-weights`;
  /// returns otherwise. For a tool without subcommands, called before it parses its own.
  public static func runIfRequested() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard arguments.first == configuration.commandName else { return }
    main(Array(arguments.dropFirst()))
    Foundation.exit(0)
  }

  /// Where the child writes its error message for the output `output`.
  static func errorPath(output: String) -> String { output + ".error" }
}
