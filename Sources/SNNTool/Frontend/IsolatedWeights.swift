import ArgumentParser
import Foundation
import SwiftSNN

/// Loads weights files the way the command-line tools do: in a child process, because
/// libhdf5 (Debian's 1.10.8) can crash the process that reads a corrupt `.h5` file (a
/// wild free, a write through a NULL it got back from an absurd allocation; README,
/// "Reliability").
///
/// The running executable is started again as `<exe> _read-weights FILE OUT.npz`
/// (``ReadWeightsCommand``, which `snn` and `nengo-forum` register); it calls
/// ``KerasWeights/load(url:)`` and writes the layers to a private temporary directory,
/// which is removed afterwards. A failure in the child comes back as the same one-line
/// error an in-process load gives; a child killed by a signal becomes
/// `<file>: libhdf5 crashed reading it (signal 11); ...`; a child still running after
/// ``timeout`` is killed and reported. The tools send only files that may reach libhdf5
/// here (`WeightFiles.layers(_:)`: an `.npz` is read in-process by the package's own,
/// fuzzed reader); this function itself loads any format.
public enum IsolatedWeights {
  /// How long the child may take before it is killed: 120 s (the 784-128-10 fixture
  /// loads in well under a second).
  public static let timeout: TimeInterval = 120

  /// The running executable (`/proc/self/exe` on Linux).
  public static var ownExecutable: URL {
    #if os(Linux)
      URL(fileURLWithPath: "/proc/self/exe")
    #else
      Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    #endif
  }

  /// Loads the Dense layers of `url` in a child process of `executable`.
  /// - Parameters:
  ///   - url: A `.h5`, `.weights.h5`, `.keras` or `.npz` file.
  ///   - executable: A program that has the `_read-weights` subcommand (`snn`,
  ///     `nengo-forum`); by default the running one.
  ///   - timeout: Seconds before the child is killed.
  /// - Returns: What ``KerasWeights/load(url:)`` returns for `url`, bit for bit.
  /// - Throws: The child's error (its one-line message, unchanged); an error naming `url`
  ///   when the child was killed by a signal or ran out of time.
  public static func load(url: URL, executable: URL = ownExecutable, timeout: TimeInterval = timeout) throws
    -> [DenseWeights]
  {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("snn-weights-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = directory.appendingPathComponent("weights.npz")

    let child = Process()
    child.executableURL = executable
    child.arguments = [ReadWeightsCommand.configuration.commandName ?? "_read-weights", url.path, output.path]
    // No Swift backtrace on a crash (it takes a second and prints pages); the child's
    // output, and whatever libhdf5 or glibc print as it dies, are not the user's.
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    child.environment = environment
    child.standardInput = FileHandle.nullDevice
    child.standardOutput = FileHandle.nullDevice
    child.standardError = FileHandle.nullDevice
    let finished = DispatchSemaphore(value: 0)
    child.terminationHandler = { _ in finished.signal() }
    try child.run()
    if finished.wait(timeout: .now() + timeout) == .timedOut {
      kill(child.processIdentifier, SIGKILL)
      finished.wait()
      throw IsolatedWeightsError(
        "\(url.path): reading it took longer than \(String(format: "%g", timeout)) s and was stopped; the file is corrupt or "
          + "not a weights file")
    }

    if child.terminationReason == .uncaughtSignal {
      throw IsolatedWeightsError(
        "\(url.path): libhdf5 crashed reading it (signal \(child.terminationStatus)); the file is corrupt or not "
          + "an HDF5 weights file")
    }
    guard child.terminationStatus == 0 else {
      let errorURL = URL(fileURLWithPath: ReadWeightsCommand.errorPath(output: output.path))
      let message = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
      throw IsolatedWeightsError(
        message.isEmpty ? "\(url.path): the weights reader exited with status \(child.terminationStatus)" : message)
    }
    return try WeightsTransfer.layers(NPZ.read(url: output), file: output.path)
  }
}

/// A failure reported by ``IsolatedWeights``: its one line is the whole message.
public struct IsolatedWeightsError: Error, CustomStringConvertible, Sendable {
  /// The message, naming the weights file.
  public let description: String

  init(_ description: String) { self.description = description }
}
