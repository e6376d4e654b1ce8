import Foundation

/// What ``Diagnosis`` found: statistics per layer, what the readout measures, and the
/// likely causes of a poor accuracy, each with its fix.
///
/// Codable: ``json()`` writes it with snake_case keys, the form `snn diagnose --json` prints.
public struct DiagnosisReport: Codable, Sendable, Equatable {
  /// The network's label.
  public var network: String
  /// Examples run.
  public var images: Int
  /// Steps per example.
  public var steps: Int
  /// Time step, in seconds.
  public var dt: Double
  /// The input data.
  public var input: InputSummary
  /// One entry per ensemble, in network order.
  public var layers: [LayerReport]
  /// The readout and the output ties.
  public var readout: ReadoutReport
  /// The causes found, in a fixed order (input, weights, rates, output, readout, silence,
  /// radius).
  public var causes: [Cause]

  /// The distinct cause ids, in report order.
  public var causeIDs: [CauseID] {
    var seen: [CauseID] = []
    for c in causes where !seen.contains(c.id) { seen.append(c.id) }
    return seen
  }

  /// The report as JSON: snake_case keys, sorted, pretty-printed.
  public func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try encoder.encode(self)
  }
}

/// The values fed to the input node.
public struct InputSummary: Codable, Sendable, Equatable {
  /// The node's label.
  public var node: String
  /// Values per example.
  public var size: Int
  /// Smallest value over all examples.
  public var min: Double
  /// Largest value.
  public var max: Double
  /// Mean value.
  public var mean: Double
  /// The largest magnitude the fed neurons are tuned for: 1 for a connection into
  /// `.neurons` (max_rates refer to input 1), the radius for one into an ensemble.
  public var expectedMagnitude: Double
  /// The objects the node feeds (`poisson.neurons`).
  public var feeds: [String]
}

/// Activity of one ensemble over the examples run.
///
/// Rates are per neuron and example: spikes over the run divided by its duration (for
/// rate neurons, the output divided by the amplitude).
public struct LayerReport: Codable, Sendable, Equatable {
  /// The ensemble's label.
  public var name: String
  /// Number of neurons.
  public var neurons: Int
  /// Nengo's name of the neuron type.
  public var neuronType: String
  /// Whether the output is spikes.
  public var spiking: Bool
  /// Smallest and largest built gain (dimensionless).
  public var gainMin: Double
  /// Largest built gain.
  public var gainMax: Double
  /// Smallest built bias current (dimensionless).
  public var biasMin: Double
  /// Largest built bias current.
  public var biasMax: Double
  /// Height of one spike, amplitude / dt; nil for rate neurons.
  public var spikeHeight: Double?
  /// Mean rate over neurons and examples, in Hz.
  public var meanRate: Double
  /// Highest rate of any neuron in any example, in Hz.
  public var maxRate: Double
  /// The highest rate this neuron type reaches at this dt, in Hz (see
  /// ``Diagnosis/highestRate(of:dt:)``).
  public var rateLimit: Double
  /// Fraction of (neuron, example) pairs within 10% of ``rateLimit``.
  public var saturatedFraction: Double
  /// Fraction of (neuron, example) pairs without any spike (zero output).
  public var silentFraction: Double
  /// Fraction of examples in which no neuron of the layer spiked.
  public var silentExamples: Double
  /// The input current at which firing starts: 1 for LIF types, 0 for rectified linear.
  public var threshold: Double
  /// Smallest input current J of any neuron at any step (dimensionless).
  public var currentMin: Double
  /// Largest input current J.
  public var currentMax: Double
  /// Mean input current J.
  public var currentMean: Double
  /// Fraction of (neuron, step) pairs with J above ``threshold``.
  public var aboveThreshold: Double
  /// The value the ensemble is asked to represent against its radius, for an ensemble
  /// whose inputs all arrive through its encoders; nil for others.
  public var represented: RepresentedValue? = nil
}

