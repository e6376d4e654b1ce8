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
}
