import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

@testable import SNNLearning

/// Each converter option changes the built network as documented: input encoding, neuron
/// type and reset, current at max, readout.
final class ConversionOptionsTests: XCTestCase {
  /// 3 inputs -> 4 ReLU units (with bias) -> 2 outputs.
  private func tinyANN() throws -> Sequential {
    let hidden = try Dense(
      kernel: Matrix([[0.5, -0.2, 0.3, 0.1], [0.4, 0.6, -0.5, 0.2], [-0.1, 0.3, 0.8, 0.5]]),
      bias: [0.05, 0, 0.1, -0.05], activation: .relu)
    let output = try Dense(kernel: Matrix([[1, -1], [-0.5, 1], [0.7, 0.2], [-0.3, 0.9]]), activation: .softmax)
    return try Sequential(layers: [hidden, output])
  }

  private func calibration() throws -> Matrix {
    try Matrix(rows: 50, cols: 3, values: (0..<150).map { Float(($0 * 37) % 101) / 100 })
  }

  private func convert(_ configure: (inout ConversionOptions) -> Void) throws -> ConvertedNetwork {
    var options = ConversionOptions()
    configure(&options)
    return try Converter.convert(try tinyANN(), calibration: try calibration(), options: options)
  }

  // MARK: - Encoding

  func testEncoding_Poisson_OnePoissonNeuronPerInputAtMaxRate() throws {
    let c = try convert { $0.maxInputRate = 500 }
    let input = try XCTUnwrap(c.inputPopulation)
    XCTAssertEqual(c.layers.count, 3)
    XCTAssertEqual(c.layers.first, input)
    let e = c.network.ensembles[input.index]
    XCTAssertEqual(e.neuronType, .poissonSpiking(base: .rectifiedLinear(), amplitude: 1.0 / 500))
    XCTAssertEqual(e.gain, [500, 500, 500])
    XCTAssertEqual(c.network.connections[0].pre, .node(c.input))
    XCTAssertEqual(c.network.connections[0].post, .neurons(input))
    XCTAssertEqual(c.network.connections[0].transform, .identity)
  }

  func testEncoding_Regular_UsesRegularSpikingAtTheSameRates() throws {
    let c = try convert { $0.encoding = .regular }
    let e = c.network.ensembles[try XCTUnwrap(c.inputPopulation).index]
    XCTAssertEqual(e.neuronType, .regularSpiking(base: .rectifiedLinear(), amplitude: 1.0 / 1000))
    XCTAssertEqual(e.gain, [1000, 1000, 1000])
  }

  func testEncoding_Current_NodeDrivesFirstHiddenLayerThroughScaledKernel() throws {
    let c = try convert { $0.encoding = .current }
    XCTAssertNil(c.inputPopulation)
    XCTAssertEqual(c.layers.count, 2)
    XCTAssertEqual(c.network.ensembles.count, 2)
    let first = c.network.connections[0]
    XCTAssertEqual(first.pre, .node(c.input))
    XCTAssertEqual(first.post, .neurons(c.layers[0]))
    guard case .matrix(let t) = first.transform else { return XCTFail("expected a matrix transform") }
    // transform = currentAtMax * W1^T / lambda_1 (the input's scale is 1).
    let w1 = try tinyANN().layers[0].kernel
    for j in 0..<4 {
      for i in 0..<3 {
        XCTAssertEqual(Double(t[j, i]), 16 * Double(w1[i, j]) / c.scales[0], accuracy: 1e-5)
      }
    }
    XCTAssertEqual(c.network.ensembles[c.layers[0].index].bias?[2] ?? 0, 16 * 0.1 / c.scales[0], accuracy: 1e-6)
  }

  // MARK: - Neurons and reset

  func testNeuron_Default_IsLIFResetToZeroWithCurrent16() throws {
    let c = try convert { _ in }
    XCTAssertEqual(c.currentAtMax, 16)
    guard case .lif(let p)? = c.network.ensembles[c.output.index].neuronType else { return XCTFail("not LIF") }
    XCTAssertEqual(p.reset, .zero)
    // amplitude = 1 / LIF rate at J = 16.
    XCTAssertEqual(p.amplitude, 0.002 + 0.02 * log1p(1.0 / 15), accuracy: 1e-12)
    let plan = try Builder.build(c.network, dt: 0.001)
    let kernel = try XCTUnwrap(plan.kernel.populations[c.output.index].neuron as? LIFKernel.Neurons)
    XCTAssertEqual(kernel.amplitude, p.amplitude)
    XCTAssertFalse(kernel.subtract)
  }

  func testNeuron_IF_IsSpikingRectifiedLinearAtOneSpikePerStep() throws {
    let c = try convert {
      $0.neuron = .spikingRectifiedLinear()
      $0.dt = 0.002
    }
    XCTAssertEqual(c.currentAtMax, 500, accuracy: 1e-9)
    XCTAssertEqual(c.spikeAmplitude, 0.002, accuracy: 1e-12)
    for id in c.layers.dropFirst() {
      XCTAssertEqual(c.network.ensembles[id.index].neuronType, .spikingRectifiedLinear(amplitude: c.spikeAmplitude))
    }
  }

