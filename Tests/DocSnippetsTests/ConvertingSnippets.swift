import Foundation
import SwiftSNN

/// The code of "Converting an ANN".
enum Converting {
  static func loadANN(weightsURL: URL) throws -> Sequential {
    // snippet: converting-ann
    let layers = try KerasWeights.load(url: weightsURL)
    let ann = try Sequential(layers: [
      Dense(kernel: layers[0].kernel, activation: .relu),
      Dense(kernel: layers[1].kernel, activation: .softmax),
    ])
    // snippet-end
    return ann
  }

  static func convert(_ ann: Sequential, calibration: Matrix) throws -> ConvertedNetwork {
    // snippet: converting-options
    var options = ConversionOptions()  // the defaults, spelled out:
    options.normalization = .percentile(99.9)  // of each layer's activations
    options.currentAtMax = 16  // J at the normalized activation 1 (~300 Hz)
    options.neuron = .lif(LIFParameters(reset: .zero))  // or .subtract, or IF
    options.encoding = .poisson  // or .regular, or .current (no input spikes)
    options.maxInputRate = 1000  // Hz at pixel value 1
    options.readout = .count  // or .membrane
    let converted = try Converter.convert(
      ann, calibration: calibration, options: options)
    print("scales", converted.scales, "integral", converted.spikeAmplitude)
    // snippet-end
    return converted
  }

  static func evaluate(_ converted: ConvertedNetwork, x: Matrix, labels: [UInt8]) throws -> EvaluationResult {
    // snippet: converting-curve
    let result = try SpikingEvaluation.evaluate(
      converted, inputs: x, labels: labels, steps: 350, dt: 0.001, batchSize: 100,
      threads: 2, seed: 0, record: [.curve, .rates])
    for (step, accuracy) in result.accuracyAtCheckpoints { print(step, accuracy) }
    for layer in result.layerActivity {
      print(layer.label, layer.meanRate, layer.maxRate, layer.silentFraction)
    }
    // snippet-end
    return result
  }

  static func membrane(_ ann: Sequential, calibration: Matrix) throws -> ConvertedNetwork {
    // snippet: converting-membrane
    var membrane = ConversionOptions()
    membrane.readout = .membrane  // the largest integrated input current
    let converted = try Converter.convert(
      ann, calibration: calibration, options: membrane)
    // snippet-end
    return converted
  }
}
