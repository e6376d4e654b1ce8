import Foundation
import SNNCore
import SNNModel
import SNNSimulator

/// Turns a trained ``Sequential`` of Dense layers (ReLU hidden, softmax or linear output,
/// biases allowed) into a ``/SNNModel/Network`` of spiking neurons on the one engine.
///
/// Layer by layer:
/// - Input. Poisson encoding: the input node drives a `PoissonSpiking(RectifiedLinear)`
///   population one-to-one (rate = intensity x max rate; each spike has integral
///   `1 / max rate`, so the spike train's mean equals the intensity). Regular encoding: the
///   same with `RegularSpiking(RectifiedLinear)` (evenly spaced spikes, random phase).
///   Current encoding: no input population; the node feeds the first hidden layer through
///   its transform, a constant current.
/// - Each Dense layer becomes a population of spiking neurons (LIF, reset to zero or by
///   subtraction, or IF = SpikingRectifiedLinear) with gain 1 fed through `transform =
///   currentAtMax * kernel^T * lambda_(l-1) / lambda_l`, where `lambda_l` is the layer's
///   normalization scale (`lambda_input = 1`). A neuron's output spikes have integral
///   `1 / r(currentAtMax)` (its rate at the normalized activation 1), so every layer's
///   spike trains again carry normalized activations. Biases become bias currents
///   `currentAtMax * b / lambda_l`.
/// - Readout: a summed probe on the output spikes (count) or on the output layer's input
///   current (membrane).
///
/// No synapses anywhere: a spike crosses every layer within its step.
public enum Converter {
  /// Converts `ann`.
  /// - Parameters:
  ///   - ann: the trained network; inputs scaled as it was trained (MNIST: [0, 1]).
  ///   - calibration: inputs (rows) on which activations are measured for normalization:
  ///     a subset of the training set, never the test set.
  ///   - options: the encoding, neuron, normalization, readout and time step.
  /// - Throws: ``ConversionError`` for unsupported layers or options, or a calibration set
  ///   of the wrong width; ``/SNNModel/ModelError`` for invalid neuron parameters.
  public static func convert(_ ann: Sequential, calibration: Matrix, options: ConversionOptions = ConversionOptions())
    throws -> ConvertedNetwork
  {
    let currentAtMax = options.resolvedCurrentAtMax
    try validate(ann, options: options, currentAtMax: currentAtMax)
    let scales = try normalizationScales(ann, calibration: calibration, normalization: options.normalization)
    let amplitude = try spikeAmplitude(options.neuron, current: currentAtMax, dt: options.dt)

    var net = Network(seed: options.seed, label: "converted")
    net.config.connection.synapse = nil
    let input = try net.add(Node(size: ann.inputSize, label: "input"))
    var layers: [EnsembleID] = []
    let source: Endpoint
    if let type = inputNeuronType(options) {
      let n0 = ann.inputSize
      let encoder = try net.add(
        Ensemble(
          nNeurons: n0, dimensions: 1, neuronType: type,
          gain: [Double](repeating: options.maxInputRate, count: n0), bias: [Double](repeating: 0, count: n0),
          label: options.encoding.rawValue))
      try net.connect(.node(input), .neurons(encoder), transform: .identity, synapse: nil)
      layers.append(encoder)
      source = .neurons(encoder)
    } else {
      source = .node(input)
    }
    let inputPopulation = layers.first
    var pre = source
    var previousScale = 1.0
    for (l, dense) in ann.layers.enumerated() {
      let isLast = l == ann.layers.count - 1
      let n = dense.outputSize
      let factor = currentAtMax * previousScale / scales[l]
      var transform = dense.kernel.transposed()
      for i in transform.values.indices { transform.values[i] = Float(Double(transform.values[i]) * factor) }
      let bias = dense.bias.map { $0.map { Double($0) * currentAtMax / scales[l] } }
      let ens = try net.add(
        Ensemble(
          nNeurons: n, dimensions: 1, neuronType: withAmplitude(options.neuron, amplitude),
          gain: [Double](repeating: 1, count: n), bias: bias ?? [Double](repeating: 0, count: n),
          label: isLast ? "output" : "hidden\(l + 1)"))
      try net.connect(pre, .neurons(ens), transform: .matrix(transform), synapse: nil)
      layers.append(ens)
      pre = .neurons(ens)
      previousScale = scales[l]
    }
    let output = layers[layers.count - 1]
    let counts = try net.probe(.neurons(output), mode: .sum, label: "output_spikes")
    var readout = counts
    if options.readout == .membrane {
      readout = try net.probe(.neurons(output), attribute: .input, mode: .sum, label: "output_membrane")
    }
    return ConvertedNetwork(
      network: net, input: input, layers: layers, inputPopulation: inputPopulation, outputCounts: counts,
      readout: readout, scales: scales, currentAtMax: currentAtMax, spikeAmplitude: amplitude, options: options)
  }

