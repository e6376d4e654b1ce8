import Foundation
import SwiftSNN
import XCTest

/// The NEF article's code does what the article says.
final class NEFArticleTests: XCTestCase {
  /// b decodes sin(2 pi t)^2, late by the three synapses (about 20 ms) and smoothed: the
  /// error against sin^2 delayed by 20 ms stays small after the first 0.1 s.
  func testSquaring_DecodesTheSquare() throws {
    let (t, b) = try NEFArticle.squaring(seed: 0)
    XCTAssertEqual(b.count, 2000)
    var sum = 0.0
    var count = 0.0
    for (ti, bi) in zip(t, b) where ti >= 0.1 {
      let target = pow(sin(2 * .pi * (ti - 0.02)), 2)
      sum += (bi - target) * (bi - target)
      count += 1
    }
    XCTAssertLessThan((sum / count).squareRoot(), 0.08)
  }

  /// u = 1 for 0.5 s adds about 0.5 (the integral of u), which the loop then holds.
  func testRecurrence_Integrates() throws {
    let v = try NEFArticle.integrator(seed: 0)
    XCTAssertEqual(v[499], 0.5, accuracy: 0.15)
    XCTAssertEqual(v[1499], v[599], accuracy: 0.15)
  }
}
