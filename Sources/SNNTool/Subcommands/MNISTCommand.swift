import ArgumentParser
import Foundation
import SwiftSNN

extension SNNCommand {
  /// `snn mnist`: train (or load) the 784-128-10 ANN, convert it, and run the SNN on the
  /// MNIST test set.
  struct MNIST: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Train or load the 784-128-10 ANN, convert it to a spiking network, and test both on MNIST.")

    @Option(help: "MNIST directory (IDX files, .gz or raw); default $SWIFTSNN_DATA, then the user cache.")
    var data: String?
    @Option(help: "Load ANN weights instead of training (.h5 Keras 2/3, .keras, .npz).")
    var weights: String?
    @Option(help: "Save the trained ANN weights to this .npz file (W1, W2 in Keras layout).")
    var saveWeights: String?
    @Option(help: "Save the converted spiking network to this network file (.json; weights .npz beside it).")
    var saveNetwork: String?
    @Option(help: "Training epochs.")
    var epochs = 10
    @Option(help: "Simulation steps per test image.")
    var steps = 350
    @Option(help: "Maximum input firing rate, in Hz (a white pixel).")
    var maxRate = 1000.0
    @Option(help: "Simulation time step, in seconds.")
    var dt = 0.001
    @Option(help: "Use only the first N test images.")
    var testLimit: Int?
    @Option(help: "Training images used to calibrate the weight normalization.")
    var calibration = 2000
    @Option(help: "Weight normalization: none, max, or percentile:P (e.g. percentile:99.9).")
    var normalize = "percentile:99.9"
    @Option(help: "Input current at the normalized activation 1 (threshold is 1); default 16 for LIF, 1/dt for IF.")
    var currentAtMax: Double?
    @Option(help: "Hidden and output neurons: lif (Nengo's LIF) or if (integrate-and-fire, SpikingRectifiedLinear).")
    var neuron = "lif"
    @Option(help: "Voltage after a spike: zero or subtract (keep the charge above threshold); default zero for LIF, IF always subtracts.")
    var reset: String?
    @Option(help: "Input encoding: poisson, regular (evenly spaced spikes) or current (pixels drive the first layer directly).")
    var encoding = "poisson"
    @Option(help: "Readout: count (most output spikes) or membrane (largest input current integrated by the output layer).")
    var readout = "count"
    @Flag(help: "Record the accuracy after every step in the same simulation (JSON snn.accuracy_at_steps).")
    var curve = false
    @Option(help: "Write a report (Markdown, accuracy-vs-steps and firing-rate plots, CSV, JSON) to this directory; implies --curve.")
    var report: String?
    @Option(help: "Evaluate on the last N training images instead of the test set, to choose options without the test set.")
    var validation: Int?
    @Option(help: "Seed for training, conversion and spikes.")
    var seed: UInt64 = 0
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?
    @Option(help: "Test images simulated together.")
    var batchSize = 1000
    @Option(help: "Synaptic path: auto, event-driven or dense.")
    var path = "auto"
    @Flag(help: "Print one JSON object instead of a table.")
    var json = false
    @Flag(help: "After the evaluation, diagnose the converted network on the first 300 test images (snn diagnose).")
    var diagnose = false

