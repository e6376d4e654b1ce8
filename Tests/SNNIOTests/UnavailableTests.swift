import Foundation
import XCTest
import _SNNTestSupport

/// `_SNNTestSupport.unavailable(_:)`: a skip on a developer's machine, a failure in CI.
final class UnavailableTests: XCTestCase {
  /// Runs `body` with the `CI` variable set to `value` (unset for nil), then restores it.
  private func withCI<R>(_ value: String?, _ body: () throws -> R) rethrows -> R {
    let saved = ProcessInfo.processInfo.environment["CI"]
    if let value { setenv("CI", value, 1) } else { unsetenv("CI") }
    defer {
      if let saved { setenv("CI", saved, 1) } else { unsetenv("CI") }
    }
    return try body()
  }

  func testUnavailable_OutsideCI_IsASkip() throws {
    for value in [nil, "", "false", "0"] {
      try withCI(value) {
        XCTAssertFalse(isCI, "CI=\(value ?? "unset")")
        XCTAssertTrue(unavailable("MNIST not found") is XCTSkip, "CI=\(value ?? "unset")")
        XCTAssertThrowsError(try skipUnlessAvailable(false, "no gzip")) { XCTAssertTrue($0 is XCTSkip) }
        XCTAssertNoThrow(try skipUnlessAvailable(true, "no gzip"))
      }
    }
  }

  func testUnavailable_InCI_IsAnErrorNamingWhatIsMissing() throws {
    for value in ["true", "TRUE", "1"] {
      try withCI(value) {
        XCTAssertTrue(isCI, "CI=\(value)")
        let error = unavailable("MNIST not found")
        XCTAssertFalse(error is XCTSkip)
        XCTAssertEqual(
          "\(error)", "MNIST not found -- required in CI (CI=true); a CI run must not skip this test")
        XCTAssertThrowsError(try skipUnlessAvailable(false, "no gzip")) {
          XCTAssertTrue($0 is RequirementMissingInCI)
        }
      }
    }
  }
}
