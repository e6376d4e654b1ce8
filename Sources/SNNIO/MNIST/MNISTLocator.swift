import Foundation

/// Finds a directory holding the four MNIST files, downloading them if need be.
///
/// The search order is:
/// 1. the directory given explicitly (the CLI's `--data DIR`): it must hold the files;
/// 2. the `SWIFTSNN_DATA` environment variable, when set and not empty: same rule;
/// 3. the per-user cache, `$XDG_CACHE_HOME/swiftsnn/mnist` (or `~/.cache/swiftsnn/mnist`),
///    if it holds the files;
/// 4. otherwise the files missing from the cache are downloaded into it (see
///    ``MNISTDownload``), checksums verified.
///
/// A directory "holds the files" when each of the four standard files is present, raw or
/// gzipped (``MNISTSplit/findFile(named:in:)``); their contents are checked when loaded.
public enum MNISTLocator {
  /// The environment variable naming an MNIST directory.
  public static let environmentVariable = "SWIFTSNN_DATA"

  /// Returns a directory holding the four MNIST files.
  ///
  /// - Parameters:
  ///   - explicit: A directory the user named, or nil.
  ///   - log: Receives progress lines if a download is needed.
  /// - Returns: The directory.
  /// - Throws: ``DataFormatError`` naming the directory and the first missing file when an
  ///   explicit or `SWIFTSNN_DATA` directory lacks one, or the download's error.
  public static func locate(explicit: String?, log: ((String) -> Void)? = nil) throws -> URL {
    try locate(
      explicit: explicit, environment: ProcessInfo.processInfo.environment,
      download: { try MNISTDownload.download(into: $0, log: log) })
  }

  /// The per-user cache directory for MNIST: `$XDG_CACHE_HOME/swiftsnn/mnist` when that
  /// variable holds an absolute path, else `$HOME/.cache/swiftsnn/mnist`.
  public static func cacheDirectory(environment: [String: String]) -> URL {
    let base: URL
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      base = URL(fileURLWithPath: xdg, isDirectory: true)
    } else if let home = environment["HOME"], home.hasPrefix("/") {
      base = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache")
    } else {
      base = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
    }
    return base.appendingPathComponent("swiftsnn").appendingPathComponent("mnist")
  }

  /// The standard file names (without `.gz`) that `directory` lacks, in the order of
  /// ``MNISTSplit/allFileNames``; empty when it holds all four.
  public static func missingFiles(in directory: URL) -> [String] {
    MNISTSplit.allFileNames.filter { MNISTSplit.findFile(named: $0, in: directory) == nil }
  }

  /// ``locate(explicit:log:)`` with the environment and the downloader given, for tests.
  static func locate(
    explicit: String?, environment: [String: String], download: (URL) throws -> Void
  ) throws -> URL {
    if let explicit {
      return try requireFiles(in: URL(fileURLWithPath: explicit, isDirectory: true), origin: "--data")
    }
    if let env = environment[environmentVariable], !env.isEmpty {
      return try requireFiles(in: URL(fileURLWithPath: env, isDirectory: true), origin: environmentVariable)
    }
    let cache = cacheDirectory(environment: environment)
    if missingFiles(in: cache).isEmpty { return cache }
    try download(cache)
    return try requireFiles(in: cache, origin: "the download cache")
  }

  /// Returns `directory` if it exists and holds the four files, else an error naming it
  /// (and where it came from) and the first missing file.
  private static func requireFiles(in directory: URL, origin: String) throws -> URL {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw DataFormatError(file: directory.path, "MNIST directory (from \(origin)) does not exist")
    }
    if let missing = missingFiles(in: directory).first {
      throw DataFormatError(
        file: directory.path,
        "MNIST directory (from \(origin)) lacks \(missing) (or \(missing).gz)")
    }
    return directory
  }
}
