import ArgumentParser
import Foundation
import SNNCommandLine
import SNNTool
import SwiftSNN

/// `nengo-forum`: the Nengo forum user's ANN -> SNN attempt, line for line in Swift, with
/// the accuracy it gets, then with spike counting fixed, then with the scaling fixed too.
@main
struct NengoForum: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nengo-forum",
    abstract: "The Nengo forum user's MNIST network in Swift: its accuracy, and the accuracy of each fix.",
    discussion: """
      Runs the user's network (raw 0..255 pixels -> 784 PoissonSpiking(RectifiedLinear) -> 128 LIF -> 10 LIF, \
      max_rates 100, intercepts 0, no synapses, the ANN's weights as they are, class = argmax(sum(probe > 0)) \
      of a Lowpass(0.1) probe) on the first N MNIST test images; then the same spikes read out by spike \
      counts; then the network the Converter makes with its defaults (inputs in [0, 1], Poisson 1000 Hz, \
      99.9th-percentile weight normalization, spike counts).
      """,
    version: SNNCommand.configuration.version)

  /// The shared fixtures' weights, used when `--weights` is not given.
  static let fixtureWeights = "keras-mnist-784-128-10/weights.npz"
  /// Steps per image (the user's presentation_time) and time step (s).
  static let steps = 350
  static let dt = 0.001
  /// Training images that calibrate the fixed network's normalization.
  static let calibration = 2000

  @OptionGroup var dataOptions: DataOptions
  @Option(
    help:
      "The ANN's weights (.npz with W1, W2; Keras .h5/.keras): two Dense layers without bias, 784 inputs, 10 classes; default $SWIFTSNN_FIXTURES/\(fixtureWeights)."
  )
  var weights: String?
  @Option(parsing: .unconditional, help: "Use the first N test images, 1-10000.")
  var limit = 200
  @OptionGroup var batch: BatchOptions
  @Flag(help: "Print one JSON object instead of a table.")
  var json = false
  @Option(help: "Write the user's network to this network file (.json, weights in an .npz beside it).")
  var export: String?

  func validate() throws {
    guard limit > 0, limit <= 10_000 else { throw ValidationError("--limit must be in 1-10000, got \(limit)") }
    try FileArguments.requireNonEmpty(["--weights": weights, "--export": export])
    try FileArguments.requireWritableFiles(["--export": export])
  }

  func run() throws {
    let start = Date()
    let weightsURL = try locateWeights()
    let layers = try WeightFiles.layers(weightsURL)
    try WeightFiles.requireMNISTClassifier(layers, file: weightsURL.path)
    guard layers.count == 2 else {
      throw ValidationError(
        "\(weightsURL.path): \(layers.count) Dense layers; the forum user's network has two (784-hidden-10)")
    }
    for (i, layer) in layers.enumerated() where layer.bias?.contains(where: { $0 != 0 }) == true {
      throw ValidationError(
        "\(weightsURL.path): layer \(i + 1) (\(layer.name)) has a bias; the forum user's network has none")
    }
    let (w1, w2) = (layers[0].kernel, layers[1].kernel)
    let (train, test) = try MNISTPipeline.loadData(
      directory: dataOptions.data, trainLimit: Self.calibration, testLimit: limit, limitOption: "--limit",
      log: json ? nil : { print($0) })

    let user = try UserNetwork(w1: w1, w2: w2)
    let saved = SavedFiles()
    if let export {
      saved.saveNetwork(ForumExport.document(user, steps: Self.steps, dt: Self.dt), option: "--export", path: export)
    }
    let raw = try Matrix(rows: test.count, cols: test.pixelsPerImage, values: test.images.map { Float($0) })
    let scaled = try MNISTPipeline.images(test, 0..<test.count)
    let ann = try Sequential(layers: [Dense(kernel: w1, activation: .relu), Dense(kernel: w2, activation: .softmax)])
    let annAccuracy = try ann.accuracy(scaled, labels: test.labels)

    let bar = ProgressBar("user's network", total: test.count, enabled: !json)
    let result = try ForumRun.run(
      user, images: raw, labels: test.labels, steps: Self.steps, dt: Self.dt, batchSize: batch.batchSize,
      progress: { bar.update($0) })
    let converted = try MNISTPipeline.convert(ann, train: train, calibration: Self.calibration)
    let fixedBar = ProgressBar("fixed network ", total: test.count, enabled: !json)
    let fixed = try SpikingEvaluation.evaluate(
      converted, inputs: scaled, labels: test.labels, steps: Self.steps, dt: Self.dt, batchSize: batch.batchSize,
      threads: Parallel.availableCores, seed: 0, progress: { fixedBar.update($0) })
    let seconds = Date().timeIntervalSince(start)

    if json {
      try Output.json(
        ForumResult(
          images: test.count, steps: Self.steps, dt: Self.dt, annAccuracy: annAccuracy,
          userReadoutAccuracy: result.userReadout, spikeCountAccuracy: result.spikeCount,
          fixedAccuracy: fixed.accuracy, userOutputSpikesPerImage: result.spikesPerImage, weights: weightsURL.path,
          seconds: seconds, written: saved.written))
      return try saved.finish()
    }
    print("First \(test.count) MNIST test images, \(Self.steps) steps of 1 ms each; weights \(weightsURL.path)")
    let rows: [(String, Double)] = [
      ("ANN (pixels / 255)", annAccuracy),
      ("user's network, argmax(sum(probe > 0)) of a Lowpass(0.1) probe", result.userReadout),
      ("fix 1: the same spikes, argmax of spike counts", result.spikeCount),
      ("fix 2: inputs in [0, 1], Converter defaults, spike counts", fixed.accuracy),
    ]
    let width = rows.map(\.0.count).max() ?? 0
    for (name, accuracy) in rows {
      print("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(format: "%.4f", accuracy))
    }
    print("The user's network fires \(String(format: "%.1f", result.spikesPerImage)) output spikes per image.")
    print(
      "Why: `snn diagnose` on the network written by --export, or README.md, \"Why the Nengo forum network gave 0.45\"."
    )
    if !saved.written.isEmpty { print("wrote: " + saved.written.joined(separator: ", ")) }
    print(String(format: "%.1f s", seconds))
    try saved.finish()
  }

  /// `--weights`, else the shared fixture under `$SWIFTSNN_FIXTURES`.
  func locateWeights() throws -> URL {
    if let weights { return URL(fileURLWithPath: weights) }
    guard let fixtures = ProcessInfo.processInfo.environment["SWIFTSNN_FIXTURES"], !fixtures.isEmpty else {
      throw ValidationError(
        "no --weights given and $SWIFTSNN_FIXTURES is not set (it should hold \(Self.fixtureWeights))")
    }
    let url = URL(fileURLWithPath: fixtures).appendingPathComponent(Self.fixtureWeights)
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw ValidationError("no --weights given and \(url.path) does not exist")
    }
    return url
  }

  /// Runs the command; a failure prints one line `nengo-forum: <problem>` on standard error.
  /// `nengo-forum _read-weights FILE OUT` is the child that loads `--weights` (see
  /// `IsolatedWeights`).
  static func main() {
    ReadWeightsCommand.runIfRequested()
    runReportingOneLineErrors(tool: "nengo-forum")
  }
}

/// What `nengo-forum --json` prints (snake_case keys).
struct ForumResult: Encodable {
  var images: Int
  var steps: Int
  /// Time step, in seconds.
  var dt: Double
  var annAccuracy: Double
  var userReadoutAccuracy: Double
  var spikeCountAccuracy: Double
  var fixedAccuracy: Double
  var userOutputSpikesPerImage: Double
  var weights: String
  var seconds: Double
  /// The files `--export` wrote.
  var written: [String]
}
