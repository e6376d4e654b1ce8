import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

@testable import SNNTool

/// `snn compare` with real processes: the installed Python peers on a tiny export (only
/// when `.venv-peers` exists), and the built binary with a fake and a missing peer.
final class CompareLiveTests: XCTestCase {
  /// The peers' interpreter, or a skip when `scripts/setup-peers.sh` has not been run.
  private func peersPython() throws -> URL {
    let python = TestPaths.packageRoot.appendingPathComponent(".venv-peers/bin/python")
    guard FileManager.default.isExecutableFile(atPath: python.path) else {
      throw unavailable(".venv-peers not set up (scripts/setup-peers.sh)")
    }
    return python
  }

  /// The real NumPy and Nengo peers on the export must fire as many output spikes per
  /// image as SwiftSNN on the same network (different random streams: within a few %). A
  /// weight scaled by a wrong spike amplitude changes the count by far more (1000x for
  /// the input layer, ~300x for the hidden layer).
  func testRealPeers_OnTheExport_FireLikeSwiftSNN() throws {
    let python = try peersPython()
    let images = 40
    let steps = 200
    let tiny = try CompareTestNetwork(images: images)
    let dir = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("export.npz")
    try tiny.export(steps: steps).write(to: url)

    var net = tiny.converted.network
    let output = try net.probe(.neurons(tiny.converted.layers[2]))
    let sim = try Simulator(net, dt: 0.001, batchSize: images, seed: 1, threads: 2)
    try sim.setInput(tiny.converted.input, tiny.images)
    sim.reset()
    _ = try sim.run(steps: steps)
    // A LIF neuron spikes at most once per step: count the nonzero samples.
    let swiftSpikes = Double(sim.data(output).values.filter { $0 > 0 }.count) / Double(images)
    XCTAssertGreaterThan(swiftSpikes, 30, "the test network must fire")

    let runner = ComparePeerRunner(python: python, timeout: 300)
    let scripts = TestPaths.packageRoot.appendingPathComponent("compare")
    for peer in ["numpy", "nengo"] {
      let run = ComparePeerRun(peer: peer, configuration: "correct", images: images)
      let result: ComparePeerRunner.Result
      do {
        result = try runner.run(
          name: peer, script: run.script(in: scripts), arguments: run.arguments(data: url, seed: 2))
      } catch let error as ComparePeerError where "\(error)".contains("No module named") {
        print("skipping \(peer): \(error)")
        continue
      }
      XCTAssertEqual(result.row.framework, peer)
      XCTAssertEqual(result.row.images, images)
      guard case .number(let spikes)? = result.row.extras["output_spikes_per_image"] else {
        XCTFail("\(peer): no output_spikes_per_image")
        continue
      }
      XCTAssertEqual(spikes, swiftSpikes, accuracy: 0.05 * swiftSpikes, "\(peer) output spikes per image")
    }
  }

  // MARK: - The command

  func testCompareCommand_FakeAndFailingPeer_TableHasSwiftSNNAndTheFake() throws {
    guard let mnist = TestPaths.mnistDirectory else { throw unavailable("MNIST not found") }
    guard let keras = TestPaths.kerasFixture else { throw unavailable("Keras fixture not found") }
    let dir = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // The fake peer checks the export exists, then reports on the --limit images it was given.
    try Data(
      """
      test -s "$2" || exit 3
      echo "{\\"framework\\": \\"fake\\", \\"version\\": \\"1\\", \\"configuration\\": \\"$6\\", \\"images\\": $4, \\"accuracy\\": 0.25, \\"seconds\\": 0.5}"
      """.utf8
    ).write(to: dir.appendingPathComponent("peer_fake.py"))
    try Data("echo 'no luck' >&2; exit 7\n".utf8).write(to: dir.appendingPathComponent("peer_broken.py"))
    let export = dir.appendingPathComponent("export.npz")
    let r = try BuiltTool.run(
      "snn",
      [
        "compare", "--data", mnist.path, "--weights", keras.appendingPathComponent("weights.npz").path, "--limit", "12",
        "--steps", "20", "--calibration", "100", "--peers", "fake,broken", "--peer-dir", dir.path, "--python",
        "/bin/sh",
        "--export", export.path, "--json",
      ])
    XCTAssertEqual(r.status, 0, r.stderr)
    // The failing peer is skipped, said once.
    XCTAssertEqual(
      r.stderr.components(separatedBy: "\n").filter { $0.contains("skipped") },
      ["snn compare: skipped broken (correct, 12 images): broken: failed (exit status 7): no luck"])
    let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], r.stdout)
    XCTAssertEqual(rows.map { $0["framework"] as? String }, ["SwiftSNN", "fake"])
    XCTAssertEqual(rows.map { $0["images"] as? Int }, [12, 12])
    XCTAssertEqual(rows[1]["accuracy"] as? Double, 0.25)
    XCTAssertEqual(rows[1]["seconds_per_image"] as? Double ?? 0, 0.5 / 12, accuracy: 1e-12)
    let arrays = try NPZ.read(url: export)
    XCTAssertEqual(arrays["images"]?.shape, [12, 784])
    XCTAssertEqual(arrays["W1"]?.shape, [784, 128])
    XCTAssertEqual(arrays["W2"]?.shape, [128, 10])
  }
}
