import Foundation

/// Where `snn compare` finds the Python peers: never relative to the working directory.
///
/// The peer scripts are `$SWIFTSNN_PEERS_DIR`, else `compare/` of the SwiftSNN package the
/// running executable was built in (found by walking up from the executable to the
/// directory holding `Package.swift`); the interpreter is `$SWIFTSNN_PEERS_PYTHON`, else
/// the package's `.venv-peers/bin/python` (scripts/setup-peers.sh). `--peer-dir` and
/// `--python` override both.
enum PackageLocation {
  /// The package directory of the running executable, or nil when it was installed outside
  /// its package.
  static func packageRoot(executable: URL = IsolatedWeights.ownExecutable) -> URL? {
    // /proc/self/exe is a link to the executable's file.
    let target =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: executable.path))
      .map { URL(fileURLWithPath: $0) } ?? executable
    var dir = target.resolvingSymlinksInPath().deletingLastPathComponent()
    while dir.path != "/" {
      if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
      dir = dir.deletingLastPathComponent()
    }
    return nil
  }

  /// `explicit`, else the environment variable `variable`, else `relative` inside the
  /// package; nil when none applies.
  static func resolve(
    explicit: String?, variable: String, relative: String,
    environment: [String: String] = ProcessInfo.processInfo.environment, root: URL? = packageRoot()
  ) -> URL? {
    if let explicit { return URL(fileURLWithPath: explicit) }
    if let value = environment[variable], !value.isEmpty { return URL(fileURLWithPath: value) }
    return root?.appendingPathComponent(relative)
  }
}
