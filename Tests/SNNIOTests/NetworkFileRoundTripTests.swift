import Foundation
import SwiftSNN
import XCTest

/// ``NetworkFile``: saving and loading gives an equal ``Network`` and the same simulation.
final class NetworkFileRoundTripTests: XCTestCase {}

// MARK: - Equal networks

extension NetworkFileRoundTripTests {
  func testRoundTrip_EveryFeature_EqualNetworkAndMetadata() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let doc = NetworkDocument(
        network: try NetworkFileFixtures.everything(),
        metadata: ["input_node": "input", "dt": "0.001", "note": "a \"quoted\"\nline"])
      let loaded = try NetworkFileFixtures.roundTrip(doc, in: dir)
      XCTAssertEqual(loaded, doc)
      // Everything is small: no weights file.
      XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["net.json"])
    }
  }

  func testRoundTrip_NoSeedEmptyNetwork_Equal() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let doc = NetworkDocument(network: Network())
      XCTAssertEqual(try NetworkFileFixtures.roundTrip(doc, in: dir), doc)
    }
  }

  func testRoundTrip_LargestSeed_Exact() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let doc = NetworkDocument(network: try NetworkFileFixtures.everything(seed: .max))
      XCTAssertEqual(try NetworkFileFixtures.roundTrip(doc, in: dir).network.seed, .max)
    }
  }

  func testRoundTrip_LargeArrays_GoToNpzWithTheirPrecision() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let doc = NetworkDocument(network: try NetworkFileFixtures.large())
      let loaded = try NetworkFileFixtures.roundTrip(doc, in: dir)
      XCTAssertEqual(loaded, doc)
      let arrays = try NPZ.read(url: dir.appendingPathComponent("net.npz"))
      XCTAssertEqual(arrays["connections.2.transform"]?.shape, [100, 100])
      XCTAssertEqual(arrays["connections.2.transform"]?.dtype, .float32)
      XCTAssertEqual(arrays["ensembles.0.encoders"]?.shape, [100, 80])
      XCTAssertEqual(arrays["ensembles.0.gain"]?.dtype, .float64)
      XCTAssertEqual(arrays["ensembles.0.initial_voltage"]?.dtype, .float64)
      XCTAssertEqual(arrays["ensembles.1.intercepts"]?.shape, [70])
      XCTAssertEqual(arrays["nodes.1.values"]?.dtype, .float32)
      let json = try String(contentsOf: dir.appendingPathComponent("net.json"), encoding: .utf8)
      XCTAssertTrue(json.contains("\"weights\": \"net.npz\""), json)
      XCTAssertTrue(json.contains("{\"npz\": \"connections.2.transform\"}"), json)
    }
  }

  /// Transforms, encoders and node values that float32 cannot hold (0.1, 1/3) come back
  /// exactly, inline as JSON numbers and in the .npz as float64 arrays.
  func testRoundTrip_Float64Values_ExactInlineAndInNpz() throws {
    var net = Network(seed: 1, label: "f64")
    net.config.connection.synapse = nil
    let third = 1.0 / 3
    let node = try net.add(Node(constant: [0.1, third, -2e-9], label: "c"))
    let ens = try net.add(
      Ensemble(
        nNeurons: 3, dimensions: 3, encoders: try DoubleMatrix([[0.1, third, 0], [1, 0, 0], [0, 0.7, 0.3]]),
        label: "e"))
    try net.connect(.node(node), .ensemble(ens), transform: .vector([0.1, third, 1e-300]))
    try net.connect(.node(node), .neurons(ens), transform: .scalar(0.1))
    let sevenths = try DoubleMatrix(rows: 3, cols: 3, values: (0..<9).map { Double($0) / 7 })
    try net.connect(.neurons(ens), .neurons(ens), transform: .matrix(sevenths), synapse: .lowpass(0.005))
    let doc = NetworkDocument(network: net)
    XCTAssertNotEqual(Float(0.1), Float(third))  // guard: the values below are not float32
    XCTAssertNotEqual(Double(Float(0.1)), 0.1)
    for limit in [100, 0] {
      try InteropFixtures.withTemporaryDirectory { dir in
        let loaded = try NetworkFileFixtures.roundTrip(doc, in: dir, inlineLimit: limit)
        XCTAssertEqual(loaded, doc, "inline limit \(limit)")
        guard case .constant(let values) = loaded.network.nodes[0].source else { return XCTFail("constant node") }
        XCTAssertEqual(values, [0.1, third, -2e-9])
        if limit == 0 {
          let arrays = try NPZ.read(url: dir.appendingPathComponent("net.npz"))
          XCTAssertEqual(arrays["connections.2.transform"]?.dtype, .float64)
          XCTAssertEqual(arrays["ensembles.0.encoders"]?.dtype, .float64)
          XCTAssertEqual(arrays["nodes.0.values"]?.dtype, .float64)
        }
      }
    }
  }

  func testRoundTrip_EverythingInNpz_Equal() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let doc = NetworkDocument(network: try NetworkFileFixtures.everything())
      XCTAssertEqual(try NetworkFileFixtures.roundTrip(doc, in: dir, inlineLimit: 0), doc)
      XCTAssertNotNil(try NPZ.read(url: dir.appendingPathComponent("net.npz"))["connections.2.transform"])
    }
  }

  func testRoundTrip_ConvertedANN_EqualNetwork() throws {
    let ann = try Sequential.mnist(hidden: 16, seed: 5)
    var rng = SplitMix64(seed: 1)
    let calibration = try Matrix(
      rows: 20, cols: 784, values: (0..<(20 * 784)).map { _ in Float(rng.next() % 256) / 255 })
    let converted = try Converter.convert(ann, calibration: calibration)
    try InteropFixtures.withTemporaryDirectory { dir in
      let doc = NetworkDocument(network: converted.network, metadata: ["readout": "spike_count"])
      let loaded = try NetworkFileFixtures.roundTrip(doc, in: dir)
      XCTAssertEqual(loaded, doc)
      XCTAssertEqual(loaded.network.probes.map(\.label), ["output_spikes"])
    }
  }

  func testSave_NameEndingInNpz_WeightsGetTheirOwnName() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let doc = NetworkDocument(network: try NetworkFileFixtures.large())
      XCTAssertEqual(try NetworkFileFixtures.roundTrip(doc, in: dir, name: "model.npz"), doc)
      XCTAssertEqual(
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["model.npz", "model.weights.npz"])
    }
  }

  func testSave_Twice_SameBytes() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let doc = NetworkDocument(network: try NetworkFileFixtures.large(), metadata: ["b": "2", "a": "1"])
      let url = dir.appendingPathComponent("net.json")
      try NetworkFile.save(doc, to: url)
      let first = try Data(contentsOf: url)
      let firstWeights = try Data(contentsOf: dir.appendingPathComponent("net.npz"))
      try NetworkFile.save(try NetworkFile.load(url: url), to: url)
      XCTAssertEqual(try Data(contentsOf: url), first)
      XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("net.npz")), firstWeights)
    }
  }
}

// MARK: - Same simulation

extension NetworkFileRoundTripTests {
  func testRoundTrip_EveryFeature_SameSimulation() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let net = try NetworkFileFixtures.everything()
      let loaded = try NetworkFileFixtures.roundTrip(NetworkDocument(network: net), in: dir).network
      let before = try NetworkFileFixtures.simulate(net)
      let after = try NetworkFileFixtures.simulate(loaded)
      XCTAssertEqual(before.count, 10)
      XCTAssertEqual(before, after)
      // The run is not trivial: spikes and voltages actually move.
      XCTAssertTrue(before.contains { $0.label == "poisson_spikes" && $0.values.contains { $0 > 0 } })
      XCTAssertTrue(before.contains { $0.label == "lif_voltage" && Set($0.values).count > 10 })
    }
  }

  func testRoundTrip_LargeNetwork_SameSimulation() throws {
    try InteropFixtures.withTemporaryDirectory { dir in
      let net = try NetworkFileFixtures.large()
      let loaded = try NetworkFileFixtures.roundTrip(NetworkDocument(network: net), in: dir).network
      XCTAssertEqual(
        try NetworkFileFixtures.simulate(net, steps: 10), try NetworkFileFixtures.simulate(loaded, steps: 10))
    }
  }
}
