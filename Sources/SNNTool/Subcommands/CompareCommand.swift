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

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var annOptions: ANNOptions
    @Option(parsing: .unconditional, help: "Use only the first N test images (default: all 10000).")
    var limit: Int?
    @Option(parsing: .unconditional, help: "Images for each Nengo run (its per-image loop is slow).")
    var nengoLimit = 200
    @Option(parsing: .unconditional, help: "Images for the Brian2 run.")
    var brian2Limit = 1000
    @OptionGroup var simulation: SimulationOptions
    @OptionGroup var batch: BatchOptions
    @Option(help: "Comma-separated peers (compare/peer_<name>.py).")
    var peers = ComparePeerRun.defaultPeers.joined(separator: ",")
    @Option(
      help:
        "Python interpreter of the peers (default: $SWIFTSNN_PEERS_PYTHON, else the package's .venv-peers/bin/python).")
    var python: String?
    @Option(help: "Folder of the peer scripts (default: $SWIFTSNN_PEERS_DIR, else the package's compare/).")
    var peerDir: String?
    @Option(help: "Keep the export file at this path (default: a temporary file, removed).")
    var export: String?
    @Option(parsing: .unconditional, help: "Seconds each peer run may take before it is stopped.")
    var timeout = 3600.0
    @Flag(help: "Print the table as a JSON list of rows.")
    var json = false

    func validate() throws {
      if let limit, limit <= 0 { throw ValidationError("--limit must be positive, got \(limit)") }
      guard nengoLimit > 0 else { throw ValidationError("--nengo-limit must be positive, got \(nengoLimit)") }
      guard brian2Limit > 0 else { throw ValidationError("--brian2-limit must be positive, got \(brian2Limit)") }
      guard timeout > 0, timeout <= Self.maxTimeout else {
        throw ValidationError("--timeout must be in (0, \(Int(Self.maxTimeout))] seconds (a week), got \(timeout)")
      }
      guard simulation.seed < 1 << 31 else {
        throw ValidationError("--seed must be below 2^31 (Nengo's seeds), got \(simulation.seed)")
      }
      try FileArguments.requireNonEmpty(["--python": python, "--peer-dir": peerDir, "--export": export])
      try FileArguments.requireWritableFiles(["--export": export])
      _ = try peerNames()
    }

    /// The longest `--timeout`, in seconds: a week.
    static let maxTimeout: Double = 7 * 24 * 3600

    /// The folder of the peer scripts (``PackageLocation``).
    func peerDirectory() throws -> URL {
      guard let dir = PackageLocation.resolve(explicit: peerDir, variable: "SWIFTSNN_PEERS_DIR", relative: "compare")
      else {
        throw ValidationError(
          "cannot find the peer scripts: this snn is not inside the SwiftSNN package; set SWIFTSNN_PEERS_DIR or "
            + "pass --peer-dir")
      }
      return dir
    }

    /// The peers' Python interpreter (``PackageLocation``).
    func pythonExecutable() throws -> URL {
      guard
        let url = PackageLocation.resolve(
          explicit: python, variable: "SWIFTSNN_PEERS_PYTHON", relative: ".venv-peers/bin/python")
      else {
        throw ValidationError(
          "cannot find the peers' Python: this snn is not inside the SwiftSNN package; set SWIFTSNN_PEERS_PYTHON "
            + "or pass --python")
      }
      return url
    }

    /// The peer names of `--peers`, each with a script `peer_<name>.py` in the peer folder.
    /// - Throws: naming an unknown peer and listing the known ones.
    func peerNames() throws -> [String] {
      let names = peers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      guard !names.isEmpty else { throw ValidationError("--peers names no peer") }
      let dir = try peerDirectory()
      let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
      // peer_common.py is the module the peers share, not a peer.
      let known = files.filter { $0.hasPrefix("peer_") && $0.hasSuffix(".py") && $0 != "peer_common.py" }
        .map { String($0.dropFirst(5).dropLast(3)) }.sorted()
      for name in names where !known.contains(name) {
        throw ValidationError(
          "--peers: unknown peer '\(name)'; the peers in \(dir.path) are "
            + (known.isEmpty ? "none (no peer_<name>.py there)" : known.joined(separator: ", ")))
      }
      return names
    }

    func run() throws {
      let threadCount = simulation.threads ?? Parallel.availableCores
      let seed = simulation.seed
      let steps = simulation.stepCount
      let log: (String) -> Void = { if !json { printWarning($0) } }
      let loaded = try annOptions.weights.map { try WeightFiles.load(URL(fileURLWithPath: $0)) }
      if let loaded, let file = annOptions.weights, loaded.layers.count != 2 {
        throw ValidationError(
          "\(file): the peers implement two Dense layers (784-hidden-10); this network is \(WeightFiles.shape(loaded))")
      }
      let (train, test) = try MNISTPipeline.loadData(
        directory: dataOptions.data, testLimit: limit, limitOption: "--limit", log: json ? nil : { print($0) })
      let testX = try MNISTPipeline.images(test, 0..<test.count)
      if annOptions.weights == nil {
        log("training the ANN for \(annOptions.epochsToTrain) epochs (pass --weights to skip)")
      }
      let ann =
        try loaded
        ?? MNISTPipeline.train(
          epochs: annOptions.epochsToTrain, on: train, seed: seed, progress: !json
        ).model

      var options = ConversionOptions()
      options.seed = seed
      options.dt = simulation.timeStep
      let converted = try MNISTPipeline.convert(
        ann, train: train, calibration: annOptions.calibration, options: options)
      let export = try CompareExport.make(
        ann: ann, converted: converted, images: testX, labels: test.labels, steps: steps, dt: options.dt)
      let exportURL: URL
      var removeExport: Int?
      if let path = self.export {
        exportURL = URL(fileURLWithPath: path)
      } else {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("snn-compare-\(UUID().uuidString).npz")
        exportURL = url
        removeExport = InterruptCleanup.shared.add { try? FileManager.default.removeItem(at: url) }
      }
      defer {
        if let removeExport {
          InterruptCleanup.shared.remove(removeExport)
          try? FileManager.default.removeItem(at: exportURL)
        }
      }
      try export.write(to: exportURL)

      let bar = ProgressBar("SwiftSNN", total: test.count, enabled: !json)
      let result = try SpikingEvaluation.evaluate(
        converted, inputs: testX, labels: test.labels, steps: steps, dt: options.dt, batchSize: batch.batchSize,
        threads: threadCount, seed: seed,
        options: EngineOptions(precision: simulation.precision, stopsIdleBLASThreads: true),  // see MNISTCommand
        progress: { bar.update($0) })
      if let warning = MNISTPipeline.silenceWarning(result) { printWarning(warning) }
      var swift = CompareRow(
        framework: "SwiftSNN", version: SNNCommand.configuration.version, configuration: "correct",
        images: result.images, accuracy: result.accuracy, seconds: result.seconds)
      swift.extras = [
        "threads": .number(Double(threadCount)), "steps": .number(Double(steps)), "ties": .number(Double(result.ties)),
        "silent": .number(Double(result.silent)),
      ]

      let runs = ComparePeerRun.plan(
        peers: try peerNames(), limit: test.count, nengoLimit: nengoLimit, brian2Limit: brian2Limit,
        threads: threadCount)
      var subsets: [Int: Double] = [:]
      for images in Set(runs.map(\.images)) where images < result.images {
        let hits = (0..<images).filter { result.predictions[$0] == Int(test.labels[$0]) }.count
        subsets[images] = Double(hits) / Double(images)
      }
      if !subsets.isEmpty {
        swift.extras["subset_accuracy"] = .object(
          Dictionary(uniqueKeysWithValues: subsets.map { ("\($0.key)", JSONValue.number($0.value)) }))
      }

      var rows = [swift]
      var skipped = 0
      let runner = ComparePeerRunner(python: try pythonExecutable(), timeout: timeout)
      let scripts = try peerDirectory()
      for run in runs {
        let label = "\(run.peer) (\(run.configuration), \(run.images) images)"
        log("running \(label) ...")
        do {
          let peer = try runner.run(
            name: run.peer, script: run.script(in: scripts), arguments: run.arguments(data: exportURL, seed: seed))
          var row = peer.row
          row.extras["process_seconds"] = .number(peer.processSeconds)
          rows.append(row)
        } catch {
          skipped += 1
          printWarning("snn compare: skipped \(label): \(error)")
        }
      }

      let table = CompareTable(reference: swift, rows: rows)
      if json {
        print(try table.json())
      } else {
        Output.table(table.cells())
        print("")
        print(
          "SwiftSNN: threads \(threadCount), \(steps) steps, dt \(options.dt) s; "
            + "ties \(result.ties), silent \(result.silent)")
        for (images, accuracy) in subsets.sorted(by: { $0.key < $1.key }) {
          print("SwiftSNN on the first \(images) images: accuracy \(Output.fixed(accuracy, 4))")
        }
        print("correct = the converted network (exported weights); user = the forum user's Nengo network")
        print("wall s: simulation only (peers exclude imports, loading, Nengo's build, Brian2's compilation)")
        print("vs SwiftSNN: seconds per image over SwiftSNN's (2.00x = twice as long per image)")
        if let kept = self.export { print("export: \(kept)") }
      }
      if !runs.isEmpty, skipped == runs.count {
        throw ComparePeerError("every peer run was skipped (see above): nothing to compare SwiftSNN with")
      }
    }
  }
}
