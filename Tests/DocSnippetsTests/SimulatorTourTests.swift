import Foundation
import SwiftSNN
import XCTest

final class SimulatorTourTests: XCTestCase {
  /// The builder's gain and bias are Nengo's closed form for LIF (NENGO.md):
  /// x1 = 1 / (1 - exp((tau_ref - 1/r) / tau_rc)), gain = (1 - x1) / (c - 1), bias = 1 - gain c.
  func testTourPlan_GainAndBiasAreNengosClosedForm() throws {
    let plan = try SimulatorTour.plan(try SimulatorTour.network())
    let built = plan.ensembles[2 - 1]
    let rates = try XCTUnwrap(built.maxRates)
    let intercepts = try XCTUnwrap(built.intercepts)
    for i in 0..<3 {
      let x1 = 1 / (1 - exp((0.002 - 1 / rates[i]) / 0.02))
      let gain = (1 - x1) / (intercepts[i] - 1)
      XCTAssertEqual(built.gain[i], gain, accuracy: 1e-9 * abs(gain))
      XCTAssertEqual(built.bias[i], 1 - gain * intercepts[i], accuracy: 1e-9)
      XCTAssert((200..<400).contains(rates[i]) && (-1..<0.9).contains(intercepts[i]))
    }
    XCTAssertEqual(plan.paths.map(\.path), [.dense, .event])
  }

  /// Same seed, same example ids: the same spikes whatever the batch size, the example's
  /// position in the batch and the thread count.
  func testTourRun_ResultsDoNotDependOnBatchOrThreads() throws {
    let tour = try SimulatorTour.network()
    let together = try SimulatorTour.run(tour, batchSize: 3, threads: 2, rows: [0, 1, 2])
    let alone = try SimulatorTour.run(tour, batchSize: 1, threads: 1, rows: [1])
    let reversed = try SimulatorTour.run(tour, batchSize: 3, threads: 1, rows: [2, 1, 0])
    for k in 0..<2 {
      XCTAssertEqual(together[k].trace(example: 1), alone[k].trace(example: 0))
      XCTAssertEqual(together[k].trace(example: 0), reversed[k].trace(example: 2))
    }
    // Example 2 (all pixels 1) drives the hidden neurons: some spike, and J is not constant.
    XCTAssertGreaterThan(together[0].sum(example: 2).reduce(0, +), 0)
  }

  /// Closed forms: a Lowpass(tau) connection's output seen at step k (1-based) is
  /// u (1 - a^(k-1)), a = exp(-dt/tau); without a synapse, u at once; a filtered probe
  /// records the filter's state before this step's update, so its first row is 0.
  func testDelays_MatchTheClosedForm() throws {
    let (filtered, direct, probed) = try SimulatorTour.delays()
    let a = exp(-0.001 / 0.005)
    for k in 1...4 {
      let expected = 2 * (1 - pow(a, Double(k - 1)))
      XCTAssertEqual(Double(filtered[k - 1]), expected, accuracy: 1e-5)
      XCTAssertEqual(Double(probed[k - 1]), expected, accuracy: 1e-5)
      XCTAssertEqual(direct[k - 1], 2)
    }
  }
}
