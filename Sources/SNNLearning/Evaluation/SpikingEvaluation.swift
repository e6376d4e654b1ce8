import Foundation
import SNNCore
import SNNModel
import SNNSimulator

/// The result of running a converted network on a labelled data set.
public struct EvaluationResult: Sendable {
  /// Examples run.
  public let images: Int
  /// Steps per example.
  public let steps: Int
  /// Fraction classified correctly.
  public let accuracy: Double
  /// Examples whose top spike count was shared by another output neuron.
  public let ties: Int
  /// Examples in which no output neuron spiked.
  public let silent: Int
  /// Predicted label of each example.
  public let predictions: [Int]
  /// Wall-clock seconds of the simulation (building included).
  public let seconds: Double
  /// Synaptic operations performed: event-driven row elements plus dense multiply-adds.
  public let synapticOperations: Int
}

/// Runs a ``ConvertedNetwork`` over a data set in batches: each example is presented for
/// `steps` steps from a fresh state, and classified by its output spike counts.
public enum SpikingEvaluation {
  /// Evaluates `converted` on `inputs` (one example per row) against `labels`.
  /// - Parameters:
  ///   - batchSize: examples simulated together (memory grows with it; results do not
  ///     change with it).
  ///   - seed: seed of the spike streams; example `i` of `inputs` always gets stream `i`.
  ///   - progress: called after each batch with the examples done so far.
  public static func evaluate(
    _ converted: ConvertedNetwork, inputs: Matrix, labels: [UInt8], steps: Int, dt: Double, batchSize: Int,
    threads: Int, seed: UInt64, path: PathChoice = .auto, progress: ((Int) -> Void)? = nil
  ) throws -> EvaluationResult {
    guard inputs.rows == labels.count else {
      throw ConversionError("\(inputs.rows) inputs but \(labels.count) labels")
    }
    guard steps > 0 else { throw ConversionError("steps must be positive, got \(steps)") }
    let start = Date()
    let total = inputs.rows
    let width = inputs.cols
    let batch = max(1, min(batchSize, total))
    let outputs = converted.network.ensembles[converted.layers[converted.layers.count - 1].index].nNeurons
    var sim = try Simulator(converted.network, dt: dt, batchSize: batch, seed: seed, threads: threads, path: path)
    var predictions = [Int](repeating: 0, count: total)
    var correct = 0
    var ties = 0
    var silent = 0
    var ops = 0
    var done = 0
    while done < total {
      let count = min(batch, total - done)
      if count != sim.batchSize {
        sim = try Simulator(converted.network, dt: dt, batchSize: count, seed: seed, threads: threads, path: path)
      }
      let slice = Array(inputs.values[(done * width)..<((done + count) * width)])
      try sim.setInput(converted.input, Matrix(rows: count, cols: width, values: slice))
      sim.reset(exampleIDs: (0..<count).map { UInt64(done + $0) })
      let c = sim.run(steps: steps)
      ops += c.synapticOperations + c.denseOperations
      let sums = sim.data(converted.outputCounts).values
      for b in 0..<count {
        let row = sums[(b * outputs)..<((b + 1) * outputs)]
        let (label, tied) = Readout.classify(row)
        predictions[done + b] = label
        if tied { ties += 1 }
        if row.allSatisfy({ $0 == 0 }) { silent += 1 }
        if label == Int(labels[done + b]) { correct += 1 }
      }
      done += count
      progress?(done)
    }
    return EvaluationResult(
      images: total, steps: steps, accuracy: Double(correct) / Double(max(total, 1)), ties: ties, silent: silent,
      predictions: predictions, seconds: Date().timeIntervalSince(start), synapticOperations: ops)
  }
}
