import SwiftSNN

/// What `snn mnist --json` prints (and `--report` writes as result.json). Property names
/// become snake_case keys (`testAccuracy` -> `test_accuracy`).
struct MNISTResult: Encodable {
  /// The ANN.
  struct ANN: Encodable {
    /// Layer sizes, e.g. `784-128-10`.
    var shape: String
    var testAccuracy: Double
    /// Seconds of training (0 with `--weights`).
    var trainSeconds: Double
    /// Epochs trained (0 with `--weights`).
    var epochs: Int
  }

  /// One layer's firing rates (`--report`).
  struct LayerRates: Encodable {
    var layer: String
    var neurons: Int
    /// Mean firing rate, in Hz.
    var meanHz: Double
    /// Highest firing rate, in Hz.
    var maxHz: Double
    var silentFraction: Double
  }

  /// The spiking network and its evaluation.
  struct SNN: Encodable {
    var testAccuracy: Double
    var steps: Int
    var images: Int
    var seconds: Double
    var ties: Int
    var silent: Int
    var imagesPerSecond: Double
    var synapticOperations: Int
    /// Time step, in seconds.
    var dt: Double
    /// Input rate of a white pixel, in Hz.
    var maxRate: Double
    var normalization: String
    /// Each layer's activation at normalized 1.
    var scales: [Double]
    var threads: Int
    var batchSize: Int
    /// `test`, or `train[a:b]` (the training images a to b - 1) with `--validation`.
    var evaluationSet: String
    /// The simulation's arithmetic: `float32` or `float64` (`--precision`).
    var precision: String
    var neuron: String
    var encoding: String
    var readout: String
    var reset: String
    var currentAtMax: Double
    /// Integral of one spike, in seconds.
    var spikeAmplitude: Double
    /// Accuracy after each checkpoint step, keyed by the step (`--curve`).
    var accuracyAtSteps: [String: Double]?
    var layerRates: [LayerRates]?

    init(
      _ converted: ConvertedNetwork, result: EvaluationResult, threads: Int, batchSize: Int, evaluationSet: String,
      precision: Precision
    ) {
      let o = converted.options
      testAccuracy = result.accuracy
      steps = result.steps
      images = result.images
      seconds = result.seconds
      ties = result.ties
      silent = result.silent
      imagesPerSecond = Double(result.images) / result.seconds
      synapticOperations = result.synapticOperations
      dt = o.dt
      maxRate = o.maxInputRate
      normalization = o.normalization.description
      scales = converted.scales
      self.threads = threads
      self.batchSize = batchSize
      self.evaluationSet = evaluationSet
      self.precision = precision.rawValue
      neuron = o.neuron.name
      encoding = o.encoding.rawValue
      readout = o.readout.rawValue
      if case .lif(let p) = o.neuron { reset = p.reset.rawValue } else { reset = "subtract" }
      currentAtMax = converted.currentAtMax
      spikeAmplitude = converted.spikeAmplitude
      if !result.accuracyAtStep.isEmpty {
        accuracyAtSteps = Dictionary(
          uniqueKeysWithValues: result.accuracyAtCheckpoints.map { ("\($0.step)", $0.accuracy) })
      }
      if !result.layerActivity.isEmpty {
        layerRates = result.layerActivity.map {
          LayerRates(
            layer: $0.label, neurons: $0.neurons, meanHz: $0.meanRate, maxHz: $0.maxRate,
            silentFraction: $0.silentFraction)
        }
      }
    }
  }

  var ann: ANN
  var snn: SNN
  /// Seconds of each stage, keyed `load_mnist`, `load_weights`, `train_ann`, `test_ann`,
  /// `convert`, `simulate_snn` (only the stages that ran).
  var stages: [String: Double]
  /// With `--diagnose`.
  var diagnosis: DiagnosisReport?
  /// The files `--save-weights` and `--save-network` wrote (and `--report`'s, on
  /// standard output).
  var written: [String] = []
}
