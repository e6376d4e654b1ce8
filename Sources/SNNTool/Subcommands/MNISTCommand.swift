import ArgumentParser
import Foundation
import SwiftSNN

extension SNNCommand {
  /// `snn mnist`: train the 784-128-10 ANN (or load any Dense ReLU stack from 784 inputs
  /// to 10 classes), convert it, and run the SNN on the MNIST test set.
  struct MNIST: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Train (784-128-10) or load an ANN, convert it to a spiking network, and test both on MNIST.")

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var annOptions: ANNOptions
    @OptionGroup var simulation: SimulationOptions
    @OptionGroup var batch: BatchOptions
    @Option(help: "Save the trained ANN weights to this .npz file (W1, W2, ... in Keras layout).")
    var saveWeights: String?
    @Option(help: "Save the converted spiking network to this network file (.json; weights .npz beside it).")
    var saveNetwork: String?
    @Option(parsing: .unconditional, help: "Maximum input firing rate, in Hz (a white pixel).")
    var maxRate = 1000.0
    @Option(parsing: .unconditional, help: "Use only the first N test images (at most the test set's 10000).")
    var testLimit: Int?
    @Option(help: "Weight normalization: none, max, or percentile:P (e.g. percentile:99.9).")
    var normalize = "percentile:99.9"
    @Option(
      parsing: .unconditional,
      help: "Input current at the normalized activation 1 (threshold is 1); default 16 for LIF, 1/dt for IF.")
    var currentAtMax: Double?
    @Option(help: "Hidden and output neurons: lif (Nengo's LIF) or if (integrate-and-fire, SpikingRectifiedLinear).")
    var neuron = "lif"
    @Option(
      help:
        "Voltage after a spike: zero or subtract (keep the charge above threshold); default zero for LIF, IF always subtracts."
    )
    var reset: String?
    @Option(
      help:
        "Input encoding: poisson, regular (evenly spaced spikes) or current (pixels drive the first layer directly).")
    var encoding = "poisson"
    @Option(
      help: "Readout: count (most output spikes) or membrane (largest input current integrated by the output layer).")
    var readout = "count"
    @Flag(help: "Record the accuracy after every step in the same simulation (JSON snn.accuracy_at_steps).")
    var curve = false
    @Option(
      help:
        "Write a report (Markdown, accuracy-vs-steps and firing-rate plots, CSV, JSON) to this directory; implies --curve."
    )
    var report: String?
    @Option(
      parsing: .unconditional,
      help: "Evaluate on the last N training images instead of the test set, to choose options without the test set.")
    var validation: Int?
    @Option(help: "Synaptic path: auto, event-driven or dense.")
    var path = "auto"
    @Flag(help: "Print one JSON object instead of a table.")
    var json = false
    @Flag(help: "After the evaluation, diagnose the converted network on the first 300 test images (snn diagnose).")
    var diagnose = false

    var steps: Int { simulation.stepCount }
    var dt: Double { simulation.timeStep }
    var seed: UInt64 { simulation.seed }
    var threads: Int? { simulation.threads }
    var batchSize: Int { batch.batchSize }
    var calibration: Int { annOptions.calibration }

    func validate() throws {
      guard maxRate > 0, maxRate.isFinite else {
        throw ValidationError("--max-rate must be a positive rate in Hz, got \(maxRate)")
      }
      guard maxRate * dt <= 100 else {
        throw ValidationError("--max-rate x --dt = \(maxRate * dt) spikes per step is absurd")
      }
      if let testLimit, testLimit <= 0 { throw ValidationError("--test-limit must be positive, got \(testLimit)") }
      if let currentAtMax, !(currentAtMax > 0 && currentAtMax <= 1e6) {
        throw ValidationError("--current-at-max must be in (0, 1000000], got \(currentAtMax)")
      }
      if let validation, validation <= 0 || validation > 60_000 - calibration {
        throw ValidationError(
          "--validation N must be positive and leave the first --calibration images apart (N + calibration <= 60000)")
      }
      if validation != nil, testLimit != nil {
        throw ValidationError(
          "--test-limit would be ignored: --validation N evaluates on training images, not the test set")
      }
      if curve || report != nil {
        // Double: batch x steps may exceed Int.max.
        let values = Double(batchSize) * Double(steps) * Double(Self.outputNeurons)
        guard values <= Double(Self.maxCurveValues) else {
          throw ValidationError(
            "--curve records \(Self.outputNeurons) values per image and step: --batch-size \(batchSize) x --steps "
              + "\(steps) needs \(Int64(values)), more than the \(Self.maxCurveValues) (2 GiB of float32) allowed; "
              + "use a smaller --batch-size or fewer --steps")
        }
      }
      try FileArguments.requireNonEmpty([
        "--save-weights": saveWeights, "--save-network": saveNetwork, "--report": report,
      ])
      if annOptions.weights != nil, saveWeights != nil {
        throw ValidationError("--save-weights would be ignored: --weights loads the ANN, nothing is trained")
      }
      _ = try conversionOptions()
      _ = try pathChoice()
      try FileArguments.requireWritableFiles(["--save-weights": saveWeights, "--save-network": saveNetwork])
      try FileArguments.requireWritableDirectories(["--report": report])
    }

