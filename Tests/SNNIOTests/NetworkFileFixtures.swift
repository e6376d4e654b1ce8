import Foundation
import SwiftSNN
import XCTest

/// Networks that exercise every part of the network file format, and helpers to save,
/// load and simulate them.
enum NetworkFileFixtures {
  /// Every neuron type (with non-default parameters and nested bases), every transform
  /// kind into ensembles and `.neurons`, every synapse, probes of every attribute and mode,
  /// every distribution, explicit encoders, initial states and changed config defaults.
  static func everything(seed: UInt64? = 7) throws -> Network {
    var net = Network(seed: seed, label: "every \"feature\" ✓")
    net.config.ensemble.maxRates = .choice([100, 150])
    net.config.ensemble.intercepts = .uniform(low: -0.5, high: 0.25)
    net.config.ensemble.radius = 1.5
    net.config.ensemble.neuronType = .lifRate(LIFParameters(tauRC: 0.03, tauRef: 0.001, minVoltage: -1, amplitude: 2))
    net.config.connection.synapse = .alpha(0.004)

    let input = try net.add(Node(size: 3, label: "input"))
    let constant = try net.add(Node(constant: [0.1, -0.25, 1e-7], label: "bias"))
    let lif = try net.add(
      Ensemble(
        nNeurons: 4, dimensions: 3,
        neuronType: .lif(
          LIFParameters(tauRC: 0.025, tauRef: 0.003, minVoltage: -0.5, amplitude: 0.5, reset: .subtract)),
        maxRates: .uniform(low: 80, high: 120.5), intercepts: .values([-0.1, 0, 0.1, 0.2]),
        encoders: try DoubleMatrix([[1, 0, 0], [0, 1, 0], [0, 0, -1], [0.6, 0.8, 0]]),
        initialVoltage: .uniform(low: 0, high: 0.3), initialRefractory: [0, 0.001, 0, 0.0025], label: "lif"))
    let rate = try net.add(Ensemble(nNeurons: 3, dimensions: 1, label: "rate"))  // config defaults
    let relu = try net.add(
      Ensemble(nNeurons: 3, dimensions: 1, neuronType: .rectifiedLinear(amplitude: 0.25), label: "relu"))
    let srelu = try net.add(
      Ensemble(
        nNeurons: 3, dimensions: 2, neuronType: .spikingRectifiedLinear(amplitude: 1), maxRates: .choice([200]),
        intercepts: .choice([0]), radius: 2, initialVoltage: .choice([0.5]), label: "srelu"))
    let poisson = try net.add(
      Ensemble(
        nNeurons: 3, dimensions: 1,
        neuronType: .poissonSpiking(base: .lifRate(LIFParameters(tauRC: 0.05)), amplitude: 0.01),
        gain: [1, 2, 3], bias: [5, 10, 20], label: "poisson"))
    let regular = try net.add(
      Ensemble(
        nNeurons: 3, dimensions: 1, neuronType: .regularSpiking(base: .rectifiedLinear(amplitude: 2), amplitude: 0.5),
        initialVoltage: .values([0.1, 0.2, 0.3]), label: "regular"))
    // A second object labelled like the first: references must fall back to indices.
    let twin = try net.add(
      Ensemble(nNeurons: 3, dimensions: 1, neuronType: .lif, gain: [1, 1, 1], bias: [2, 3, 4], label: "relu"))

    try net.connect(.node(input), .ensemble(lif), transform: .identity, synapse: nil)
    try net.connect(.node(constant), .ensemble(lif), transform: .vector([2, -1, 0.5]), synapse: .lowpass(0.01))
    try net.connect(
      .neurons(lif), .neurons(rate),
      transform: .matrix(try Matrix(rows: 3, cols: 4, values: (0..<12).map { Float($0) / 7 })))
    try net.connect(.neurons(rate), .neurons(relu), transform: .scalar(-0.3), synapse: .alpha(0.002), label: "named")
    try net.connect(.neurons(relu), .ensemble(srelu), transform: .matrix(try Matrix([[0.5, 0.25, 1], [1, 0, -1]])))
    try net.connect(.node(input), .neurons(poisson), transform: .scalar(1), synapse: nil)
    try net.connect(.neurons(poisson), .neurons(regular), transform: .vector([1, 0.5, 0.25]))
    try net.connect(.neurons(regular), .neurons(twin), transform: .identity, synapse: .lowpass(0))
    try net.connect(.neurons(twin), .neurons(relu), transform: .scalar(0.1))

    try net.probe(.neurons(lif), attribute: .voltage, label: "lif_voltage")
    try net.probe(.neurons(lif), attribute: .output, synapse: .lowpass(0.01), label: "lif_filtered")
    try net.probe(.neurons(rate), attribute: .input, mode: .sum)
    try net.probe(.node(input), synapse: .alpha(0.005))
    try net.probe(.node(constant))
    try net.probe(.neurons(srelu), attribute: .voltage, mode: .sum, label: "srelu_v")
    try net.probe(.neurons(poisson), label: "poisson_spikes")
    try net.probe(.neurons(regular), attribute: .voltage, label: "regular_v")
    try net.probe(.neurons(twin), label: "twin")
    try net.probe(.neurons(relu), label: "relu")
    return net
  }