/// The value a decoded ensemble is asked to represent (its input `x`, recovered from its
/// neurons' input currents) against its radius, and what decoding gives beyond the radius.
public struct RepresentedValue: Codable, Sendable, Equatable {
  /// The ensemble's radius.
  public var radius: Double
  /// The largest magnitude `|x|` of the input at any step of any example.
  public var maxInput: Double
  /// `maxInput / radius`.
  public var maxRatio: Double
  /// Fraction of (step, example) pairs with `|x|` above the radius.
  public var outsideFraction: Double
  /// The decoded value at the largest input (its component along the input's direction):
  /// what the ensemble represents there; nil when the input stayed within the radius or the
  /// decoders could not be solved.
  public var decodedAtMaxInput: Double?
  /// The decoded value at magnitudes 1, 1.25, 1.5, 2 and 3 times the radius (and at the
  /// largest input), along the direction of the largest input: the neurons' rate curves at
  /// those points times decoders solved as Nengo solves a probe's (identity, LstsqL2, the
  /// ensemble's eval points).
  public var decodedBeyondRadius: [DecodedPoint]
}

/// One point of a decoded curve.
public struct DecodedPoint: Codable, Sendable, Equatable {
  /// The input's magnitude.
  public var input: Double
  /// The decoded value there, along the input's direction.
  public var decoded: Double
}

/// What the readout measures and how decisive it is.
public struct ReadoutReport: Codable, Sendable, Equatable {
  /// `spike_count` or `probe_positive_steps`.
  public var rule: String
  /// The readout probe's label, for `probe_positive_steps`.
  public var probe: String?
  /// The readout probe's synapse (`Lowpass(0.1)`), or nil when it has none.
  public var probeSynapse: String?
  /// What the readout measures, in words.
  public var measures: String
  /// The output ensemble's label.
  public var output: String
  /// Fraction of examples whose top readout value is shared by two or more neurons
  /// (the tie goes to the lowest index).
  public var tiedFraction: Double
  /// The same for spike counts.
  public var spikeCountTiedFraction: Double
  /// Fraction of examples in which the readout and the spike counts pick the same class.
  public var agreesWithSpikeCount: Double
  /// Mean over examples of the readout value of the chosen neuron.
  public var winnerValue: Double
  /// Mean over examples of the spike count of the neuron the readout chose.
  public var winnerSpikes: Double
  /// Mean number of output neurons within 10% of the rate limit, per example.
  public var saturatedOutputs: Double
  /// Fraction of examples in which two or more output neurons are within 10% of the rate
  /// limit.
  public var multipleSaturatedFraction: Double
  /// Accuracy of the readout, when labels were given.
  public var accuracy: Double?
  /// Accuracy of spike counts, when labels were given.
  public var spikeCountAccuracy: Double?
}

/// One likely cause of a poor accuracy.
public struct Cause: Codable, Sendable, Equatable {
  /// The stable id.
  public var id: CauseID
  /// The object it concerns: a node, connection, ensemble or probe label.
  public var subject: String
  /// What happens, with the numbers measured.
  public var explanation: String
  /// What to change.
  public var fix: String

  /// Creates a cause.
  public init(id: CauseID, subject: String, explanation: String, fix: String) {
    self.id = id
    self.subject = subject
    self.explanation = explanation
    self.fix = fix
  }
}

/// The stable ids of the causes ``Diagnosis`` recognizes.
public enum CauseID: String, Codable, Sendable, CaseIterable {
  /// Input values far outside the range the fed neurons are tuned for ([0, 1] / radius).
  case inputNotNormalized = "input_not_normalized"
  /// A connection into `.neurons` of an ensemble whose gain is not 1: Nengo multiplies
  /// every weight by the gain (and adds the bias).
  case gainScalesWeights = "gain_scales_weights"
  /// Spiking neurons firing well above 1/dt: many spikes per step.
  case rateBeyondDtLimit = "rate_beyond_dt_limit"
  /// Several output neurons at the highest rate the type reaches: counts tie.
  case outputSaturation = "output_saturation"
  /// `probe > 0` on a synapse-filtered probe: counts steps since the first spike.
  case probeCountsStepsNotSpikes = "probe_counts_steps_not_spikes"
  /// A layer that emits nothing in most examples.
  case silentLayer = "silent_layer"
  /// A decoded ensemble asked to represent values beyond its radius, where the decoded
  /// value saturates (the NEF's representation range).
  case valueOutsideRadius = "value_outside_radius"
}