    /// Output neurons of an MNIST classifier: values `--curve` records per image and step.
    static let outputNeurons = 10
    /// The most values `--curve` (and `--report`) may record per batch (2 GiB of float32).
    static let maxCurveValues = 1 << 29

    /// The converter options the flags ask for.
    func conversionOptions() throws -> ConversionOptions {
      var options = ConversionOptions()
      guard let norm = ConversionOptions.Normalization(normalize) else {
        throw ValidationError("--normalize must be none, max or percentile:P with 0 < P <= 100, got '\(normalize)'")
      }
      guard let enc = ConversionOptions.Encoding(rawValue: encoding) else {
        throw ValidationError("--encoding must be poisson, current or regular, got '\(encoding)'")
      }
      guard let read = ConversionOptions.Readout(rawValue: readout) else {
        throw ValidationError("--readout must be count or membrane, got '\(readout)'")
      }
      let resetMode = try reset.map { text in
        guard let r = LIFReset(rawValue: text) else {
          throw ValidationError("--reset must be zero or subtract, got '\(text)'")
        }
        return r
      }
      switch neuron {
      case "lif": options.neuron = .lif(LIFParameters(reset: resetMode ?? .zero))
      case "if":
        guard resetMode != .zero else {
          throw ValidationError("--reset zero applies to LIF only; IF (SpikingRectifiedLinear) resets by subtraction")
        }
        options.neuron = .spikingRectifiedLinear()
      default: throw ValidationError("--neuron must be lif or if, got '\(neuron)'")
      }
      if case .lif = options.neuron, let currentAtMax, currentAtMax <= 1 {
        throw ValidationError("--current-at-max must exceed the LIF threshold 1, got \(currentAtMax)")
      }
      options.normalization = norm
      options.encoding = enc
      options.readout = read
      options.maxInputRate = maxRate
      options.currentAtMax = currentAtMax
      options.dt = dt
      options.seed = seed
      return options
    }

    /// The images the SNN and ANN are evaluated on: the test set, or with `--validation N`
    /// the last N training images (never used for calibration), and the set's name.
    func evaluationSet(train: MNISTDataset, test: MNISTDataset) throws -> (Matrix, [UInt8], String) {
      guard let validation else {
        let x = try Matrix(
          rows: test.count, cols: test.pixelsPerImage, values: test.scaledPixels(range: 0..<test.count))
        return (x, test.labels, "test")
      }
      let range = (train.count - validation)..<train.count
      let x = try Matrix(rows: validation, cols: train.pixelsPerImage, values: train.scaledPixels(range: range))
      return (x, Array(train.labels[range]), "train[\(range.lowerBound):\(range.upperBound)]")
    }

    func pathChoice() throws -> PathChoice {
      guard let p = PathChoice(rawValue: path == "event" ? "event-driven" : path) else {
        throw ValidationError("--path must be auto, event-driven or dense, got '\(path)'")
      }
      return p
    }

    /// Runs ``Diagnosis`` on the converted network with the first 300 test images.
    func diagnoseConverted(_ converted: ConvertedNetwork, inputs: Matrix, labels: [UInt8]) throws -> DiagnosisReport {
      let n = min(300, inputs.rows)
      let setup = DiagnosisSetup(
        network: converted.network, input: converted.input, output: converted.output,
        readout: converted.options.readout == .membrane ? .probeSum(probe: converted.readout) : .spikeCount,
        steps: steps, dt: dt, seed: seed, threads: threads)
      let x = try Matrix(rows: n, cols: inputs.cols, values: Array(inputs.values[0..<(n * inputs.cols)]))
      return try Diagnosis.run(setup, inputs: x, labels: Array(labels[0..<n]))
    }