  /// A network whose arrays are long enough to go to the weights `.npz` (float32
  /// transforms and encoders, float64 gains, biases and per-neuron values).
  static func large(seed: UInt64 = 3) throws -> Network {
    var rng = SplitMix64(seed: seed)
    func floats(_ n: Int) -> [Float] { (0..<n).map { _ in Float(Double(rng.next() >> 11) / 9e15 - 0.5) } }
    func doubles(_ n: Int) -> [Double] { (0..<n).map { _ in Double(rng.next() >> 11) / 9e15 + 0.5 } }
    var net = Network(seed: seed, label: "large")
    net.config.connection.synapse = nil
    let input = try net.add(Node(size: 80, label: "input"))
    let offset = try net.add(Node(constant: floats(100).map(Double.init), label: "offset"))
    let a = try net.add(
      Ensemble(
        nNeurons: 100, dimensions: 80, neuronType: .lif, gain: doubles(100), bias: doubles(100),
        encoders: try DoubleMatrix(rows: 100, cols: 80, values: floats(8000).map(Double.init)),
        initialVoltage: .values(doubles(100).map { $0 - 0.5 }), initialRefractory: doubles(100).map { $0 / 1000 },
        label: "a"))
    let b = try net.add(
      Ensemble(
        nNeurons: 100, dimensions: 1, neuronType: .spikingRectifiedLinear(),
        maxRates: .values(doubles(100).map { $0 * 100 }),
        intercepts: .choice(doubles(70).map { $0 - 1 }), label: "b"))
    try net.connect(.node(input), .ensemble(a))
    try net.connect(.node(offset), .neurons(b), transform: .vector(floats(100).map(Double.init)))
    try net.connect(
      .neurons(a), .neurons(b), transform: .matrix(try Matrix(rows: 100, cols: 100, values: floats(10_000))))
    try net.probe(.neurons(b), label: "b_spikes")
    try net.probe(.neurons(a), attribute: .voltage, label: "a_voltage")
    return net
  }

  /// Saves `doc` to `name` in `directory`, loads it back and returns the loaded document.
  static func roundTrip(_ doc: NetworkDocument, in directory: URL, name: String = "net.json", inlineLimit: Int? = nil)
    throws -> NetworkDocument
  {
    let url = directory.appendingPathComponent(name)
    if let inlineLimit {
      try NetworkFile.save(doc, to: url, inlineLimit: inlineLimit)
    } else {
      try NetworkFile.save(doc, to: url)
    }
    return try NetworkFile.load(url: url)
  }

  /// Every probe's data after `steps` steps of a batch of `batch` examples, fed
  /// deterministic inputs (a different value per example, node and step).
  static func simulate(_ net: Network, steps: Int = 20, batch: Int = 2, threads: Int = 1) throws -> [ProbeData] {
    let sim = try Simulator(net, dt: 0.001, batchSize: batch, seed: 11, threads: threads)
    let handles = try NetworkHandles(net)
    for (k, node) in net.nodes.enumerated() where node.source == .input {
      let values = (0..<(batch * steps * node.size)).map { Float(sin(Double($0 + 3 * k) * 0.37)) }
      try sim.setInput(handles.nodes[k], sequence: values, steps: steps)
    }
    try sim.run(steps: steps)
    return handles.probes.map { sim.data($0) }
  }

  /// A network file written by hand in a test: `text` saved as `name` in `directory`.
  @discardableResult
  static func write(_ text: String, to directory: URL, name: String = "net.json") throws -> URL {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
  }
}
