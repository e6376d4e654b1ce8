import Foundation
import SwiftSNN

/// Presents MNIST test images to a converted 784-128-10 network again and again, the way
/// `snn mnist` does (one `SpikingEvaluation.evaluate` per pass over the test set, a
/// simulator reused with `reset(exampleIDs:)` between batches), and prints the process's
/// peak resident memory (VmHWM) after every pass, so a leak or a growing buffer shows as
/// a peak that keeps rising.
///
///     memory-soak WEIGHTS.h5 [PASSES] [STEPS] [IMAGES]
///
/// Reads MNIST from `$SWIFTSNN_DATA`; WEIGHTS is any file `KerasWeights.load` reads;
/// PASSES (default 10) passes of IMAGES (default 10,000) test images, STEPS (default 35)
/// steps each.
@main
struct MemorySoak {
  static func main() throws {
    let args = CommandLine.arguments.dropFirst()
    guard let weightsPath = args.first else {
      FileHandle.standardError.write(Data("usage: memory-soak WEIGHTS.h5 [PASSES] [STEPS] [IMAGES]\n".utf8))
      exit(2)
    }
    let numbers = args.dropFirst().compactMap { Int($0) }
    let passes = numbers.count > 0 ? numbers[0] : 10
    let steps = numbers.count > 1 ? numbers[1] : 35
    let images = numbers.count > 2 ? numbers[2] : 10_000

    let dense = try KerasWeights.load(url: URL(fileURLWithPath: weightsPath))
    let ann = try Sequential(
      layers: dense.enumerated().map { i, w in
        try Dense(kernel: w.kernel, bias: w.bias, activation: i == dense.count - 1 ? .softmax : .relu)
      })
    let directory = try MNISTLocator.locate(explicit: nil)
    let train = try MNISTDataset.load(directory: directory, split: .train, limit: 2000)
    let test = try MNISTDataset.load(directory: directory, split: .test, limit: images)
    let calibration = try Matrix(rows: train.count, cols: 784, values: train.scaledPixels(range: 0..<train.count))
    let inputs = try Matrix(rows: test.count, cols: 784, values: test.scaledPixels(range: 0..<test.count))
    let converted = try Converter.convert(ann, calibration: calibration)
    print("before the first pass: peak RSS \(peakMiB()) MiB")
    for pass in 1...max(1, passes) {
      let result = try SpikingEvaluation.evaluate(
        converted, inputs: inputs, labels: test.labels, steps: steps, dt: 0.001, batchSize: 100,
        threads: Parallel.availableCores, seed: 1)
      let presented = pass * test.count
      print("\(presented) presentations: accuracy \(result.accuracy), peak RSS \(peakMiB()) MiB")
    }
  }

  /// The process's peak resident set size (VmHWM in /proc/self/status), in MiB.
  static func peakMiB() -> String {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
      let kB = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return "?" }
    return String(format: "%.1f", kB / 1024)
  }
}