  static func validate(_ ann: Sequential, options: ConversionOptions, currentAtMax: Double) throws {
    guard options.maxInputRate > 0, options.maxInputRate.isFinite else {
      throw ConversionError("max input rate must be positive, got \(options.maxInputRate) Hz")
    }
    guard options.dt > 0, options.dt < 1 else {
      throw ConversionError("dt must be in (0, 1) seconds, got \(options.dt)")
    }
    let model = options.neuron.model
    guard model.isSpiking else {
      throw ConversionError(
        "\(options.neuron.name) is not supported as a converted neuron (use a spiking type such as LIF or "
          + "SpikingRectifiedLinear)")
    }
    guard currentAtMax > model.threshold, currentAtMax.isFinite else {
      throw ConversionError(
        "current at max must exceed the \(model.name) threshold \(model.threshold), got \(currentAtMax)")
    }
    for (i, layer) in ann.layers.enumerated() where i < ann.layers.count - 1 && layer.activation != .relu {
      throw ConversionError("hidden layer \(i) has activation \(layer.activation); only ReLU converts to rates")
    }
  }

  /// The input population's neuron type, nil for the current encoding (no population).
  static func inputNeuronType(_ options: ConversionOptions) -> NeuronType? {
    let amplitude = 1 / options.maxInputRate
    switch options.encoding {
    case .poisson: return .poissonSpiking(base: .rectifiedLinear(), amplitude: amplitude)
    case .regular: return .regularSpiking(base: .rectifiedLinear(), amplitude: amplitude)
    case .current: return nil
    }
  }

  /// The activation of each layer that maps to the normalized value 1.
  static func normalizationScales(
    _ ann: Sequential, calibration: Matrix, normalization: ConversionOptions.Normalization
  )
    throws -> [Double]
  {
    if case .none = normalization { return [Double](repeating: 1, count: ann.layers.count) }
    guard calibration.cols == ann.inputSize, calibration.rows > 0 else {
      throw ConversionError(
        "calibration data has shape \(calibration.shapeDescription); expected (n > 0, \(ann.inputSize))")
    }
    let activations = try ann.activations(calibration)
    return activations.map { a in
      let positive = a.values.filter { $0 > 0 }.sorted()
      guard let top = positive.last else { return 1 }
      switch normalization {
      case .none: return 1
      case .max: return Double(top)
      case .percentile(let p):
        let rank = min(positive.count - 1, max(0, Int((p / 100 * Double(positive.count - 1)).rounded())))
        return Double(positive[rank])
      }
    }
  }

  /// The spike integral that makes a neuron's mean output 1 at input current `current`:
  /// `1 / rate(current)`, from the model's rate curve at amplitude 1 where it has one in
  /// closed form (LIF with reset to zero, IF), else measured on the engine (LIF with reset
  /// by subtraction keeps the charge above threshold and fires faster than the LIF curve:
  /// one neuron, 10 s of constant current).
  static func spikeAmplitude(_ type: NeuronType, current: Double, dt: Double) throws -> Double {
    let rate = try type.model.withAmplitude(1).rate(current: current) ?? simulatedRate(type, current: current, dt: dt)
    guard rate > 0, rate.isFinite else {
      throw ConversionError("\(type.name) does not fire at the current \(current); raise the current at max")
    }
    return 1 / rate
  }

  /// The firing rate, in Hz, of one neuron of `type` (amplitude 1) driven by the constant
  /// current `current` from voltage 0, over 10 s simulated at `dt` (at most a million
  /// steps, so a tiny dt stays quick).
  static func simulatedRate(_ type: NeuronType, current: Double, dt: Double) throws -> Double {
    var net = Network(seed: 0, label: "rate calibration")
    let drive = try net.add(Node(constant: [current], label: "current"))
    let neuron = try net.add(
      Ensemble(
        nNeurons: 1, dimensions: 1, neuronType: withAmplitude(type, 1), gain: [1], bias: [0],
        initialVoltage: .values([0]), label: "neuron"))
    try net.connect(.node(drive), .neurons(neuron), transform: .identity, synapse: nil)
    let spikes = try net.probe(.neurons(neuron), mode: .sum)
    let sim = try Simulator(net, dt: dt, batchSize: 1, seed: 0, threads: 1)
    let steps = max(1, min(1_000_000, Int((10 / dt).rounded())))
    try sim.run(steps: steps)
    let count = Double(sim.data(spikes).values[0]) * dt
    return count / (Double(steps) * dt)
  }

  static func withAmplitude(_ type: NeuronType, _ amplitude: Double) -> NeuronType {
    NeuronType(type.model.withAmplitude(amplitude))
  }
}

/// An ANN that cannot be converted as asked: the message says why.
public struct ConversionError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What is wrong.
  public let description: String
  /// Creates the error.
  public init(_ description: String) { self.description = description }
}