  func testReset_Subtract_IsBuiltIntoTheKernelAndKeepsTheChargeAboveThreshold() throws {
    let c = try convert { $0.neuron = .lif(LIFParameters(reset: .subtract)) }
    guard case .lif(let p)? = c.network.ensembles[c.output.index].neuronType else { return XCTFail("not LIF") }
    XCTAssertEqual(p.reset, .subtract)
    let kernel = try Builder.build(c.network, dt: 0.001).kernel.populations[1].neuron
    XCTAssertTrue(try XCTUnwrap(kernel as? LIFKernel.Neurons).subtract)
    // Keeping the residual charge fires faster than the LIF rate curve: a smaller
    // amplitude keeps the normalized mean at 1.
    let zero = try convert { _ in }
    XCTAssertLessThan(c.spikeAmplitude, 0.9 * zero.spikeAmplitude, "\(c.spikeAmplitude) vs \(zero.spikeAmplitude)")
    XCTAssertGreaterThan(c.spikeAmplitude, 0.5 * zero.spikeAmplitude)
  }

  func testReset_Subtract_SurvivesANetworkFileRoundTrip() throws {
    let c = try convert {
      $0.neuron = .lif(LIFParameters(reset: .subtract))
      $0.readout = .membrane
    }
    let dir = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("net.json")
    try NetworkFile.save(NetworkDocument(network: c.network), to: url)
    XCTAssertEqual(try NetworkFile.load(url: url).network, c.network)
  }

  func testReset_OneNeuron_VoltageAfterSpikeIsZeroOrTheExcess() throws {
    for reset in LIFReset.allCases {
      var net = Network(seed: 1)
      let drive = try net.add(Node(constant: [10]))
      let n = try net.add(
        Ensemble(
          nNeurons: 1, dimensions: 1, neuronType: .lif(LIFParameters(reset: reset)), gain: [1], bias: [0],
          initialVoltage: .values([0.95])))
      try net.connect(.node(drive), .neurons(n), synapse: nil)
      let v = try net.probe(.neurons(n), attribute: .voltage)
      let s = try net.probe(.neurons(n))
      let sim = try Simulator(net, dt: 0.001, seed: 1, threads: 1)
      try sim.run(steps: 1)
      // v = 10 + (0.95 - 10) exp(-1/20) = 1.3916 > 1: a spike in the first step.
      XCTAssertEqual(sim.data(s)[0, 0, 0], 1000, accuracy: 1e-3)
      let expected: Float = reset == .zero ? 0 : 10 + (0.95 - 10) * Float(exp(-0.05)) - 1
      XCTAssertEqual(sim.data(v)[0, 0, 0], expected, accuracy: 1e-5, "\(reset)")
    }
  }

  func testSimulatedRate_LIFResetToZero_MatchesTheRateCurve() throws {
    let measured = try Converter.simulatedRate(.lif, current: 16, dt: 0.001)
    let analytic = 1 / (0.002 + 0.02 * log1p(1.0 / 15))
    XCTAssertEqual(measured, analytic, accuracy: 0.005 * analytic)
  }

  // MARK: - Readout and validation

  func testReadout_Membrane_SumsTheOutputLayersInputCurrent() throws {
    let count = try convert { _ in }
    XCTAssertEqual(count.readout, count.outputCounts)
    let membrane = try convert { $0.readout = .membrane }
    XCTAssertNotEqual(membrane.readout, membrane.outputCounts)
    let probe = membrane.network.probes[membrane.readout.index]
    XCTAssertEqual(probe.target, .neurons(membrane.output))
    XCTAssertEqual(probe.attribute, .input)
    XCTAssertEqual(probe.mode, .sum)
  }

  func testConvert_UnsupportedOptions_ThrowWithReason() throws {
    XCTAssertThrowsError(try convert { $0.neuron = .lifRate }) {
      XCTAssertTrue("\($0)".contains("LIFRate"), "\($0)")
    }
    XCTAssertThrowsError(try convert { $0.currentAtMax = 0.5 }) {
      XCTAssertTrue("\($0)".contains("threshold"), "\($0)")
    }
    XCTAssertThrowsError(try convert { $0.maxInputRate = 0 })
  }

  func testNormalization_ParsesTheCLISpellings() {
    XCTAssertEqual(ConversionOptions.Normalization("none"), ConversionOptions.Normalization.none)
    XCTAssertEqual(ConversionOptions.Normalization("max"), .max)
    XCTAssertEqual(ConversionOptions.Normalization("percentile:99.5"), .percentile(99.5))
    for bad in ["", "percentile", "percentile:", "percentile:0", "percentile:101", "maxx", "percentile:5:1"] {
      XCTAssertNil(ConversionOptions.Normalization(bad), bad)
    }
  }
}
