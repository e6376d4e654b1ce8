import Foundation

/// Where tests find shared data: `SWIFTSNN_DATA` / `SWIFTSNN_FIXTURES` when set (CI sets
/// them), else the `shared/` folder beside the package checkout.
public enum TestPaths {
  /// The package's root directory.
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The MNIST directory (IDX .gz files), or nil when it is nowhere to be found.
  public static var mnistDirectory: URL? {
    if let env = ProcessInfo.processInfo.environment["SWIFTSNN_DATA"], !env.isEmpty {
      return URL(fileURLWithPath: env)
    }
    let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/mnist")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
  }

  /// The shared fixtures directory (files made by Keras and other tools), or nil.
  public static var sharedFixtures: URL? {
    if let env = ProcessInfo.processInfo.environment["SWIFTSNN_FIXTURES"], !env.isEmpty {
      return URL(fileURLWithPath: env)
    }
    let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
  }

  /// The Keras MNIST fixture folder (`keras-mnist-784-128-10`), or nil.
  public static var kerasFixture: URL? {
    sharedFixtures?.appendingPathComponent("keras-mnist-784-128-10")
  }

  /// A fresh temporary directory, removed by the caller.
  public static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("swiftsnn-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
