import ArgumentParser
import Foundation
import SwiftSNN

extension SNNCommand {
  /// `snn bench`: the same converted network on the same images, event-driven vs dense,
  /// one thread vs all, side by side in one process; optionally how cost grows.
  struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Time the event-driven and dense synaptic paths, 1 thread and all threads, side by side.")

    @Option(help: "MNIST directory; default $SWIFTSNN_DATA, then the user cache.")
    var data: String?
    @Option(help: "ANN weights (.h5, .keras, .npz); default: train the ANN first.")
    var weights: String?
    @Option(help: "Training epochs when no weights are given.")
    var epochs = 5
    @Option(help: "Test images per configuration.")
    var images = 2000
    @Option(help: "Simulation steps per image.")
    var steps = 350
    @Option(help: "Images simulated together.")
    var batchSize = 1000
    @Option(help: "Threads for the 'all threads' runs (default: all cores).")
    var threads: Int?
    @Option(help: "Seed for conversion and spikes.")
    var seed: UInt64 = 0
    @Flag(help: "Also measure how cost grows with hidden width, steps and batch size.")
    var scaling = false
    @Option(help: "Images per configuration of the scaling runs.")
    var scalingImages = 300
    @Option(
      name: .customLong("repeat"),
      help: "Rounds: every configuration runs this many times, interleaved, and its fastest run counts.")
    var rounds = 1
    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    func validate() throws {
      guard images > 0, images <= 10_000 else { throw ValidationError("--images must be in 1...10000, got \(images)") }
      guard steps > 0, steps <= 100_000 else { throw ValidationError("--steps must be in 1...100000, got \(steps)") }
      guard batchSize > 0, batchSize <= 100_000 else { throw ValidationError("--batch-size must be in 1...100000") }
      guard scalingImages > 0, scalingImages <= 10_000 else { throw ValidationError("--scaling-images must be in 1...10000") }
      guard epochs > 0, epochs <= 1000 else { throw ValidationError("--epochs must be in 1...1000") }
      guard rounds > 0, rounds <= 100 else { throw ValidationError("--repeat must be in 1...100, got \(rounds)") }
      if let threads, threads <= 0 || threads > 1024 { throw ValidationError("--threads must be in 1...1024") }
      try PathOptions.requireNonEmpty(["--data": data, "--weights": weights])
    }

