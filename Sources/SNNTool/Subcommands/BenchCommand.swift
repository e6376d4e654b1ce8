import ArgumentParser
import Foundation
import SwiftSNN

extension SNNCommand {
  /// `snn bench`: the same converted network on the same images, event-driven vs dense,
  /// one thread vs all, side by side in one process; optionally how cost grows.
  struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Time the event-driven and dense synaptic paths, 1 thread and all threads, side by side.")

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var annOptions: ANNOptions
    @Option(parsing: .unconditional, help: "Test images per configuration, 1-10000.")
    var images = 2000
    @OptionGroup var simulation: SimulationOptions
    @OptionGroup var batch: BatchOptions
    @Flag(help: "Also measure how cost grows with hidden width, steps and batch size.")
    var scaling = false
    @Option(parsing: .unconditional, help: "Images per configuration of the scaling runs, 1-10000.")
    var scalingImages = 300
    @Option(
      name: .customLong("repeat"), parsing: .unconditional,
      help: "Rounds, 1-100: every configuration runs this many times, interleaved, and its fastest run counts.")
    var rounds = 1
    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    func validate() throws {
      guard images > 0, images <= 10_000 else { throw ValidationError("--images must be in 1-10000, got \(images)") }
      guard scalingImages > 0, scalingImages <= 10_000 else {
        throw ValidationError("--scaling-images must be in 1-10000, got \(scalingImages)")
      }
      guard rounds > 0, rounds <= 100 else { throw ValidationError("--repeat must be in 1-100, got \(rounds)") }
    }

