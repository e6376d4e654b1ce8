import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

@testable import SNNExamples

/// Each example's ideal against Nengo's Direct-mode ideal, and each example's figures for
/// seed 0 within issue 14's bounds against Nengo's (docs/nengo-examples.json, seeds 0-4).
final class NEFExampleTests: XCTestCase {
  private static let definitions: [any NEFExampleDefinition.Type] = [
    CommunicationChannel.self, Squaring.self, Multiplication.self, Integrator.self,
  ]

  func testIdeals_EqualNengosDirectModeIdeal() throws {
    for d in Self.definitions {
      let nengo = try XCTUnwrap(try SharedTrace(d.name).ideal, d.name)
      let ours = try XCTUnwrap(d.ideal(steps: nengo.count, dt: NEFExample.dt), d.name)
      XCTAssertEqual(ours.count, nengo.count, d.name)
      var worst = 0.0
      for (a, b) in zip(ours, nengo) { worst = max(worst, abs(a[0] - b[0])) }
      XCTAssertLessThan(worst, 1e-12, d.name)
    }
  }

  /// An error figure at most 1.25x Nengo's mean over seeds 0-4; the oscillator within 5%
  /// of 1 Hz and its amplitude within 1.25x of Nengo's. One seed is noisier than a mean
  /// of five (Nengo's own seeds 0-4 spread by up to 1.5x), so this is a behaviour check:
  /// the README's table compares the means. Learning's seed 0 ends 1.4x above Nengo's
  /// mean (its white noise is another draw): it must learn here (the error falls to less
  /// than a third), and its mean over seeds 0-4 is checked below.
  func testSeedZero_FiguresWithinTheBounds() throws {
    let nengo = try Self.nengoMeans()
    for example in NEFExample.all {
      let run = try example.run(seed: 0)
      XCTAssertEqual(run.trace.t.count, example.steps)
      for f in run.figures {
        let reference = try XCTUnwrap(nengo[example.name]?[f.key], "\(example.name) \(f.key)")
        switch f.key {
        case "rmse": XCTAssertLessThanOrEqual(f.value, 1.25 * reference, example.name)
        case "rmse_last_2s": XCTAssertLessThan(f.value, run.figures[0].value / 3, example.name)
        case "frequency_hz": XCTAssertEqual(f.value, 1, accuracy: 0.05)
        case "amplitude_mean": XCTAssertEqual(f.value / reference, 1, accuracy: 0.25)
        default: break
        }
        XCTAssertTrue(f.value.isFinite && f.value > 0, "\(example.name) \(f.key) \(f.value)")
      }
    }
  }

  /// PES over seeds 0-4: the mean error over the last 2 s at most 1.25x Nengo's.
  func testLearning_MeanOverSeedsZeroToFour_WithinTheBound() throws {
    let nengo = try XCTUnwrap(try Self.nengoMeans()["learning"]?["rmse_last_2s"])
    let example = try NEFExample.named("learning")
    var sum = 0.0
    for seed: UInt64 in 0...4 {
      sum += try XCTUnwrap(try example.run(seed: seed).figures.first { $0.key == "rmse_last_2s" }).value
    }
    XCTAssertLessThanOrEqual(sum / 5, 1.25 * nengo)
  }

  /// Float64 gives the figures float32 gives, to the precision the spikes allow.
  func testPrecisions_SameFigures() throws {
    let example = try NEFExample.named("squaring")
    let single = try example.run(seed: 1, precision: .float32)
    let double = try example.run(seed: 1, precision: .float64)
    XCTAssertEqual(single.figures[0].value, double.figures[0].value, accuracy: 0.002)
    // Same seed, same result.
    XCTAssertEqual(try example.run(seed: 1).figures, single.figures)
  }

  func testUnknownName_ListsTheExamples() {
    XCTAssertThrowsError(try NEFExample.named("squares")) {
      XCTAssertEqual(
        "\($0)",
        "no NEF example is named 'squares'; the examples are: communication-channel, squaring, multiplication, "
          + "integrator, oscillator, learning")
    }
  }

  private static func nengoMeans() throws -> [String: [String: Double]] {
    struct Entry: Decodable { let mean: [String: Double] }
    let url = TestPaths.packageRoot.appendingPathComponent("docs/nengo-examples.json")
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as? [String: Any])
    var out: [String: [String: Double]] = [:]
    for (key, value) in object where !key.hasPrefix("_") {
      out[key] = try JSONDecoder().decode(Entry.self, from: try JSONSerialization.data(withJSONObject: value)).mean
    }
    return out
  }
}
