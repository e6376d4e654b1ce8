import ArgumentParser
import Foundation
import SwiftSNN

extension SNNCommand {
  /// `snn compare`: the converted MNIST network in SwiftSNN and in other SNN frameworks
  /// (the Python peers in `compare/`), on the same weights, images, encoding, steps and
  /// readout, side by side.
  struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run the converted MNIST network in SwiftSNN and in other SNN frameworks, and compare.",
      discussion: """
        Converts the ANN (--weights, or trains one), exports the converted network and the test \
        images to an .npz file, runs SwiftSNN and each peer script compare/peer_<name>.py with the \
        peers' Python (scripts/setup-peers.sh), and prints one table. Nengo runs twice on a subset: \
        as the forum user configured it ("user") and correctly ("correct"). A peer that is missing \
        or fails is skipped with a message.
        """)

    @Option(help: "MNIST directory (IDX files, .gz or raw); default $SWIFTSNN_DATA, then the user cache.")
    var data: String?
    @Option(help: "Load ANN weights instead of training (.h5 Keras 2/3, .keras, .npz).")
    var weights: String?
    @Option(help: "Training epochs when no --weights are given.")
    var epochs = 10
    @Option(help: "Use only the first N test images (default: all).")
    var limit: Int?
    @Option(help: "Images for each Nengo run (its per-image loop is slow).")
    var nengoLimit = 200
    @Option(help: "Images for the Brian2 run.")
    var brian2Limit = 1000
    @Option(help: "Simulation steps per test image.")
    var steps = 350
    @Option(help: "Training images used to calibrate the weight normalization.")
    var calibration = 2000
    @Option(help: "Comma-separated peers (compare/peer_<name>.py).")
    var peers = ComparePeerRun.defaultPeers.joined(separator: ",")
    @Option(help: "Python interpreter of the peers.")
    var python = ".venv-peers/bin/python"
    @Option(help: "Folder of the peer scripts.")
    var peerDir = "compare"
    @Option(help: "Keep the export file at this path (default: a temporary file, removed).")
    var export: String?
    @Option(help: "Seconds each peer run may take before it is stopped.")
    var timeout = 3600.0
    @Option(help: "Seed for training, conversion and spikes (peers get it too).")
    var seed: UInt64 = 0
    @Option(help: "Worker threads of SwiftSNN, and of the numpy and snntorch peers (default: all cores).")
    var threads: Int?
    @Flag(help: "Print the table as a JSON list of rows.")
    var json = false

    func validate() throws {
      guard steps > 0, steps <= 1_000_000 else { throw ValidationError("--steps must be in 1...1000000, got \(steps)") }
      guard epochs >= 1, epochs <= 1000 else { throw ValidationError("--epochs must be in 1...1000, got \(epochs)") }
      if let limit, limit <= 0 { throw ValidationError("--limit must be positive, got \(limit)") }
      guard nengoLimit > 0 else { throw ValidationError("--nengo-limit must be positive, got \(nengoLimit)") }
      guard brian2Limit > 0 else { throw ValidationError("--brian2-limit must be positive, got \(brian2Limit)") }
      guard calibration > 0, calibration <= 60_000 else { throw ValidationError("--calibration must be in 1...60000") }
      guard timeout > 0, timeout <= Self.maxTimeout else {
        throw ValidationError("--timeout must be in (0, \(Int(Self.maxTimeout))] seconds (a week), got \(timeout)")
      }
      if let threads, threads <= 0 || threads > 1024 { throw ValidationError("--threads must be in 1...1024") }
      guard seed < 1 << 31 else { throw ValidationError("--seed must be below 2^31 (Nengo's seeds), got \(seed)") }
      try PathOptions.requireNonEmpty([
        "--data": data, "--weights": weights, "--python": python, "--peer-dir": peerDir, "--export": export,
      ])
      _ = try peerNames()
    }

    /// The longest `--timeout`, in seconds: a week.
    static let maxTimeout: Double = 7 * 24 * 3600

    /// The peer names of `--peers`, checked.
    func peerNames() throws -> [String] {
      let names = peers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      for name in names where !name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) {
        throw ValidationError("--peers: '\(name)' is not a peer name (lower-case letters, digits, _)")
      }
      return names
    }

    func run() throws {
      let threadCount = threads ?? Parallel.availableCores
      let log: (String) -> Void = { if !json { FileHandle.standardError.write(Data("\($0)\n".utf8)) } }
      let dir = try MNISTLocator.locate(explicit: data, log: json ? nil : { print($0) })
      let train = try MNISTDataset.load(directory: dir, split: .train)
      let test = try MNISTDataset.load(directory: dir, split: .test, limit: limit)
      let testX = try Matrix(
        rows: test.count, cols: test.pixelsPerImage, values: test.scaledPixels(range: 0..<test.count))
      let ann = try loadOrTrain(train, log: log)

      var options = ConversionOptions()
      options.seed = seed
      let n = min(calibration, train.count)
      let calib = try Matrix(rows: n, cols: train.pixelsPerImage, values: train.scaledPixels(range: 0..<n))
      let converted = try Converter.convert(ann, calibration: calib, options: options)
      let export = try CompareExport.make(
        ann: ann, converted: converted, images: testX, labels: test.labels, steps: steps, dt: options.dt)
      let exportURL: URL
      if let path = self.export {
        exportURL = URL(fileURLWithPath: path)
      } else {
        exportURL = FileManager.default.temporaryDirectory
          .appendingPathComponent("snn-compare-\(UUID().uuidString).npz")
      }
      try export.write(to: exportURL)
      defer { if self.export == nil { try? FileManager.default.removeItem(at: exportURL) } }

      let bar = ProgressBar("SwiftSNN", total: test.count, enabled: !json)
      GEMM.stopIdleBLASThreads()  // no BLAS call runs now; see MNISTCommand
      let result = try SpikingEvaluation.evaluate(
        converted, inputs: testX, labels: test.labels, steps: steps, dt: options.dt, batchSize: 1000,
        threads: threadCount, seed: seed, progress: { bar.update($0) })
      var swift = CompareRow(
        framework: "SwiftSNN", version: SNNCommand.configuration.version, configuration: "correct",
        images: result.images, accuracy: result.accuracy, seconds: result.seconds)
      swift.extras = ["threads": threadCount, "steps": steps, "ties": result.ties, "silent": result.silent]

      let runs = ComparePeerRun.plan(
        peers: try peerNames(), limit: test.count, nengoLimit: nengoLimit, brian2Limit: brian2Limit,
        threads: threadCount)
      var subsets: [String: Double] = [:]
      for images in Set(runs.map(\.images)) where images < result.images {
        let hits = (0..<images).filter { result.predictions[$0] == Int(test.labels[$0]) }.count
        subsets["\(images)"] = Double(hits) / Double(images)
      }
      if !subsets.isEmpty { swift.extras["subset_accuracy"] = subsets }

      var rows = [swift]
      var skipped: [String] = []
      let runner = ComparePeerRunner(python: URL(fileURLWithPath: python), timeout: timeout)
      let scripts = URL(fileURLWithPath: peerDir)
      for run in runs {
        let label = "\(run.peer) (\(run.configuration), \(run.images) images)"
        log("running \(label) ...")
        do {
          let peer = try runner.run(
            name: run.peer, script: run.script(in: scripts), arguments: run.arguments(data: exportURL, seed: seed))
          var row = peer.row
          row.extras["process_seconds"] = peer.processSeconds
          rows.append(row)
        } catch {
          skipped.append("\(label): \(error)")
          FileHandle.standardError.write(Data("snn compare: skipped \(label): \(error)\n".utf8))
        }
      }

      let table = CompareTable(reference: swift, rows: rows)
      if json {
        print(try table.json())
        return
      }
      print("")
      Output.table(table.cells())
      print("")
      print(
        "SwiftSNN: threads \(threadCount), \(steps) steps, dt \(options.dt) s; "
          + "ties \(result.ties), silent \(result.silent)")
      for (images, accuracy) in subsets.sorted(by: { Int($0.key) ?? 0 < Int($1.key) ?? 0 }) {
        print("SwiftSNN on the first \(images) images: accuracy \(Output.fixed(accuracy, 4))")
      }
      print("correct = the converted network (exported weights); user = the forum user's Nengo network")
      print("wall s: simulation only (peers exclude imports, loading, Nengo's build, Brian2's compilation)")
      print("vs SwiftSNN: seconds per image over SwiftSNN's (2.00x = twice as long per image)")
      if let kept = self.export { print("export: \(kept)") }
      for line in skipped { print("skipped \(line)") }
    }

    /// The ANN: loaded from `--weights`, or trained on `train` for `--epochs`.
    private func loadOrTrain(_ train: MNISTDataset, log: (String) -> Void) throws -> Sequential {
      if let weights { return try WeightFiles.load(URL(fileURLWithPath: weights)) }
      log("training the ANN for \(epochs) epochs (pass --weights to skip)")
      let trainX = try Matrix(
        rows: train.count, cols: train.pixelsPerImage, values: train.scaledPixels(range: 0..<train.count))
      var ann = try Sequential.mnist(hidden: 128, seed: seed)
      let bar = ProgressBar("train", total: epochs, enabled: !json)
      _ = try SwiftSNN.train(
        &ann, inputs: trainX, labels: train.labels, options: TrainingOptions(epochs: epochs, seed: seed),
        progress: { p in if p.batch + 1 == p.batchesPerEpoch { bar.update(p.epoch + 1) } })
      return ann
    }
  }
}