    func run() throws {
      let all = threads ?? Parallel.availableCores
      let dir = try MNISTLocator.locate(explicit: data, log: json ? nil : { print($0) })
      let train = try MNISTDataset.load(directory: dir, split: .train)
      let test = try MNISTDataset.load(directory: dir, split: .test, limit: images)
      let x = try Matrix(rows: test.count, cols: test.pixelsPerImage, values: test.scaledPixels(range: 0..<test.count))
      let calibration = try Matrix(rows: 2000, cols: train.pixelsPerImage, values: train.scaledPixels(range: 0..<2000))
      let ann: Sequential
      if let weights {
        ann = try WeightFiles.load(URL(fileURLWithPath: weights))
      } else {
        var model = try Sequential.mnist(hidden: 128, seed: seed)
        let trainX = try Matrix(
          rows: train.count, cols: train.pixelsPerImage, values: train.scaledPixels(range: 0..<train.count))
        _ = try SwiftSNN.train(&model, inputs: trainX, labels: train.labels, options: TrainingOptions(epochs: epochs, seed: seed))
        ann = model
      }
      let converted = try Converter.convert(ann, calibration: calibration)
      let runner = BenchRunner(inputs: x, labels: test.labels, steps: steps, batchSize: batchSize, seed: seed)

      // The configurations: both paths on 1 and all threads, then the event-driven kernels on
      // each slower instruction set this CPU has, one thread (what the vector code is worth).
      let best = InstructionSet.inUse
      defer { InstructionSet.inUse = best }
      var configurations: [(label: String, path: PathChoice, threads: Int, instructions: InstructionSet)] = []
      for path in [PathChoice.event, .dense] {
        for t in Array(Set([1, all])).sorted() {
          configurations.append(("\(path.rawValue), \(t) thread\(t == 1 ? "" : "s")", path, t, best))
        }
      }
      for set in InstructionSet.allCases.reversed() where set < best {
        configurations.append(("event-driven (\(set)), 1 thread", .event, 1, set))
      }
      // Rounds interleave the configurations, so that a slow spell of the machine hits them
      // alike; each keeps its fastest run (every run of a configuration must predict alike).
      var rows: [BenchRunner.Measurement?] = Array(repeating: nil, count: configurations.count)
      for round in 1...rounds {
        for (k, c) in configurations.enumerated() {
          if !json {
            FileHandle.standardError.write(Data("bench: round \(round)/\(rounds), \(c.label)...\n".utf8))
          }
          InstructionSet.inUse = c.instructions
          let m = try runner.measure(converted, label: c.label, path: c.path, threads: c.threads)
          if let previous = rows[k], previous.predictions != m.predictions {
            throw ValidationError("\(c.label): round \(round) predicted differently from round 1")
          }
          if rows[k].map({ m.seconds < $0.seconds }) ?? true { rows[k] = m }
        }
      }
      InstructionSet.inUse = best
      let measured = rows.compactMap { $0 }
      let event = measured.first { $0.path == .event && $0.threads == all && $0.instructions == best } ?? measured[0]
      let dense = measured.first { $0.path == .dense && $0.threads == all } ?? measured[measured.count - 1]
      let baseline = measured.first { $0.path == .dense && $0.threads == 1 } ?? dense
      let agreement = zip(event.predictions, dense.predictions).filter { $0 == $1 }.count
      let sameEverywhere = measured.filter { $0.path == .event }.allSatisfy { $0.predictions == event.predictions }

      var growth: [String: [[String: Any]]] = [:]
      if scaling {
        growth = try scalingRuns(runner: runner, trained: converted, calibration: calibration, threads: all)
      }
      if json {
        var object: [String: Any] = [
          "images": test.count, "steps": steps, "batch_size": batchSize, "threads": all,
          "event_driven": event.json, "dense": dense.json, "runs": measured.map(\.json), "rounds": rounds,
          "event_vs_dense_speedup": dense.seconds / event.seconds,
          "same_predictions": agreement, "instruction_set": best.description,
          "same_predictions_every_run": sameEverywhere,
        ]
        if scaling { object["scaling"] = growth }
        try Output.json(object)
        return
      }
      print(
        "\(test.count) test images x \(steps) steps, batch \(batchSize), "
          + "\(ProcessInfo.processInfo.activeProcessorCount) cores, "
          + "\(best) kernels")
      Output.table(
        [["path, threads", "seconds", "images/s", "synaptic ops/s", "peak MiB", "accuracy", "speedup vs dense 1 thread"]]
          + measured.map { r in
            [
              r.label, Output.fixed(r.seconds, 2), Output.fixed(r.imagesPerSecond, 0),
              String(format: "%.2e", r.operationsPerSecond), r.peakMiB.map { Output.fixed($0, 0) } ?? "?",
              Output.fixed(r.accuracy, 4), Output.fixed(baseline.seconds / r.seconds, 1) + "x",
            ]
          })
      print("event-driven vs dense (\(all) threads): \(Output.fixed(dense.seconds / event.seconds, 1))x faster; "
        + "same prediction on \(agreement) of \(test.count) images")
      print(
        "event-driven runs (every thread count and instruction set): "
          + (sameEverywhere ? "the same predictions" : "DIFFERENT predictions"))
      print("synaptic ops: event-driven counts row elements added (spikes x width); dense counts multiply-adds")
      for (name, entries) in growth.sorted(by: { $0.key < $1.key }) {
        print("\ncost vs \(name) (event-driven, \(all) threads):")
        let keys = ["value", "seconds_per_image", "microseconds_per_image_step", "synaptic_ops_per_image_step", "peak_mib"]
        Output.table([keys] + entries.map { e in keys.map { k in (e[k] as? Double).map { String(format: "%.4g", $0) } ?? "\(e[k] ?? "")" } })
      }
    }

    /// Event-driven cost as hidden width, steps and batch size grow.
    private func scalingRuns(runner: BenchRunner, trained: ConvertedNetwork, calibration: Matrix, threads: Int) throws
      -> [String: [[String: Any]]]
    {
      let small = runner.prefix(scalingImages)
      var width: [[String: Any]] = []
      for hidden in [128, 512, 2048] {
        // Random weights, normalized like trained ones: the percentile scaling puts every
        // layer at the same operating point, so firing rates are matched across widths.
        let ann = try Sequential.glorotUniform(
          sizes: [784, hidden, 10], hiddenActivation: .relu, outputActivation: .softmax, useBias: false,
          seed: seed &+ UInt64(hidden))
        let net = try Converter.convert(ann, calibration: calibration)
        width.append(try small.measure(net, label: "width \(hidden)", path: .event, threads: threads).scalingEntry(Double(hidden)))
      }
      var stepRows: [[String: Any]] = []
      for s in [50, 350, 1000] {
        stepRows.append(try small.with(steps: s).measure(trained, label: "steps \(s)", path: .event, threads: threads)
          .scalingEntry(Double(s)))
      }
      var batchRows: [[String: Any]] = []
      for b in [1, 16, 256, 1000] {
        batchRows.append(try small.with(batchSize: b).measure(trained, label: "batch \(b)", path: .event, threads: threads)
          .scalingEntry(Double(b)))
      }
      return ["hidden_width": width, "steps": stepRows, "batch_size": batchRows]
    }
  }
}
