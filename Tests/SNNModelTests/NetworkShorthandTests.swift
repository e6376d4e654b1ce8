import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// Nengo's shorthand (handles as endpoints, closures as functions) builds the same
/// description as the long form.
final class NetworkShorthandTests: XCTestCase {
  func testShorthand_SameConnectionsAndProbesAsTheLongForm() throws {
    var net = Network(seed: 0)
    let stim = try net.add(Node(label: "stim") { t in [sin(2 * .pi * t)] })
    let a = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "a"))
    let b = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "b"))
    try net.connect(stim, a)
    try net.connect(a, b, function: { x in [x[0] * x[0]] })
    try net.connect(b, b, transform: .scalar(0.5), synapse: nil, label: "loop")
    let p = try net.probe(b, synapse: .lowpass(0.01))

    var long = Network(seed: 0)
    _ = try long.add(net.nodes[0])
    _ = try long.add(Ensemble(nNeurons: 100, dimensions: 1, label: "a"))
    _ = try long.add(Ensemble(nNeurons: 100, dimensions: 1, label: "b"))
    try long.connect(.node(stim), .ensemble(a))
    try long.connect(.ensemble(a), .ensemble(b), function: net.connections[1].function)
    try long.connect(.ensemble(b), .ensemble(b), transform: .scalar(0.5), synapse: nil, label: "loop")
    try long.probe(.ensemble(b), synapse: .lowpass(0.01))
    XCTAssertEqual(net, long)

    // The closure is what the connection computes; the default synapse is the config's.
    guard case .closure(let f) = net.connections[1].function else { return XCTFail("no closure") }
    XCTAssertEqual(f([0.5]), [0.25])
    XCTAssertEqual(net.connections[0].function, .identity)
    XCTAssertEqual(net.connections[0].synapse, .lowpass(0.005))
    XCTAssertEqual(net.probes[p.index].target, .ensemble(b))
  }

  func testShorthand_ErrorsNameTheObjects() throws {
    var net = Network(seed: 0)
    let stim = try net.add(Node(label: "stim") { _ in [1, 2] })
    let a = try net.add(Ensemble(nNeurons: 10, dimensions: 1, label: "a"))
    XCTAssertThrowsError(try net.connect(stim, a)) {
      XCTAssertTrue("\($0)".contains("stim") && "\($0)".contains("a"), "\($0)")
    }
  }
}
