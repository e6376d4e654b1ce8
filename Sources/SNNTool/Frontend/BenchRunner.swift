import Foundation
import SwiftSNN

/// Runs one converted network on fixed images and measures time, work and memory.
struct BenchRunner {
  let inputs: Matrix
  let labels: [UInt8]
  let steps: Int
  let batchSize: Int
  let seed: UInt64

  /// One configuration's figures.
  struct Measurement {
    let label: String
    let path: PathChoice
    /// The vector instructions of the event-driven kernels.
    let instructions: InstructionSet
    let threads: Int
    let images: Int
    let steps: Int
    let seconds: Double
    let accuracy: Double
    let synapticOperations: Int
    let peakMiB: Double?
    let predictions: [Int]

    var imagesPerSecond: Double { Double(images) / seconds }
    var operationsPerSecond: Double { Double(synapticOperations) / seconds }

    var json: [String: Any] {
      [
        "label": label, "path": path.rawValue, "instruction_set": instructions.description, "threads": threads,
        "images": images, "steps": steps,
        "seconds": seconds, "images_per_second": imagesPerSecond, "accuracy": accuracy,
        "synaptic_operations": synapticOperations, "synaptic_ops_per_second": operationsPerSecond,
        "peak_mib": peakMiB ?? -1,
      ]
    }

    func scalingEntry(_ value: Double) -> [String: Any] {
      let imageSteps = Double(images * steps)
      return [
        "value": value, "seconds_per_image": seconds / Double(images),
        "microseconds_per_image_step": seconds / imageSteps * 1e6,
        "synaptic_ops_per_image_step": Double(synapticOperations) / imageSteps, "peak_mib": peakMiB ?? -1,
      ]
    }
  }

  /// The first `n` images only.
  func prefix(_ n: Int) -> BenchRunner {
    let count = min(n, inputs.rows)
    let x = (try? Matrix(rows: count, cols: inputs.cols, values: Array(inputs.values[0..<(count * inputs.cols)])))
      ?? inputs
    return BenchRunner(inputs: x, labels: Array(labels[0..<count]), steps: steps, batchSize: batchSize, seed: seed)
  }

  func with(steps: Int) -> BenchRunner {
    BenchRunner(inputs: inputs, labels: labels, steps: steps, batchSize: batchSize, seed: seed)
  }

  func with(batchSize: Int) -> BenchRunner {
    BenchRunner(inputs: inputs, labels: labels, steps: steps, batchSize: batchSize, seed: seed)
  }

  /// Runs `converted` over all images with `path` on `threads` threads.
  func measure(_ converted: ConvertedNetwork, label: String, path: PathChoice, threads: Int) throws -> Measurement {
    Memory.resetPeak()
    // Every configuration starts without OpenBLAS's threads spinning from an earlier GEMM
    // (nothing else runs BLAS meanwhile).
    GEMM.stopIdleBLASThreads()
    let start = Date()
    let result = try SpikingEvaluation.evaluate(
      converted, inputs: inputs, labels: labels, steps: steps, dt: 0.001, batchSize: batchSize, threads: threads,
      seed: seed, path: path)
    let seconds = Date().timeIntervalSince(start)
    return Measurement(
      label: label, path: path, instructions: InstructionSet.inUse, threads: threads, images: inputs.rows, steps: steps,
      seconds: seconds,
      accuracy: result.accuracy, synapticOperations: result.synapticOperations, peakMiB: Memory.peakMiB(),
      predictions: result.predictions)
  }
}
