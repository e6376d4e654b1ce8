import Foundation
import SwiftSNN

/// The code of the tutorial "Why the forum network gave 0.45": the user's network, the
/// diagnosis, and one fix per cause.
enum ForumTutorial {
  /// The handles the tutorial needs after building a network.
  struct Built {
    var network: Network
    var input: NodeID
    var output: EnsembleID
    var readout: ReadoutRule
  }

  // snippet: forum-user-network
  /// The forum user's network: raw pixels into Poisson neurons, two LIF
  /// layers with the ANN's kernels, `argmax(sum(probe > 0))` on a
  /// Lowpass(0.1) probe.
  static func userNetwork(w1: Matrix, w2: Matrix) throws -> Built {
    var net = Network(seed: 0, label: "forum")
    net.config.ensemble.maxRates = .choice([100])
    net.config.ensemble.intercepts = .choice([0])
    net.config.connection.synapse = nil
    let inp = try net.add(Node(size: 784, label: "inp"))
    let input = try net.add(
      Ensemble(
        nNeurons: 784, dimensions: 1,
        neuronType: .poissonSpiking(base: .rectifiedLinear()),
        label: "input_layer"))
    try net.connect(.node(inp), .neurons(input), transform: .scalar(1))
    let hidden = try net.add(
      Ensemble(nNeurons: 128, dimensions: 1, neuronType: .lif, label: "hidden"))
    try net.connect(
      .neurons(input), .neurons(hidden), transform: .matrix(w1.transposed()))
    let out = try net.add(
      Ensemble(nNeurons: 10, dimensions: 1, neuronType: .lif, label: "out"))
    try net.connect(
      .neurons(hidden), .neurons(out), transform: .matrix(w2.transposed()))
    let probe = try net.probe(
      .neurons(out), synapse: .lowpass(0.1), label: "out_p")
    return Built(
      network: net, input: inp, output: out,
      readout: .positiveSteps(probe: probe))
  }
  // snippet-end

  // snippet: forum-diagnose
  /// Runs `built` on `images` for 350 steps of 1 ms and explains what it sees.
  static func diagnose(_ built: Built, images: Matrix, labels: [UInt8]) throws
    -> DiagnosisReport
  {
    let setup = DiagnosisSetup(
      network: built.network, input: built.input, output: built.output,
      readout: built.readout, steps: 350, dt: 0.001, seed: 0)
    return try Diagnosis.run(setup, inputs: images, labels: labels)
  }
  // snippet-end

  /// Fix 1: read the class from spike counts (the same simulation).
  static func fixReadout(_ user: Built) -> Built {
    // snippet: forum-fix-readout
    var fixed = user
    fixed.readout = .spikeCount  // argmax of the output spike counts
    // snippet-end
    return fixed
  }

  /// Fix 2: pixels in [0, 1].
  static func fixInput(_ pixels: Matrix) -> Matrix {
    // snippet: forum-fix-input
    var scaled = pixels
    for i in scaled.values.indices { scaled.values[i] /= 255 }
    // snippet-end
    return scaled
  }

  // snippet: forum-fix-gain
  /// Fix 3: gain 1 and bias 0 on both LIF layers, so that the transforms
  /// act as the ANN's weights; the input population's gain is explicit too.
  static func unitGain(
    w1: Matrix, w2: Matrix, input inputType: NeuronType, inputGain: Double
  ) throws -> Built {
    func ones(_ n: Int, _ value: Double = 1) -> [Double] {
      Array(repeating: value, count: n)
    }
    var net = Network(seed: 0, label: "forum, gain 1")
    net.config.connection.synapse = nil
    let inp = try net.add(Node(size: 784, label: "inp"))
    let input = try net.add(
      Ensemble(
        nNeurons: 784, dimensions: 1, neuronType: inputType,
        gain: ones(784, inputGain), bias: ones(784, 0), label: "input_layer"))
    try net.connect(.node(inp), .neurons(input), transform: .scalar(1))
    let hidden = try net.add(
      Ensemble(
        nNeurons: 128, dimensions: 1, neuronType: .lif,
        gain: ones(128), bias: ones(128, 0), label: "hidden"))
    try net.connect(
      .neurons(input), .neurons(hidden), transform: .matrix(w1.transposed()))
    let out = try net.add(
      Ensemble(
        nNeurons: 10, dimensions: 1, neuronType: .lif,
        gain: ones(10), bias: ones(10, 0), label: "out"))
    try net.connect(
      .neurons(hidden), .neurons(out), transform: .matrix(w2.transposed()))
    return Built(network: net, input: inp, output: out, readout: .spikeCount)
  }
  // snippet-end

  /// Fix 3 as the tutorial calls it: the user's input population (max rate 100 Hz: gain 100).
  static func fixGain(w1: Matrix, w2: Matrix) throws -> Built {
    // snippet: forum-fix-gain-call
    let gainFixed = try unitGain(
      w1: w1, w2: w2, input: .poissonSpiking(base: .rectifiedLinear()),
      inputGain: 100)
    // snippet-end
    return gainFixed
  }

  /// Fix 4: input spikes at up to 1000 Hz (at most about one per step) of integral 1/1000.
  static func fixRate(w1: Matrix, w2: Matrix) throws -> Built {
    // snippet: forum-fix-rate
    let rateFixed = try unitGain(
      w1: w1, w2: w2,
      input: .poissonSpiking(base: .rectifiedLinear(), amplitude: 1.0 / 1000),
      inputGain: 1000)
    // snippet-end
    return rateFixed
  }

  /// Fix 5: per-layer normalization and a current range that keeps LIF below saturation:
  /// the Converter's defaults.
  static func fixSaturation(w1: Matrix, w2: Matrix, calibration: Matrix) throws -> Built {
    // snippet: forum-fix-saturation
    let ann = try Sequential(layers: [
      Dense(kernel: w1, activation: .relu),
      Dense(kernel: w2, activation: .softmax),
    ])
    let converted = try Converter.convert(ann, calibration: calibration)
    let normalized = Built(
      network: converted.network, input: converted.input,
      output: converted.output, readout: .spikeCount)
    // snippet-end
    return normalized
  }
}
