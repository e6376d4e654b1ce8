import Foundation
import SwiftSNN

/// The code of the "Getting started" article.
enum GettingStarted {
  /// What the first network measured.
  struct FirstRun {
    /// Spikes per second of each neuron over the run.
    var rates: [Double]
    /// The voltage trace of neuron 0, one value per step.
    var voltage0: [Float]
    /// The low-pass-filtered spikes of each neuron at the last step.
    var filteredAtEnd: [Float]
  }

  /// A constant node drives three LIF neurons at the currents 1.5, 2 and 4; probes record
  /// their spikes, voltages and filtered spikes for one second; the arrays are saved to
  /// `output` for plotting.
  static func firstNetwork(saveTo output: URL) throws -> FirstRun {
    // snippet: first-network
    var net = Network(seed: 1, label: "first")
    let drive = try net.add(Node(constant: [1.5, 2, 4], label: "drive"))
    let lif = try net.add(
      Ensemble(
        nNeurons: 3, dimensions: 1, neuronType: .lif,
        gain: [1, 1, 1], bias: [0, 0, 0], label: "lif"))
    try net.connect(.node(drive), .neurons(lif), synapse: nil)
    let spikes = try net.probe(.neurons(lif), label: "spikes")
    let voltage = try net.probe(
      .neurons(lif), attribute: .voltage, label: "voltage")
    let filtered = try net.probe(
      .neurons(lif), synapse: .lowpass(0.01), label: "filtered")

    let sim = try Simulator(net, dt: 0.001)
    try sim.run(steps: 1000)  // one second
    // snippet-end

    // snippet: first-network-read
    let dt = Float(sim.dt)
    // A spike is 1/dt high: its integral over the step is 1.
    let counts = sim.data(spikes).sum(example: 0).map { $0 * dt }
    let rates = counts.map { Double($0) / sim.time }  // spikes per second
    let v = sim.data(voltage).trace(example: 0)  // [step][neuron]
    print("rates (Hz):", rates)
    // snippet-end

    // snippet: first-network-save
    let data = [spikes, voltage, filtered].map { sim.data($0) }
    var arrays: [String: NDArray] = [:]
    for d in data {
      arrays[d.label] = try NDArray(shape: [d.steps, d.size], floats: d.values)
    }
    try NPZ.write(arrays, to: output)  // first.npz: spikes, voltage, filtered
    // snippet-end

    return FirstRun(
      rates: rates, voltage0: v.map { $0[0] }, filteredAtEnd: sim.data(filtered).trace(example: 0)[999])
  }

  /// Converts the Keras fixture's ANN and runs it on `count` MNIST test images.
  static func mnist(weightsURL: URL, test: (pixels: Matrix, labels: [UInt8]), calibration: Matrix) throws
    -> (ann: Double, snn: EvaluationResult)
  {
    // snippet: mnist-conversion
    let layers = try KerasWeights.load(url: weightsURL)  // .h5, .keras, .npz
    let ann = try Sequential(layers: [
      Dense(kernel: layers[0].kernel, bias: layers[0].bias, activation: .relu),
      Dense(
        kernel: layers[1].kernel, bias: layers[1].bias, activation: .softmax),
    ])
    var x = test.pixels  // grey levels 0...255; the ANN was trained on [0, 1]
    for i in x.values.indices { x.values[i] /= 255 }

    // The default options (see "Converting an ANN").
    let converted = try Converter.convert(ann, calibration: calibration)
    let result = try SpikingEvaluation.evaluate(
      converted, inputs: x, labels: test.labels, steps: 350, dt: 0.001,
      batchSize: 100, threads: 2, seed: 0)
    let annAccuracy = try ann.accuracy(x, labels: test.labels)
    print("ANN \(annAccuracy), SNN \(result.accuracy)")
    // snippet-end
    return (annAccuracy, result)
  }
}
