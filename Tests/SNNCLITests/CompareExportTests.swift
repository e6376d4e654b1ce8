import ArgumentParser
import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

@testable import SNNTool

/// The export `snn compare` writes for the Python peers: its contents, and that the
/// peers' semantics (spike heights 1/dt, J = spikes @ W) on it give SwiftSNN's network.
final class CompareExportTests: XCTestCase {
  // MARK: - Scaling

  func testExport_FoldsSpikeAmplitudesIntoTheWeights() throws {
    let tiny = try CompareTestNetwork()
    let e = try tiny.export()
    let scales = tiny.converted.scales
    // Input spikes integrate to 1 / max rate (1000 Hz); hidden spikes to 1 / r(16), the
    // LIF rate at J = 16: tau_ref + tau_rc * log(1 + 1 / 15).
    let inputAmplitude = 1.0 / 1000
    let hiddenAmplitude = 0.002 + 0.02 * log(1 + 1.0 / 15)
    XCTAssertEqual(e.w1.rows, 6)
    XCTAssertEqual(e.w1.cols, 4)
    XCTAssertEqual(e.w2.rows, 4)
    XCTAssertEqual(e.w2.cols, 3)
    for i in 0..<6 {
      for j in 0..<4 {
        let expected = 16 * Double(tiny.ann.layers[0].kernel[i, j]) / scales[0] * inputAmplitude
        XCTAssertEqual(Double(e.w1[i, j]), expected, accuracy: 1e-6 * max(1, abs(expected)), "W1[\(i), \(j)]")
      }
    }
    for i in 0..<4 {
      for j in 0..<3 {
        let expected = 16 * Double(tiny.ann.layers[1].kernel[i, j]) * scales[0] / scales[1] * hiddenAmplitude
        XCTAssertEqual(Double(e.w2[i, j]), expected, accuracy: 1e-6 * max(1, abs(expected)), "W2[\(i), \(j)]")
      }
    }
    XCTAssertEqual(e.w1Raw, tiny.ann.layers[0].kernel)
    XCTAssertEqual(e.w2Raw, tiny.ann.layers[1].kernel)
    XCTAssertEqual(e.maxRate, 1000)
    XCTAssertEqual(e.tauRC, 0.02)
    XCTAssertEqual(e.tauRef, 0.002)
  }

