import SwiftSNN
import XCTest

/// Handles of a network one did not build, by position and label.
final class DiagnosisNetworkHandlesTests: XCTestCase {
  func testHandles_MatchTheOnesAddReturned() throws {
    var net = Network(seed: 3, label: "n")
    net.config.connection.synapse = .lowpass(0.01)
    let a = try net.add(Node(size: 2, label: "a"))
    let b = try net.add(Node(constant: [1, 2], label: "b"))
    let e = try net.add(Ensemble(nNeurons: 2, dimensions: 1, label: "e"))
    let f = try net.add(Ensemble(nNeurons: 2, dimensions: 1, label: "f"))
    try net.connect(.node(a), .neurons(e))
    try net.connect(.node(b), .neurons(f), transform: .scalar(2), synapse: nil)
    let p = try net.probe(.neurons(f), label: "p")
    let q = try net.probe(.neurons(f), label: "p")
    let h = try NetworkHandles(net)
    XCTAssertEqual(h.nodes, [a, b])
    XCTAssertEqual(h.ensembles, [e, f])
    XCTAssertEqual(h.probes, [p, q])
    XCTAssertEqual(h.node(labelled: "b"), b)
    XCTAssertEqual(h.ensemble(labelled: "f"), f)
    XCTAssertNil(h.ensemble(labelled: "g"))
    // Two probes share the label: neither is "the" probe labelled p.
    XCTAssertNil(h.probe(labelled: "p"))
  }

  /// A decoded connection whose transform fits only its pre slice and function (the copy
  /// once dropped them and refused the network).
  func testHandles_NetworkWithSlicesFunctionsAndSolvers() throws {
    var net = Network(seed: 3)
    let c = try net.add(Ensemble(nNeurons: 4, dimensions: 2, label: "c"))
    let d = try net.add(Ensemble(nNeurons: 3, dimensions: 1, label: "d"))
    try net.connect(
      .ensemble(c), .neurons(d), transform: .matrix(try DoubleMatrix([[1], [2], [3]])), synapse: .lowpass(0.01),
      preSlice: [1, 0], function: ConnectionFunction { x in [x[0] * x[1]] }, solver: .lstsq())
    let p = try net.probe(.neurons(d), label: "p", slice: [2])
    let h = try NetworkHandles(net)
    XCTAssertEqual(h.ensembles, [c, d])
    XCTAssertEqual(h.probe(labelled: "p"), p)
  }
}
