import Foundation
import SwiftSNN

/// Runs one converted network on fixed images and measures time, work and memory.
struct BenchRunner {
  let inputs: Matrix
  let labels: [UInt8]
  let steps: Int
  let batchSize: Int
  let seed: UInt64
  /// Time step, in seconds.
  let dt: Double

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

    /// The figures as `snn bench --json` lists them.
    var summary: Summary {
      Summary(
        label: label, path: path.rawValue, instructionSet: instructions.description, threads: threads,
        images: images, steps: steps, seconds: seconds, imagesPerSecond: imagesPerSecond, accuracy: accuracy,
        synapticOperations: synapticOperations, synapticOpsPerSecond: operationsPerSecond, peakMib: peakMiB ?? -1)
    }

    /// The figures of a scaling run at parameter `value`, per image and per image-step.
    func scalingEntry(_ value: Double) -> ScalingEntry {
      let imageSteps = Double(images * steps)
      return ScalingEntry(
        value: value, secondsPerImage: seconds / Double(images),
        microsecondsPerImageStep: seconds / imageSteps * 1e6,
        synapticOpsPerImageStep: Double(synapticOperations) / imageSteps, peakMib: peakMiB ?? -1)
    }
  }

  /// One configuration in `snn bench --json` (snake_case keys).
  struct Summary: Encodable {
    let label: String
    let path: String
    let instructionSet: String
    let threads: Int
    let images: Int
    let steps: Int
    let seconds: Double
    let imagesPerSecond: Double
    let accuracy: Double
    let synapticOperations: Int
    let synapticOpsPerSecond: Double
    /// Peak resident memory in MiB, -1 when unknown.
    let peakMib: Double
  }

  /// One scaling run in `snn bench --json` (snake_case keys).
  struct ScalingEntry: Encodable {
    /// The parameter's value (hidden width, steps or batch size).
    let value: Double
    let secondsPerImage: Double
    let microsecondsPerImageStep: Double
    let synapticOpsPerImageStep: Double
    /// Peak resident memory in MiB, -1 when unknown.
    let peakMib: Double

    /// The columns of the text table, in order.
    var cells: [String] {
      [value, secondsPerImage, microsecondsPerImageStep, synapticOpsPerImageStep, peakMib].map {
        String(format: "%.4g", $0)
      }
    }
    /// The table's header.
    static let header = [
      "value", "seconds_per_image", "microseconds_per_image_step", "synaptic_ops_per_image_step", "peak_mib",
    ]
  }

  /// The first `n` images only.
  func prefix(_ n: Int) -> BenchRunner {
    let count = min(n, inputs.rows)
    let x =
      (try? Matrix(rows: count, cols: inputs.cols, values: Array(inputs.values[0..<(count * inputs.cols)])))
      ?? inputs
    return BenchRunner(
      inputs: x, labels: Array(labels[0..<count]), steps: steps, batchSize: batchSize, seed: seed, dt: dt)
  }

  func with(steps: Int) -> BenchRunner {
    BenchRunner(inputs: inputs, labels: labels, steps: steps, batchSize: batchSize, seed: seed, dt: dt)
  }

  func with(batchSize: Int) -> BenchRunner {
    BenchRunner(inputs: inputs, labels: labels, steps: steps, batchSize: batchSize, seed: seed, dt: dt)
  }

  /// Runs `converted` over all images with `path` and `instructions` on `threads` threads
  /// in `precision`.
  func measure(
    _ converted: ConvertedNetwork, label: String, path: PathChoice, instructions: InstructionSet, threads: Int,
    precision: Precision
  ) throws -> Measurement {
    Memory.resetPeak()
    // Every configuration starts without OpenBLAS's threads spinning from an earlier GEMM
    // (nothing else runs BLAS meanwhile).
    let options = EngineOptions(
      path: path, instructionSet: instructions, precision: precision, stopsIdleBLASThreads: true)
    let start = Date()
    let result = try SpikingEvaluation.evaluate(
      converted, inputs: inputs, labels: labels, steps: steps, dt: dt, batchSize: batchSize, threads: threads,
      seed: seed, options: options)
    let seconds = Date().timeIntervalSince(start)
    return Measurement(
      label: label, path: path, instructions: min(instructions, .best), threads: threads, images: inputs.rows,
      steps: steps,
      seconds: seconds,
      accuracy: result.accuracy, synapticOperations: result.synapticOperations, peakMiB: Memory.peakMiB(),
      predictions: result.predictions)
  }
}
