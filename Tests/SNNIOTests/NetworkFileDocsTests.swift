import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// The example in `docs/network-format.md` is a valid network file that means what the
/// page says.
final class NetworkFileDocsTests: XCTestCase {
  /// The first ```json block of the format documentation (after the heading `section`, when given).
  private func documentedExample(after section: String? = nil) throws -> String {
    let url = TestPaths.packageRoot.appendingPathComponent("docs/network-format.md")
    let text = try String(contentsOf: url, encoding: .utf8)
    var from = text.startIndex
    if let section {
      from = try XCTUnwrap(text.range(of: "\n" + section + "\n"), "no \(section) in \(url.path)").upperBound
    }
    let start = try XCTUnwrap(
      text.range(of: "```json\n", range: from..<text.endIndex), "no json block in \(url.path)")
    let end = try XCTUnwrap(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
    return String(text[start.upperBound..<end.lowerBound])
  }

  func testDocumentedExample_LoadsAsDescribed() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let url = try NetworkFileFixtures.write(try documentedExample(), to: dir, name: "example.json")
      let doc = try NetworkFile.load(url: url)
      let net = doc.network
      XCTAssertEqual(net.seed, 42)
      XCTAssertEqual(doc.metadata["input_node"], "stimulus")
      XCTAssertEqual(net.config.connection.synapse, nil)
      XCTAssertEqual(net.nodes.map(\.label), ["stimulus", "offset"])
      XCTAssertEqual(net.nodes[1].source, .constant([0.1, 0.1, 0.2, 0.2]))
      XCTAssertEqual(net.ensembles[0].neuronType, .poissonSpiking(base: .rectifiedLinear(), amplitude: 0.001))
      XCTAssertEqual(net.ensembles[1].maxRates, .choice([100]))
      XCTAssertEqual(net.ensembles[1].intercepts, .choice([0]))
      XCTAssertEqual(net.connections.map(\.synapse), [nil, nil, .lowpass(0.005)])
      XCTAssertEqual(net.connections[2].label, "in_to_hidden")
      XCTAssertEqual(net.probes.map(\.mode), [.everyStep, .sum])

      // Saved and loaded again, it is the same network.
      XCTAssertEqual(try NetworkFileFixtures.roundTrip(doc, in: dir), doc)
      let data = try NetworkFileFixtures.simulate(net, steps: 200, batch: 8)
      XCTAssertEqual(data.map { [$0.batchSize, $0.steps, $0.size] }, [[8, 200, 3], [8, 1, 3]])
      XCTAssertGreaterThan(data[1].values.reduce(0, +), 0, "the hidden neurons spike")
    }
  }

  func testDocumentedLearningExample_LoadsAsDescribedAndLearns() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let url = try NetworkFileFixtures.write(
        try documentedExample(after: "### Learning rules (version 2)"), to: dir, name: "learning.json")
      let doc = try NetworkFile.load(url: url)
      let net = doc.network
      XCTAssertEqual(net.connections[1].label, "learned")
      XCTAssertEqual(net.connections[1].learningRule, .pes(PES(learningRate: 1e-4, preSynapse: .lowpass(0.005))))
      XCTAssertEqual(net.connections[4].post, .learningRule(1))
      XCTAssertEqual(net.probes[0].target, .learningRule(1))
      XCTAssertEqual(net.probes[0].attribute, .weights)
      XCTAssertEqual(try NetworkFileFixtures.roundTrip(doc, in: dir), doc)
      let weights = try NetworkFileFixtures.simulate(net, steps: 300, batch: 1)[0]
      XCTAssertEqual([weights.batchSize, weights.steps, weights.size], [1, 300, 3])
      XCTAssertTrue(weights.values.contains { $0 != 0 }, "the decoders learn from 0")
    }
  }
}
