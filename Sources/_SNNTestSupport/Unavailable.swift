import Foundation
import XCTest

/// Whether the tests run in CI: `CI=true` (or `1`) in the environment, as `.ci/run` and
/// most CI services set it.
public var isCI: Bool {
  let value = ProcessInfo.processInfo.environment["CI"]?.lowercased()
  return value == "true" || value == "1"
}

/// The error to throw when a test cannot run here (missing data, a missing tool): an
/// `XCTSkip` on a developer's machine, but in CI (``isCI``) an error that XCTest records as
/// a failure, so that a CI run never passes by skipping what it is meant to check.
///
///     guard let mnist = TestPaths.mnistDirectory else { throw unavailable("MNIST not found") }
///
/// - Parameters:
///   - reason: What is missing, and how to provide it.
///   - file: The test's file, where XCTest reports the skip.
///   - line: The test's line.
public func unavailable(_ reason: String, file: StaticString = #filePath, line: UInt = #line) -> any Error {
  isCI ? RequirementMissingInCI(reason: reason) : XCTSkip(reason, file: file, line: line)
}

/// Throws ``unavailable(_:file:line:)`` when `condition` is false (the form of `XCTSkipUnless`).
public func skipUnlessAvailable(
  _ condition: Bool, _ reason: String, file: StaticString = #filePath, line: UInt = #line
) throws {
  if !condition { throw unavailable(reason, file: file, line: line) }
}

/// What a test needs is missing in a CI run (``unavailable(_:)``).
public struct RequirementMissingInCI: Error, CustomStringConvertible {
  /// What is missing.
  public let reason: String

  public var description: String {
    "\(reason) -- required in CI (CI=true); a CI run must not skip this test"
  }
}