    func run() throws {
      let threadCount = threads ?? Parallel.availableCores
      var stages: [(key: String, label: String, seconds: Double)] = []
      func timed<T>(_ key: String, _ label: String, _ body: () throws -> T) rethrows -> T {
        let start = Date()
        let value = try body()
        stages.append((key, label, Date().timeIntervalSince(start)))
        return value
      }
      let loaded = try annOptions.weights.map { file in
        try timed("load_weights", "load weights") { try WeightFiles.load(URL(fileURLWithPath: file)) }
      }
      let (train, test) = try timed("load_mnist", "load MNIST") {
        try MNISTPipeline.loadData(
          directory: dataOptions.data, testLimit: testLimit, limitOption: "--test-limit",
          log: json ? nil : { print($0) })
      }
      let (testX, testLabels, setName) = try evaluationSet(train: train, test: test)
      let saved = SavedFiles()
      let (ann, trainSeconds) =
        try loaded.map { ($0, 0.0) }
        ?? timed("train_ann", "train ANN") {
          try MNISTPipeline.train(epochs: annOptions.epochsToTrain, on: train, seed: seed, progress: !json)
        }
      if let saveWeights {
        saved.save("--save-weights", saveWeights) {
          let url = URL(fileURLWithPath: saveWeights)
          try WeightFiles.save(ann, to: url)
          return [url]
        }
      }
      let annAccuracy = try timed("test_ann", "test ANN") { try ann.accuracy(testX, labels: testLabels) }
      let options = try conversionOptions()
      let converted = try timed("convert", "convert") {
        try MNISTPipeline.convert(ann, train: train, calibration: calibration, options: options)
      }
      if let saveNetwork {
        let net = converted.network
        let metadata = [
          "input_node": net.nodes[converted.input.index].label, "input_scale": "1",
          "output_ensemble": net.ensembles[converted.layers[converted.layers.count - 1].index].label,
          "readout": options.readout == .membrane ? "membrane" : "spike_count",
          "readout_probe": net.probes[converted.readout.index].label,
          "dt": "\(dt)", "steps": "\(steps)", "max_rate": "\(maxRate)",
        ]
        saved.saveNetwork(
          NetworkDocument(network: net, metadata: metadata), option: "--save-network", path: saveNetwork)
      }
      let bar = ProgressBar("SNN", total: testX.rows, enabled: !json)
      let record: EvaluationRecording = report != nil ? [.curve, .rates] : curve ? [.curve] : []
      // Nothing else runs BLAS now: let OpenBLAS's threads, still spinning after the ANN's
      // last GEMM, give the cores back to the simulation.
      let engine = EngineOptions(
        path: try pathChoice(), precision: simulation.precision, stopsIdleBLASThreads: true)
      let result = try timed("simulate_snn", "simulate SNN") {
        try SpikingEvaluation.evaluate(
          converted, inputs: testX, labels: testLabels, steps: steps, dt: dt, batchSize: batchSize,
          threads: threadCount, seed: seed, options: engine, record: record, progress: { bar.update($0) })
      }
      if options.readout == .count, let warning = MNISTPipeline.silenceWarning(result) { printWarning(warning) }
      let diagnosis = try diagnose ? diagnoseConverted(converted, inputs: testX, labels: testLabels) : nil
      var summary = MNISTResult(
        ann: MNISTResult.ANN(
          shape: WeightFiles.shape(ann), testAccuracy: annAccuracy, trainSeconds: trainSeconds,
          epochs: annOptions.epochsToTrain),
        snn: MNISTResult.SNN(
          converted, result: result, threads: threadCount, batchSize: batchSize, evaluationSet: setName,
          precision: simulation.precision),
        stages: Dictionary(uniqueKeysWithValues: stages.map { ($0.key, $0.seconds) }), diagnosis: diagnosis,
        written: saved.written)
      if let report {
        saved.save("--report", report) {
          try ConversionSummary.report(
            converted, result: result, annAccuracy: annAccuracy, evaluationSet: setName,
            json: try Output.jsonData(summary)
          ).write(to: URL(fileURLWithPath: report))
        }
      }
      summary.written = saved.written
      if json {
        try Output.json(summary)
        return try saved.finish()
      }
      Output.table([
        ["", "accuracy", "images", "seconds", "images/s"],
        ["ANN (\(WeightFiles.shape(ann)))", Output.fixed(annAccuracy, 4), "\(testX.rows)", "", ""],
        [
          "SNN (\(steps) steps)", Output.fixed(result.accuracy, 4), "\(result.images)", Output.fixed(result.seconds, 2),
          Output.fixed(Double(result.images) / result.seconds, 0),
        ],
      ])
      print("ties: \(result.ties) (broken toward the lower label), silent outputs: \(result.silent)")
      print(
        "normalization: \(options.normalization), scales: "
          + converted.scales.map { Output.fixed($0, 3) }.joined(separator: ", "))
      print(ConversionSummary.text(converted, result: result, evaluationSet: setName))
      print("stages: " + stages.map { "\($0.label) \(Output.fixed($0.seconds, 2)) s" }.joined(separator: ", "))
      if !saved.written.isEmpty { print("wrote: " + saved.written.joined(separator: ", ")) }
      if let diagnosis { print("\n" + diagnosis.text) }
      try saved.finish()
    }
  }
}
