import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// Learning network files through the built binary: `snn run` of a saved PES network
/// learns as the library runs the original and writes the weights probe.
final class LearningCommandTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = try TestPaths.temporaryDirectory()
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  /// The `learning` example's shape, small: a white signal -> pre -> post, pre -> post
  /// computing 0 learned by PES, error = post - pre into the rule; probes of post and of
  /// the learned weights.
  private static func pes() throws -> Network {
    var net = Network(seed: 6, label: "learning")
    let stim = try net.add(Node(process: .whiteSignal(WhiteSignal(period: 1, high: 5, rms: 0.3)), label: "stim"))
    let pre = try net.add(Ensemble(nNeurons: 40, dimensions: 1, label: "pre"))
    let post = try net.add(Ensemble(nNeurons: 40, dimensions: 1, label: "post"))
    let error = try net.add(Ensemble(nNeurons: 40, dimensions: 1, label: "error"))
    try net.connect(.node(stim), .ensemble(pre))
    let learned = try net.connect(
      .ensemble(pre), .ensemble(post), synapse: .lowpass(0.005), label: "learned",
      function: ConnectionFunction { _ in [0] }, learningRule: .pes(PES(learningRate: 1e-3)))
    try net.connect(.ensemble(post), .ensemble(error), synapse: .lowpass(0.005))
    try net.connect(.ensemble(pre), .ensemble(error), transform: .scalar(-1), synapse: .lowpass(0.005))
    try net.connect(.ensemble(error), .learningRule(learned), synapse: .lowpass(0.005))
    try net.probe(.ensemble(post), synapse: .lowpass(0.01), label: "post")
    try net.probe(.learningRule(learned), attribute: .weights, label: "weights")
    return net
  }

  func testRun_SavedPESFile_WritesTheWeightsProbeAsTheLibraryLearns() throws {
    let net = try Self.pes()
    let file = path("learning.json")
    try NetworkFile.save(NetworkDocument(network: net), to: URL(fileURLWithPath: file))
    let steps = 300
    let r = try BuiltTool.run(
      "snn", ["run", file, "--steps", "\(steps)", "--out", path("out.npz"), "--seed", "3", "--precision", "float64"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let arrays = try NPZ.read(url: URL(fileURLWithPath: path("out.npz")))
    let sim = try Simulator(net, dt: 0.001, batchSize: 1, seed: 3, options: EngineOptions(precision: .float64))
    try sim.run(steps: steps)
    let handles = try NetworkHandles(net)
    for (k, (label, size)) in [("post", 1), ("weights", 40)].enumerated() {
      let array = try XCTUnwrap(arrays[label], label)
      XCTAssertEqual(array.shape, [1, steps, size], label)
      guard case .float64(let values) = array.storage else { return XCTFail("\(label): \(array.dtype)") }
      XCTAssertEqual(values, sim.data(handles.probes[k]).doubleValues, label)
    }
    // The decoders start at 0 (function 0) and learn: the file kept the rule and its error.
    guard case .float64(let w)? = arrays["weights"]?.storage else { return XCTFail("weights") }
    XCTAssertTrue(w[0..<40].allSatisfy { $0 == 0 }, "\(w[0..<40])")
    XCTAssertTrue(w[(steps - 1) * 40..<steps * 40].contains { $0 != 0 }, "PES learned nothing")
  }
}