    func validate() throws {
      guard steps > 0, steps <= 1_000_000 else { throw ValidationError("--steps must be in 1...1000000, got \(steps)") }
      guard epochs >= 0, epochs <= 1000 else { throw ValidationError("--epochs must be in 0...1000, got \(epochs)") }
      guard maxRate > 0, maxRate.isFinite else { throw ValidationError("--max-rate must be a positive rate in Hz, got \(maxRate)") }
      guard dt > 0, dt <= 0.1 else { throw ValidationError("--dt must be in (0, 0.1] seconds, got \(dt)") }
      guard maxRate * dt <= 100 else { throw ValidationError("--max-rate x --dt = \(maxRate * dt) spikes per step is absurd") }
      if let testLimit, testLimit <= 0 { throw ValidationError("--test-limit must be positive, got \(testLimit)") }
      guard calibration > 0, calibration <= 60_000 else { throw ValidationError("--calibration must be in 1...60000") }
      guard batchSize > 0, batchSize <= 100_000 else { throw ValidationError("--batch-size must be in 1...100000") }
      if let threads, threads <= 0 || threads > 1024 { throw ValidationError("--threads must be in 1...1024") }
      if let currentAtMax, !(currentAtMax > 0 && currentAtMax <= 1e6) {
        throw ValidationError("--current-at-max must be in (0, 1000000], got \(currentAtMax)")
      }
      if let validation, validation <= 0 || validation > 60_000 - calibration {
        throw ValidationError("--validation N must be positive and leave the first --calibration images apart (N + calibration <= 60000)")
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
      try PathOptions.requireNonEmpty([
        "--data": data, "--weights": weights, "--save-weights": saveWeights, "--save-network": saveNetwork,
        "--report": report,
      ])
      _ = try conversionOptions()
      _ = try pathChoice()
      if epochs == 0 && weights == nil { throw ValidationError("--epochs 0 needs --weights") }
    }

    /// Output neurons of the 784-128-10 network: values `--curve` records per image and step.
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
        let x = try Matrix(rows: test.count, cols: test.pixelsPerImage, values: test.scaledPixels(range: 0..<test.count))
        return (x, test.labels, "test")
      }
      let range = (train.count - validation)..<train.count
      let x = try Matrix(rows: validation, cols: train.pixelsPerImage, values: train.scaledPixels(range: range))
      return (x, Array(train.labels[range]), "train[\(range.lowerBound)..<\(range.upperBound)]")
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
      var stages: [(String, Double)] = []
      func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = Date()
        let value = try body()
        stages.append((name, Date().timeIntervalSince(start)))
        return value
      }
      let (train, test) = try timed("load MNIST") {
        let dir = try MNISTLocator.locate(explicit: data, log: json ? nil : { print($0) })
        let train = try MNISTDataset.load(directory: dir, split: .train)
        let test = try MNISTDataset.load(directory: dir, split: .test, limit: testLimit)
        return (train, test)
      }
      let (testX, testLabels, setName) = try evaluationSet(train: train, test: test)
      var trainSeconds = 0.0
      var ann: Sequential
      if let weights {
        ann = try timed("load weights") { try WeightFiles.load(URL(fileURLWithPath: weights)) }
      } else {
        let trainX = try Matrix(
          rows: train.count, cols: train.pixelsPerImage, values: train.scaledPixels(range: 0..<train.count))
        ann = try Sequential.mnist(hidden: 128, seed: seed)
        let bar = ProgressBar("train", total: epochs, enabled: !json)
        let history = try timed("train ANN") {
          try SwiftSNN.train(
            &ann, inputs: trainX, labels: train.labels, options: TrainingOptions(epochs: epochs, seed: seed),
            progress: { p in if p.batch + 1 == p.batchesPerEpoch { bar.update(p.epoch + 1) } })
        }
        trainSeconds = history.seconds
        if let saveWeights { try WeightFiles.save(ann, to: URL(fileURLWithPath: saveWeights)) }
      }
      let annAccuracy = try timed("test ANN") { try ann.accuracy(testX, labels: testLabels) }
      let options = try conversionOptions()
      let converted = try timed("convert") {
        let n = min(calibration, train.count)
        let calib = try Matrix(rows: n, cols: train.pixelsPerImage, values: train.scaledPixels(range: 0..<n))
        return try Converter.convert(ann, calibration: calib, options: options)
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
        try NetworkFile.save(NetworkDocument(network: net, metadata: metadata), to: URL(fileURLWithPath: saveNetwork))
      }
      let bar = ProgressBar("SNN", total: testX.rows, enabled: !json)
      let record: EvaluationRecording = report != nil ? [.curve, .rates] : curve ? [.curve] : []
      // Nothing else runs BLAS now: let OpenBLAS's threads, still spinning after the ANN's
      // last GEMM, give the cores back to the simulation.
      GEMM.stopIdleBLASThreads()
      let result = try timed("simulate SNN") {
        try SpikingEvaluation.evaluate(
          converted, inputs: testX, labels: testLabels, steps: steps, dt: dt, batchSize: batchSize,
          threads: threadCount, seed: seed, path: try pathChoice(), record: record, progress: { bar.update($0) })
      }
      let diagnosis = try diagnose ? diagnoseConverted(converted, inputs: testX, labels: testLabels) : nil
      var snnObject: [String: Any] = [
        "test_accuracy": result.accuracy, "steps": steps, "images": result.images, "seconds": result.seconds,
        "ties": result.ties, "silent": result.silent, "images_per_second": Double(result.images) / result.seconds,
        "synaptic_operations": result.synapticOperations, "dt": dt, "max_rate": maxRate,
        "normalization": options.normalization.description, "scales": converted.scales, "threads": threadCount,
        "batch_size": batchSize, "evaluation_set": setName,
      ]
      snnObject.merge(ConversionSummary.json(converted, result: result)) { $1 }
      var object: [String: Any] = [
        "ann": ["test_accuracy": annAccuracy, "train_seconds": trainSeconds, "epochs": weights == nil ? epochs : 0],
        "snn": snnObject, "stages": Dictionary(uniqueKeysWithValues: stages.map { ($0.0, $0.1) }),
      ]
      if let diagnosis { object["diagnosis"] = try JSONSerialization.jsonObject(with: diagnosis.json()) }
      var reportFiles: [URL] = []
      if let report {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        reportFiles = try ConversionSummary.report(
          converted, result: result, annAccuracy: annAccuracy, evaluationSet: setName, json: data
        ).write(to: URL(fileURLWithPath: report))
      }
      if json {
        try Output.json(object)
        return
      }
      print("")
      Output.table([
        ["", "accuracy", "images", "seconds", "images/s"],
        ["ANN (784-128-10)", Output.fixed(annAccuracy, 4), "\(testX.rows)", "", ""],
        [
          "SNN (\(steps) steps)", Output.fixed(result.accuracy, 4), "\(result.images)", Output.fixed(result.seconds, 2),
          Output.fixed(Double(result.images) / result.seconds, 0),
        ],
      ])
      print("ties: \(result.ties) (broken toward the lower label), silent outputs: \(result.silent)")
      print("normalization: \(options.normalization), scales: \(converted.scales.map { Output.fixed($0, 3) })")
      print(ConversionSummary.text(converted, result: result, evaluationSet: setName))
      print("stages: " + stages.map { "\($0.0) \(Output.fixed($0.1, 2)) s" }.joined(separator: ", "))
      if !reportFiles.isEmpty { print("report: " + reportFiles.map(\.path).joined(separator: ", ")) }
      if let diagnosis { print("\n" + diagnosis.text) }
    }
  }
}
