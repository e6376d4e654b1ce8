/// The result of running a converted network on a labelled data set.
public struct EvaluationResult: Sendable {
  /// Examples run.
  public let images: Int
  /// Steps per example.
  public let steps: Int
  /// Fraction classified correctly.
  public let accuracy: Double
  /// Examples whose top readout value was shared by another output neuron.
  public let ties: Int
  /// Examples in which no output neuron spiked.
  public let silent: Int
  /// Predicted label of each example.
  public let predictions: [Int]
  /// Wall-clock seconds of the simulation (building included).
  public let seconds: Double
  /// Synaptic operations performed: event-driven row elements plus dense multiply-adds.
  public let synapticOperations: Int
  /// With ``EvaluationRecording/curve``: element `t - 1` is the accuracy of the readout
  /// accumulated over steps `1...t`, for `t = 1...steps` (the last equals ``accuracy``);
  /// otherwise empty.
  public let accuracyAtStep: [Double]
  /// With ``EvaluationRecording/rates``: the spike counts of every spiking layer, in the
  /// order of `ConvertedNetwork.layers`; otherwise empty.
  public let layerActivity: [LayerActivity]

  /// The accuracy after `step` steps, when the curve was recorded and `1 <= step <= steps`.
  public func accuracy(atStep step: Int) -> Double? {
    accuracyAtStep.indices.contains(step - 1) ? accuracyAtStep[step - 1] : nil
  }

  /// The recorded curve at ``checkpointSteps(upTo:)``; empty without a curve.
  public var accuracyAtCheckpoints: [(step: Int, accuracy: Double)] {
    Self.checkpointSteps(upTo: accuracyAtStep.count).map { ($0, accuracyAtStep[$0 - 1]) }
  }

  /// The steps a curve of `steps` steps is summarized at: 1, 5, 10, 25, every multiple of
  /// 50 up to `steps`, and `steps` itself (ascending, each at most `steps`).
  public static func checkpointSteps(upTo steps: Int) -> [Int] {
    guard steps > 0 else { return [] }
    let marks = [1, 5, 10, 25] + Array(stride(from: 50, through: steps, by: 50)) + [steps]
    return Array(Set(marks.filter { $0 <= steps })).sorted()
  }
}

/// What ``SpikingEvaluation`` records besides the final predictions.
public struct EvaluationRecording: OptionSet, Sendable {
  /// The raw value.
  public let rawValue: Int
  /// Creates a set from its raw value.
  public init(rawValue: Int) { self.rawValue = rawValue }

  /// The accuracy after every step, from the readout accumulated so far (one more probe,
  /// recording every step of the output layer: `batch x steps x outputs` floats).
  public static let curve = EvaluationRecording(rawValue: 1)
  /// Every layer's spike count per example and neuron, as a histogram (one summed probe
  /// per layer).
  public static let rates = EvaluationRecording(rawValue: 2)
}

/// How often the neurons of one layer fired over a run: a histogram of spike counts over
/// all (example, neuron) pairs.
public struct LayerActivity: Sendable, Equatable {
  /// The population's label.
  public let label: String
  /// Its neuron count.
  public let neurons: Int
  /// How many (example, neuron) pairs had exactly `k` spikes, for every count `k` that
  /// occurred.
  public let spikeCounts: [Int: Int]
  /// The run's duration, in seconds (steps x dt).
  public let seconds: Double

  /// The number of (example, neuron) pairs counted.
  public var pairs: Int { spikeCounts.values.reduce(0, +) }

  /// The firing rate, in Hz, of `count` spikes over the run.
  public func rate(ofCount count: Int) -> Double { Double(count) / seconds }

  /// The mean firing rate over all pairs, in Hz.
  public var meanRate: Double {
    let total = spikeCounts.reduce(0.0) { $0 + Double($1.key) * Double($1.value) }
    return pairs == 0 ? 0 : total / Double(pairs) / seconds
  }

  /// The highest firing rate of any pair, in Hz.
  public var maxRate: Double { rate(ofCount: spikeCounts.keys.max() ?? 0) }

  /// The fraction of pairs that did not fire at all.
  public var silentFraction: Double { pairs == 0 ? 0 : Double(spikeCounts[0] ?? 0) / Double(pairs) }

  /// Every rate that occurred, in Hz, ascending, with its number of pairs.
  public var rates: [(rate: Double, pairs: Int)] {
    spikeCounts.sorted { $0.key < $1.key }.map { (rate(ofCount: $0.key), $0.value) }
  }
}