    func run() throws {
      let all = simulation.threads ?? Parallel.availableCores
      let seed = simulation.seed
      let steps = simulation.stepCount
      let batchSize = batch.batchSize
      let loaded = try annOptions.weights.map { try WeightFiles.load(URL(fileURLWithPath: $0)) }
      let (train, test) = try MNISTPipeline.loadData(
        directory: dataOptions.data, testLimit: images, limitOption: "--images", log: json ? nil : { print($0) })
      let x = try MNISTPipeline.images(test, 0..<test.count)
      let calibrationImages = try MNISTPipeline.images(train, 0..<min(annOptions.calibration, train.count))
      let ann =
        try loaded
        ?? MNISTPipeline.train(
          epochs: annOptions.epochsToTrain, on: train, seed: seed, progress: !json
        ).model
      let converted = try Converter.convert(ann, calibration: calibrationImages)
      let runner = BenchRunner(
        inputs: x, labels: test.labels, steps: steps, batchSize: batchSize, seed: seed, dt: simulation.timeStep)

      // The configurations: both paths on 1 and all threads, then the event-driven kernels on
      // each slower instruction set this CPU has, one thread (what the vector code is worth).
      let best = InstructionSet.best
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
          let m = try runner.measure(
            converted, label: c.label, path: c.path, instructions: c.instructions, threads: c.threads,
            precision: simulation.precision)
          if let previous = rows[k], previous.predictions != m.predictions {
            throw ValidationError("\(c.label): round \(round) predicted differently from round 1")
          }
          if rows[k].map({ m.seconds < $0.seconds }) ?? true { rows[k] = m }
        }
      }
      let measured = rows.compactMap { $0 }
      let event = measured.first { $0.path == .event && $0.threads == all && $0.instructions == best } ?? measured[0]
      let dense = measured.first { $0.path == .dense && $0.threads == all } ?? measured[measured.count - 1]
      let baseline = measured.first { $0.path == .dense && $0.threads == 1 } ?? dense
      let agreement = zip(event.predictions, dense.predictions).filter { $0 == $1 }.count
      let sameEverywhere = measured.filter { $0.path == .event }.allSatisfy { $0.predictions == event.predictions }

      let growth =
        try scaling
        ? scalingRuns(runner: runner, trained: converted, calibration: calibrationImages, threads: all) : nil
      if json {
        try Output.json(
          BenchResult(
            images: test.count, steps: steps, batchSize: batchSize, threads: all, eventDriven: event.summary,
            dense: dense.summary, runs: measured.map(\.summary), rounds: rounds,
            eventVsDenseSpeedup: dense.seconds / event.seconds, samePredictions: agreement,
            instructionSet: best.description, samePredictionsEveryRun: sameEverywhere, scaling: growth))
        return
      }
      print(
        "\(test.count) test images x \(steps) steps, batch \(batchSize), "
          + "\(ProcessInfo.processInfo.activeProcessorCount) cores, "
          + "\(best) kernels")
      Output.table(
        [
          [
            "path, threads", "seconds", "images/s", "synaptic ops/s", "peak MiB", "accuracy",
            "speedup vs dense 1 thread",
          ]
        ]
          + measured.map { r in
            [
              r.label, Output.fixed(r.seconds, 2), Output.fixed(r.imagesPerSecond, 0),
              String(format: "%.2e", r.operationsPerSecond), r.peakMiB.map { Output.fixed($0, 0) } ?? "?",
              Output.fixed(r.accuracy, 4), Output.fixed(baseline.seconds / r.seconds, 1) + "x",
            ]
          })
      print(
        "event-driven vs dense (\(all) threads): \(Output.fixed(dense.seconds / event.seconds, 1))x faster; "
          + "same prediction on \(agreement) of \(test.count) images")
      print(
        "event-driven runs (every thread count and instruction set): "
          + (sameEverywhere ? "the same predictions" : "DIFFERENT predictions"))
      print("synaptic ops: event-driven counts row elements added (spikes x width); dense counts multiply-adds")
      if let growth {
        for (name, entries) in [
          ("batch_size", growth.batchSize), ("hidden_width", growth.hiddenWidth), ("steps", growth.steps),
        ] {
          print("\ncost vs \(name) (event-driven, \(all) threads):")
          Output.table([BenchRunner.ScalingEntry.header] + entries.map(\.cells))
        }
      }
    }

    /// Event-driven cost as hidden width, steps and batch size grow.
    private func scalingRuns(runner: BenchRunner, trained: ConvertedNetwork, calibration: Matrix, threads: Int) throws
      -> BenchResult.Scaling
    {
      let seed = simulation.seed
      let small = runner.prefix(scalingImages)
      var width: [BenchRunner.ScalingEntry] = []
      for hidden in [128, 512, 2048] {
        // Random weights, normalized like trained ones: the percentile scaling puts every
        // layer at the same operating point, so firing rates are matched across widths.
        let ann = try Sequential.glorotUniform(
          sizes: [784, hidden, 10], hiddenActivation: .relu, outputActivation: .softmax, useBias: false,
          seed: seed &+ UInt64(hidden))
        let net = try Converter.convert(ann, calibration: calibration)
        width.append(
          try small.measure(
            net, label: "width \(hidden)", path: .event, instructions: .best, threads: threads,
            precision: simulation.precision
          ).scalingEntry(Double(hidden)))
      }
      var stepRows: [BenchRunner.ScalingEntry] = []
      for s in [50, 350, 1000] {
        stepRows.append(
          try small.with(steps: s).measure(
            trained, label: "steps \(s)", path: .event, instructions: .best, threads: threads,
            precision: simulation.precision
          ).scalingEntry(Double(s)))
      }
      var batchRows: [BenchRunner.ScalingEntry] = []
      for b in [1, 16, 256, 1000] {
        batchRows.append(
          try small.with(batchSize: b).measure(
            trained, label: "batch \(b)", path: .event, instructions: .best, threads: threads,
            precision: simulation.precision
          ).scalingEntry(Double(b)))
      }
      return BenchResult.Scaling(hiddenWidth: width, steps: stepRows, batchSize: batchRows)
    }
  }
}

/// What `snn bench --json` prints (snake_case keys).
struct BenchResult: Encodable {
  /// How event-driven cost grows (`--scaling`).
  struct Scaling: Encodable {
    let hiddenWidth: [BenchRunner.ScalingEntry]
    let steps: [BenchRunner.ScalingEntry]
    let batchSize: [BenchRunner.ScalingEntry]
  }

  let images: Int
  let steps: Int
  let batchSize: Int
  let threads: Int
  /// The event-driven run on all threads with the best instruction set.
  let eventDriven: BenchRunner.Summary
  /// The dense run on all threads.
  let dense: BenchRunner.Summary
  let runs: [BenchRunner.Summary]
  let rounds: Int
  let eventVsDenseSpeedup: Double
  /// Images on which the event-driven and dense runs predicted the same class.
  let samePredictions: Int
  let instructionSet: String
  /// Whether every event-driven run (thread counts, instruction sets) predicted alike.
  let samePredictionsEveryRun: Bool
  let scaling: Scaling?
}