  /// The peers' network, built in SwiftSNN from the export alone (amplitude 1 everywhere,
  /// transforms W^T), must give the converted network's currents and spikes step by step.
  func testExport_WithThePeersSemantics_ReproducesTheConvertedNetwork() throws {
    let tiny = try CompareTestNetwork()
    let e = try tiny.export()

    var peer = Network(seed: tiny.converted.options.seed, label: "peer")
    peer.config.connection.synapse = nil
    let input = try peer.add(Node(size: 6, label: "input"))
    let poisson = try peer.add(
      Ensemble(
        nNeurons: 6, dimensions: 1, neuronType: .poissonSpiking(base: .rectifiedLinear(), amplitude: 1),
        gain: [Double](repeating: e.maxRate, count: 6), bias: [Double](repeating: 0, count: 6)))
    let lif = NeuronType.lif(LIFParameters(tauRC: e.tauRC, tauRef: e.tauRef))
    let hidden = try peer.add(
      Ensemble(nNeurons: 4, dimensions: 1, neuronType: lif, gain: [1, 1, 1, 1], bias: [0, 0, 0, 0]))
    let out = try peer.add(Ensemble(nNeurons: 3, dimensions: 1, neuronType: lif, gain: [1, 1, 1], bias: [0, 0, 0]))
    try peer.connect(.node(input), .neurons(poisson), transform: .identity, synapse: nil)
    try peer.connect(.neurons(poisson), .neurons(hidden), transform: .matrix(e.w1.transposed()), synapse: nil)
    try peer.connect(.neurons(hidden), .neurons(out), transform: .matrix(e.w2.transposed()), synapse: nil)

    let layers = tiny.converted.layers
    XCTAssertEqual([poisson, hidden, out], layers, "both networks number their populations alike")
    XCTAssertEqual(input, tiny.converted.input)
    func probed(_ network: Network) throws -> (Network, [ProbeID]) {
      var net = network
      var ids: [ProbeID] = []
      for id in [layers[1], layers[2]] {
        ids.append(try net.probe(.neurons(id), attribute: .input))
        ids.append(try net.probe(.neurons(id), attribute: .output))
      }
      return (net, ids)
    }
    let traces = [try probed(tiny.converted.network), try probed(peer)]

    var data: [[ProbeData]] = []
    for (net, ids) in traces {
      let sim = try Simulator(net, dt: e.dt, batchSize: 5, seed: 3, threads: 1)
      try sim.setInput(tiny.converted.input, e.images)
      sim.reset()
      _ = try sim.run(steps: 60)
      data.append(ids.map { sim.data($0) })
    }
    var spikes = 0.0
    for (k, name) in ["hidden input", "hidden spikes", "output input", "output spikes"].enumerated() {
      let a = data[0][k].values
      let b = data[1][k].values
      XCTAssertEqual(a.count, b.count, name)
      if name.hasSuffix("spikes") {
        // Spike heights differ by design (amplitude / dt against 1 / dt): compare events.
        XCTAssertEqual(a.map { $0 > 0 }, b.map { $0 > 0 }, name)
        spikes += Double(a.filter { $0 > 0 }.count)
      } else {
        let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($0)) }.max() ?? 0
        XCTAssertLessThan(worst, 1e-4, "\(name): largest relative difference")
      }
    }
    XCTAssertGreaterThan(spikes, 20, "the test network must actually spike")
  }

  // MARK: - File

  func testExportFile_HasThePeersKeysShapesAndTypes() throws {
    let e = try CompareTestNetwork().export(steps: 77)
    let dir = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("export.npz")
    try e.write(to: url)
    let arrays = try NPZ.read(url: url)
    XCTAssertEqual(
      Set(arrays.keys),
      ["W1", "W2", "W1_raw", "W2_raw", "images", "labels", "steps", "dt", "max_rate", "tau_rc", "tau_ref", "amplitude"])
    XCTAssertEqual(arrays["W1"]?.shape, [6, 4])
    XCTAssertEqual(arrays["W2"]?.shape, [4, 3])
    XCTAssertEqual(arrays["W1_raw"]?.shape, [6, 4])
    XCTAssertEqual(arrays["images"]?.shape, [5, 6])
    XCTAssertEqual(arrays["W1"]?.dtype, .float32)
    XCTAssertEqual(arrays["images"]?.dtype, .float32)
    XCTAssertEqual(arrays["labels"]?.storage, .int64([0, 1, 2, 0, 1]))
    XCTAssertEqual(arrays["steps"]?.shape, [])
    XCTAssertEqual(arrays["steps"]?.storage, .int64([77]))
    XCTAssertEqual(arrays["dt"]?.storage, .float64([0.001]))
    XCTAssertEqual(arrays["max_rate"]?.storage, .float64([1000]))
    XCTAssertEqual(arrays["tau_rc"]?.storage, .float64([0.02]))
    XCTAssertEqual(arrays["tau_ref"]?.storage, .float64([0.002]))
    XCTAssertEqual(arrays["amplitude"]?.storage, .float64([1]))
    XCTAssertEqual(try arrays["W1"]?.matrix(), e.w1)
    XCTAssertEqual(try arrays["W2"]?.matrix(), e.w2)
    XCTAssertEqual(try arrays["images"]?.matrix(), e.images)
  }

  // MARK: - Networks the peers cannot run

  func testExport_ANNWithNonzeroBias_IsRejected() throws {
    let tiny = try CompareTestNetwork(bias: [0, 0.1, 0, 0])
    XCTAssertThrowsError(try tiny.export()) { error in
      XCTAssertTrue("\(error)".contains("bias"), "\(error)")
    }
  }

  func testExport_ANNWithZeroBias_IsAccepted() throws {
    XCTAssertNoThrow(try CompareTestNetwork(bias: [0, 0, 0, 0]).export())
  }

  func testExport_ResetBySubtractionOrMembraneReadout_IsRejected() throws {
    let tiny = try CompareTestNetwork()
    var subtract = ConversionOptions()
    subtract.neuron = .lif(LIFParameters(reset: .subtract))
    var membrane = ConversionOptions()
    membrane.readout = .membrane
    for (options, mention) in [(subtract, "reset to zero"), (membrane, "readout")] {
      let converted = try Converter.convert(tiny.ann, calibration: tiny.images, options: options)
      XCTAssertThrowsError(
        try CompareExport.make(
          ann: tiny.ann, converted: converted, images: tiny.images, labels: tiny.labels, steps: 5, dt: 0.001)
      ) { error in XCTAssertTrue("\(error)".contains(mention), "\(error)") }
    }
  }

  func testExport_ThreeLayerANN_IsRejected() throws {
    let tiny = try CompareTestNetwork()
    var layers = tiny.ann.layers
    layers.insert(try Dense(kernel: Matrix(rows: 4, cols: 4, repeating: 0.5), activation: .relu), at: 1)
    let ann = try Sequential(layers: layers)
    let converted = try Converter.convert(ann, calibration: tiny.images)
    XCTAssertThrowsError(
      try CompareExport.make(
        ann: ann, converted: converted, images: tiny.images, labels: tiny.labels, steps: 5, dt: 0.001)
    ) { error in XCTAssertTrue("\(error)".contains("two Dense layers"), "\(error)") }
  }
}
