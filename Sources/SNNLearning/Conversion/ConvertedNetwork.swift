import SNNModel

/// A spiking network made from an ANN, with the handles a caller needs to run and read it.
public struct ConvertedNetwork: Sendable {
  /// The ordinary network: run it with `Simulator` like any other.
  public let network: Network
  /// The node that takes one example's input (ANN input scaled as for the ANN).
  public let input: NodeID
  /// The spiking layers in order: the input population first when the encoding has one
  /// (Poisson, regular), then one population per Dense layer, the output last.
  public let layers: [EnsembleID]
  /// The input population (Poisson or regular encoding); nil when the input node drives
  /// the first hidden layer directly (current encoding).
  public let inputPopulation: EnsembleID?
  /// Spike counts of the output layer, summed over the run (`mode: .sum`), whatever the
  /// readout: spikes of height `amplitude / dt`.
  public let outputCounts: ProbeID
  /// The probe the class is read from, summed over the run: ``outputCounts`` for the
  /// count readout, the output layer's integrated input current for the membrane readout.
  public let readout: ProbeID
  /// The scale chosen for each Dense layer (the activation that maps to the normalized 1).
  public let scales: [Double]
  /// The input current at the normalized activation 1 that was used (the option, or the
  /// neuron type's default).
  public let currentAtMax: Double
  /// The integral of one spike of each Dense layer's neurons (`1 / rate(currentAtMax)`),
  /// in seconds times the normalized activation: a layer's spike train has mean equal to
  /// its normalized activation.
  public let spikeAmplitude: Double
  /// The options used.
  public let options: ConversionOptions

  /// The output population.
  public var output: EnsembleID { layers[layers.count - 1] }

  /// The probe attribute of the output layer the readout integrates.
  public var readoutAttribute: Probe.Attribute { options.readout == .membrane ? .input : .output }
}
