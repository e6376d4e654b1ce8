import SwiftSNN
import XCTest

/// The builder's step list: every signal is set, then incremented, then read, then updated.
final class StepScheduleTests: XCTestCase {
  /// Input -> A -> B without synapses, B -> C with one, probes on B's input and C's voltage.
  private func plan() throws -> KernelPlan {
    var net = Network(seed: 3)
    net.config.connection.synapse = nil
    let input = try net.add(Node(size: 2, label: "input"))
    let ones = [Double](repeating: 1, count: 2)
    let a = try net.add(Ensemble(nNeurons: 2, dimensions: 1, gain: ones, bias: ones, label: "a"))
    let b = try net.add(Ensemble(nNeurons: 2, dimensions: 1, gain: ones, bias: ones, label: "b"))
    let c = try net.add(Ensemble(nNeurons: 2, dimensions: 1, gain: ones, bias: ones, label: "c"))
    try net.connect(.node(input), .neurons(a))
    try net.connect(.neurons(b), .neurons(c), synapse: .lowpass(0.005))
    try net.connect(.neurons(a), .neurons(b))
    _ = try net.probe(.neurons(b), attribute: .input)
    _ = try net.probe(.neurons(c), attribute: .voltage)
    return try Builder.build(net, dt: 0.001).kernel
  }

  /// Whether `steps` respects set < inc < read < update for every signal.
  private func isValid(_ steps: [StepSpec], in plan: KernelPlan) -> Bool {
    var lastPhase: [StepSpec.Signal: Int] = [:]
    for step in steps {
      let a = step.access(in: plan)
      for (phase, signals) in [a.sets, a.incs, a.reads, a.updates].enumerated() {
        for s in signals {
          if let seen = lastPhase[s], seen > phase { return false }
          lastPhase[s] = phase
        }
      }
    }
    return true
  }

  func testBuiltSteps_AreInDependencyOrder() throws {
    let plan = try plan()
    XCTAssertTrue(isValid(plan.steps, in: plan))
    // a before b (unfiltered a -> b), b before c is not required but c reads b's synapse
    // output from the previous step: the synapse updates after c's current read it.
    XCTAssertEqual(plan.populationOrder, [0, 1, 2])
    let synapse = try XCTUnwrap(plan.steps.firstIndex(of: .synapse(connection: 1)))
    let addInto = try XCTUnwrap(plan.steps.firstIndex(of: .addSynapseOutput(connection: 1)))
    XCTAssertLessThan(addInto, synapse)
  }

  func testSchedule_ReordersAReversedList() throws {
    let plan = try plan()
    let reordered = try XCTUnwrap(StepSpec.schedule(plan.steps.reversed(), in: plan))
    XCTAssertTrue(isValid(reordered, in: plan))
    XCTAssertFalse(isValid(Array(plan.steps.reversed()), in: plan), "the reversed list must be invalid")
    XCTAssertEqual(Set(reordered.map { "\($0)" }), Set(plan.steps.map { "\($0)" }))
  }

  func testSchedule_AValidListStaysAsItIs() throws {
    let plan = try plan()
    XCTAssertEqual(StepSpec.schedule(plan.steps, in: plan), plan.steps)
  }

  func testSchedule_LoopWithoutSynapse_IsRejected() throws {
    var plan = try plan()
    // Make a -> b -> a: connection 0 feeds a from b's output instead of the node.
    plan.connections[0] = ConnectionSpec(
      pre: .population(1), post: .population(0), preSize: 2, postSize: 2, weights: .elementwise([1, 1]), path: .event,
      filter: nil)
    XCTAssertNil(StepSpec.schedule(plan.steps, in: plan))
  }
}
