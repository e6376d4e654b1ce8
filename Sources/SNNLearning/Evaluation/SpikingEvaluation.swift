import Foundation
import SNNCore
import SNNModel
import SNNSimulator

/// Runs a ``ConvertedNetwork`` over a data set in batches: each example is presented for
/// `steps` steps from a fresh state, and classified by its readout (output spike counts,
/// or the integrated input current of the output layer).
public enum SpikingEvaluation {
  /// Evaluates `converted` on `inputs` (one example per row) against `labels`.
  /// - Parameters:
  ///   - converted: the network and its input node and readout probes.
  ///   - inputs: the examples, one per row, scaled as the ANN's inputs.
  ///   - labels: each example's class.
  ///   - steps: time steps each example is presented for, from a fresh state.
  ///   - dt: the time step, in seconds.
  ///   - batchSize: examples simulated together (memory grows with it; results do not
  ///     change with it).
  ///   - threads: worker threads.
  ///   - seed: seed of the spike streams; example `i` of `inputs` always gets stream `i`.
  ///   - path: force the event-driven or dense synaptic path.
  ///   - record: what to record besides the predictions: the accuracy after every step
  ///     (from the same simulation) and the layers' spike counts.
  ///   - progress: called after each batch with the examples done so far.
  /// - Throws: ``ConversionError`` for mismatched inputs and labels or no steps;
  ///   `BuildError` / `ModelError` when the network does not build.
  public static func evaluate(
    _ converted: ConvertedNetwork, inputs: Matrix, labels: [UInt8], steps: Int, dt: Double, batchSize: Int,
    threads: Int, seed: UInt64, path: SynapticPathChoice = .auto, record: EvaluationRecording = [],
    progress: ((Int) -> Void)? = nil
  ) throws -> EvaluationResult {
    try evaluate(
      converted, inputs: inputs, labels: labels, steps: steps, dt: dt, batchSize: batchSize, threads: threads,
      seed: seed, options: EngineOptions(path: path), record: record, progress: progress)
  }

  /// Evaluates `converted` as above, with the engine run as `options` say (synaptic path,
  /// instruction set, OpenBLAS's idle threads).
  public static func evaluate(
    _ converted: ConvertedNetwork, inputs: Matrix, labels: [UInt8], steps: Int, dt: Double, batchSize: Int,
    threads: Int, seed: UInt64, options: EngineOptions, record: EvaluationRecording = [],
    progress: ((Int) -> Void)? = nil
  ) throws -> EvaluationResult {
    guard inputs.rows == labels.count else {
      throw ConversionError("\(inputs.rows) inputs but \(labels.count) labels")
    }
    guard steps > 0 else { throw ConversionError("steps must be positive, got \(steps)") }
    let start = Date()
    let total = inputs.rows
    let batch = max(1, min(batchSize, total))
    let outputs = converted.network.ensembles[converted.output.index].nNeurons
    let probes = try RecordingProbes(converted, record: record)
    let sim = try Simulator(probes.network, dt: dt, batchSize: batch, seed: seed, threads: threads, options: options)
    var predictions = [Int](repeating: 0, count: total)
    var curve = AccuracyCurve(steps: record.contains(.curve) ? steps : 0, outputs: outputs)
    var activity = probes.layers.map { SpikeCountHistogram(layer: $0, network: probes.network, dt: dt) }
    var correct = 0
    var ties = 0
    var silent = 0
    try sim.forEachBatch(inputs, into: converted.input, steps: steps) { examples in
      let readout = sim.data(converted.readout).values
      let spikes = sim.data(converted.outputCounts).values
      for (b, example) in examples.enumerated() {
        let (label, tied) = Readout.classify(readout[(b * outputs)..<((b + 1) * outputs)])
        predictions[example] = label
        if tied { ties += 1 }
        if spikes[(b * outputs)..<((b + 1) * outputs)].allSatisfy({ $0 == 0 }) { silent += 1 }
        if label == Int(labels[example]) { correct += 1 }
      }
      if let trace = probes.trace { curve.add(sim.data(trace), labels: labels[examples]) }
      for (k, probe) in probes.counts.enumerated() { activity[k].add(sim.data(probe)) }
      progress?(examples.upperBound)
    }
    let ops = sim.counters.synapticOperations + sim.counters.denseOperations
    return EvaluationResult(
      images: total, steps: steps, accuracy: Double(correct) / Double(max(total, 1)), ties: ties, silent: silent,
      predictions: predictions, seconds: Date().timeIntervalSince(start), synapticOperations: ops,
      accuracyAtStep: curve.accuracies(examples: total),
      layerActivity: activity.map { $0.result(seconds: Double(steps) * dt) })
  }
}

/// The converted network plus the probes an evaluation records besides the readout.
private struct RecordingProbes {
  var network: Network
  /// Every step of the readout signal (curve).
  var trace: ProbeID?
  /// The layers whose spike counts are recorded, and their summed-output probes.
  var layers: [EnsembleID] = []
  var counts: [ProbeID] = []

  init(_ converted: ConvertedNetwork, record: EvaluationRecording) throws {
    network = converted.network
    if record.contains(.curve) {
      trace = try network.probe(
        .neurons(converted.output), attribute: converted.readoutAttribute, mode: .everyStep, label: "readout_trace")
    }
    if record.contains(.rates) {
      layers = converted.layers
      counts = try layers.map { try network.probe(.neurons($0), mode: .sum, label: "counts_\($0.index)") }
    }
  }
}
