import Foundation
import SNNCore
import SNNModel

/// A spiking network made from an ANN, with the handles a caller needs to run and read it.
public struct ConvertedNetwork: Sendable {
  /// The ordinary network: run it with `Simulator` like any other.
  public let network: Network
  /// The node that takes one example's input (ANN input scaled as for the ANN).
  public let input: NodeID
  /// The spiking layers in order (the Poisson input layer first, the output last).
  public let layers: [EnsembleID]
  /// Spike counts of the output layer, summed over the run (`mode: .sum`).
  public let outputCounts: ProbeID
  /// The scale chosen for each Dense layer (the activation that maps to the normalized 1).
  public let scales: [Double]
  /// The options used.
  public let options: ConversionOptions
}

/// Turns a trained ``Sequential`` of Dense layers (ReLU hidden, softmax or linear output,
/// biases allowed) into a ``Network`` of spiking neurons on the one engine.
///
/// Layer by layer: the input node drives a Poisson population one-to-one (rate =
/// intensity x max rate; each spike has integral `1 / max rate`, so the spike train's mean
/// equals the intensity); each Dense layer becomes a population of spiking neurons with
/// gain 1 and bias 0 fed through `transform = currentAtMax * kernel^T * lambda_(l-1) /
/// lambda_l`, where `lambda_l` is the layer's normalization scale. A neuron's output spikes
/// have integral `1 / r(currentAtMax)` (its rate at normalized activation 1), so every
/// layer's spike trains again carry normalized activations. Biases become bias currents.
public enum Converter {
  /// Converts `ann`.
  /// - Parameters:
  ///   - calibration: inputs (rows) on which activations are measured for normalization:
  ///     a subset of the training set, never the test set.
  /// - Throws: ``ConversionError`` for unsupported layers or a calibration set of the wrong
  ///   width; ``ModelError`` for invalid neuron parameters.
  public static func convert(_ ann: Sequential, calibration: Matrix, options: ConversionOptions = ConversionOptions())
    throws -> ConvertedNetwork
  {
    guard options.maxInputRate > 0, options.maxInputRate.isFinite else {
      throw ConversionError("max input rate must be positive, got \(options.maxInputRate) Hz")
    }
    guard options.currentAtMax > 1, options.currentAtMax.isFinite else {
      throw ConversionError("current at max must exceed the threshold 1, got \(options.currentAtMax)")
    }
    guard options.neuron.isSpiking else {
      throw ConversionError("the converted neurons must spike; \(options.neuron.name) is a rate type")
    }
    for (i, layer) in ann.layers.enumerated() where i < ann.layers.count - 1 && layer.activation != .relu {
      throw ConversionError("hidden layer \(i) has activation \(layer.activation); only ReLU converts to rates")
    }
    let scales = try normalizationScales(ann, calibration: calibration, normalization: options.normalization)
    let outputHeight = try heightPerSpike(options.neuron, current: options.currentAtMax, dt: options.dt)

    var net = Network(seed: options.seed, label: "converted")
    net.config.connection.synapse = nil
    let input = try net.add(Node(size: ann.inputSize, label: "input"))
    let n0 = ann.inputSize
    let poisson = try net.add(
      Ensemble(
        nNeurons: n0, dimensions: 1,
        neuronType: .poissonSpiking(base: .rectifiedLinear(), amplitude: 1 / options.maxInputRate),
        gain: [Double](repeating: options.maxInputRate, count: n0), bias: [Double](repeating: 0, count: n0),
        label: "poisson"))
    try net.connect(.node(input), .neurons(poisson), transform: .identity, synapse: nil)
    var layers = [poisson]
    var previousScale = 1.0
    for (l, dense) in ann.layers.enumerated() {
      let isLast = l == ann.layers.count - 1
      let n = dense.outputSize
      let factor = options.currentAtMax * previousScale / scales[l]
      var transform = dense.kernel.transposed()
      for i in transform.values.indices { transform.values[i] = Float(Double(transform.values[i]) * factor) }
      let bias = dense.bias.map { $0.map { Double($0) * options.currentAtMax / scales[l] } }
      let type = withAmplitude(options.neuron, outputHeight)
      let ens = try net.add(
        Ensemble(
          nNeurons: n, dimensions: 1, neuronType: type, gain: [Double](repeating: 1, count: n),
          bias: bias ?? [Double](repeating: 0, count: n), label: isLast ? "output" : "hidden\(l + 1)"))
      try net.connect(.neurons(layers[layers.count - 1]), .neurons(ens), transform: .matrix(transform), synapse: nil)
      layers.append(ens)
      previousScale = scales[l]
    }
    let counts = try net.probe(.neurons(layers[layers.count - 1]), mode: .sum, label: "output_spikes")
    return ConvertedNetwork(
      network: net, input: input, layers: layers, outputCounts: counts, scales: scales, options: options)
  }

  /// The activation of each layer that maps to the normalized value 1.
  static func normalizationScales(_ ann: Sequential, calibration: Matrix, normalization: ConversionOptions.Normalization)
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
  /// `1 / rate(current)`.
  static func heightPerSpike(_ type: NeuronType, current: Double, dt: Double) throws -> Double {
    let rate: Double
    switch type {
    case .lif(let p):
      rate = 1 / (p.tauRef + p.tauRC * Foundation.log1p(1 / (current - 1)))
    case .spikingRectifiedLinear:
      rate = current
    default:
      throw ConversionError("\(type.name) is not supported as a converted neuron (use LIF or SpikingRectifiedLinear)")
    }
    return 1 / rate
  }

  static func withAmplitude(_ type: NeuronType, _ amplitude: Double) -> NeuronType {
    switch type {
    case .lif(var p):
      p.amplitude = amplitude
      return .lif(p)
    case .spikingRectifiedLinear: return .spikingRectifiedLinear(amplitude: amplitude)
    default: return type
    }
  }
}

/// An ANN that cannot be converted as asked: the message says why.
public struct ConversionError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What is wrong.
  public let description: String
  /// Creates the error.
  public init(_ description: String) { self.description = description }
}
