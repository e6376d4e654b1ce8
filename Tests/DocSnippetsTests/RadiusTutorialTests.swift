import Foundation
import SwiftSNN
import XCTest

/// The numbers the section "Values outside the radius" quotes.
final class RadiusTutorialTests: XCTestCase {
  func testChannelBeyondItsRadius_ReportsWhatTheArticleSays() throws {
    let report = try RadiusTutorial.channelDiagnosis(stim: [2, -2, 1.5])
    XCTAssertEqual(report.causeIDs, [.valueOutsideRadius])
    XCTAssertEqual(report.causes.map(\.subject), ["a", "b"])
    let a = try XCTUnwrap(report.layers[0].represented)
    XCTAssertEqual(a.maxRatio, 2, accuracy: 2e-3)
    XCTAssertEqual(a.outsideFraction, 0.98, accuracy: 0.005)
    let inputs = a.decodedBeyondRadius.map(\.input)
    let decoded = a.decodedBeyondRadius.map(\.decoded)
    XCTAssertEqual(inputs.count, 5)
    for (x, y) in zip(inputs, [1, 1.25, 1.5, 2, 3]) { XCTAssertEqual(x, y, accuracy: 2e-3) }
    for (x, y) in zip(decoded, [0.971, 1.06, 1.12, 1.2, 1.28]) { XCTAssertEqual(x, y, accuracy: 0.005) }
    let b = try XCTUnwrap(report.layers[1].represented)
    XCTAssertEqual(b.maxInput, 1.29, accuracy: 0.005)

    let within = try RadiusTutorial.channelDiagnosis(stim: [0.5, -0.8, 0.2])
    XCTAssertEqual(within.causeIDs, [])
  }
}
