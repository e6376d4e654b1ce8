import Foundation
import XCTest

/// Runs an executable of this package (`snn`, `nengo-forum`) built beside the tests.
public enum BuiltTool {
  /// What a run printed and how it ended.
  public struct Result: Sendable {
    /// The exit status.
    public let status: Int32
    /// Standard output.
    public let stdout: String
    /// Standard error.
    public let stderr: String
  }

  /// The built executable `name`; throws ``unavailable(_:file:line:)`` when it was not built.
  public static func url(_ name: String) throws -> URL {
    let candidates = [
      Bundle.main.bundleURL.appendingPathComponent(name),
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name),
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name),
    ]
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
      throw unavailable("\(name) is not built next to the tests")
    }
    return found
  }

  /// Runs `name` with `arguments` (and `environment`, if given) and waits for it.
  public static func run(_ name: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Result {
    let process = Process()
    process.executableURL = try url(name)
    process.arguments = arguments
    if let environment { process.environment = environment }
    // Standard error goes to a file, standard output to a pipe read to its end: neither
    // can fill up and block the child.
    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("builttool-\(UUID().uuidString)")
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errURL) }
    let errHandle = try FileHandle(forWritingTo: errURL)
    let out = Pipe()
    process.standardOutput = out
    process.standardError = errHandle
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try errHandle.close()
    let errData = (try? Data(contentsOf: errURL)) ?? Data()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
