import Foundation
import SwiftSNN
import XCTest

/// Slices on connection endpoints and probes, against Nengo 4.1:
/// `Connection(u[[0, 2]], a.neurons[[3, 1]], transform=[[1, 2], [3, 4]])`,
/// `Connection(u[1:3], a.neurons[0:2], transform=0.5)`,
/// `Connection(a.neurons[[0, 2]], b.neurons[[2, 0]], transform=[[.125, .25], [.375, .5]], synapse=Lowpass(0.005))`,
/// probes `a.neurons[[3, 0]]` and `b.neurons[[2]]` voltage (u = [0.5, 1, 1.5, 2], a
/// RectifiedLinear, b LIF from v = 0, gain 1, bias 0, dt 1 ms, 10 steps).
final class SliceTests: XCTestCase {
  private let nengoA = [3.5, 0.5]
  private let nengoVoltage = [
    0.0, 0.0005525378432943125, 0.0015305078225304634, 0.002831158835611719, 0.004371615548043489,
    0.00608521455684122, 0.007918507668822065, 0.009828811220935426, 0.01178220232405311, 0.013751880885517955,
  ]

  private func network() throws -> (Network, a: ProbeID, v: ProbeID) {
    var net = Network(seed: 0)
    net.config.connection.synapse = nil
    let u = try net.add(Node(constant: [0.5, 1, 1.5, 2], label: "u"))
    let a = try net.add(
      Ensemble(
        nNeurons: 4, dimensions: 1, neuronType: .rectifiedLinear(), gain: [1, 1, 1, 1], bias: [0, 0, 0, 0], label: "a"))
    let b = try net.add(
      Ensemble(
        nNeurons: 3, dimensions: 1, neuronType: .lif, gain: [1, 1, 1], bias: [0, 0, 0],
        initialVoltage: .values([0, 0, 0]), label: "b"))
    try net.connect(
      .node(u), .neurons(a), transform: .matrix(try Matrix([[1, 2], [3, 4]])), preSlice: [0, 2], postSlice: [3, 1])
    try net.connect(.node(u), .neurons(a), transform: .scalar(0.5), preSlice: [1, 2], postSlice: [0, 1])
    try net.connect(
      .neurons(a), .neurons(b), transform: .matrix(try Matrix([[0.125, 0.25], [0.375, 0.5]])), synapse: .lowpass(0.005),
      preSlice: [0, 2], postSlice: [2, 0])
    let pa = try net.probe(.neurons(a), slice: [3, 0])
    let pv = try net.probe(.neurons(b), attribute: .voltage, slice: [2])
    return (net, pa, pv)
  }

  func testSlices_MatchNengo_InEveryConfiguration() throws {
    let (net, pa, pv) = try network()
    for precision in Precision.allCases {
      for path in [SynapticPathChoice.auto, .dense] {
        let sim = try Simulator(
          net, batchSize: 2, seed: 1, threads: 2, options: EngineOptions(path: path, precision: precision))
        try sim.run(steps: 10)
        let a = sim.data(pa)
        let v = sim.data(pv)
        XCTAssertEqual(a.size, 2)
        XCTAssertEqual(v.size, 1)
        let tolerance = precision == .float64 ? 1e-12 : 1e-6
        for b in 0..<2 {
          for t in 0..<10 {
            for i in 0..<2 { XCTAssertEqual(a.double(b, t, i), nengoA[i], accuracy: tolerance, "\(precision) \(path)") }
            XCTAssertEqual(v.double(b, t, 0), nengoVoltage[t], accuracy: tolerance, "\(precision) \(path) step \(t)")
          }
        }
      }
    }
  }

  func testSlices_BadIndicesOrShapes_AreRefusedWithTheirName() throws {
    var net = Network(seed: 0)
    let u = try net.add(Node(constant: [1, 2], label: "u"))
    let a = try net.add(Ensemble(nNeurons: 3, dimensions: 1, label: "a"))
    XCTAssertThrowsError(try net.connect(.node(u), .neurons(a), preSlice: [0, 2], postSlice: [0, 1])) {
      XCTAssertTrue("\($0)".contains("pre_slice") && "\($0)".contains("index 2"), "\($0)")
    }
    XCTAssertThrowsError(try net.connect(.node(u), .neurons(a), postSlice: [1, 1])) {
      XCTAssertTrue("\($0)".contains("repeats"), "\($0)")
    }
    XCTAssertThrowsError(try net.connect(.node(u), .neurons(a), preSlice: [0], postSlice: [0, 1])) {
      XCTAssertTrue("\($0)".contains("transform"), "\($0)")
    }
    XCTAssertThrowsError(try net.probe(.neurons(a), slice: [])) {
      XCTAssertTrue("\($0)".contains("no element"), "\($0)")
    }
  }

  func testNetworkFile_RoundTripsSlices() throws {
    let (net, _, _) = try network()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slices-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("net.json")
    try NetworkFile.save(NetworkDocument(network: net), to: url)
    let text = try String(contentsOf: url, encoding: .utf8)
    XCTAssertTrue(text.contains("\"pre_slice\"") && text.contains("\"slice\""), text)
    XCTAssertEqual(try NetworkFile.load(url: url).network, net)
  }
}
