import ArgumentParser
import Foundation
import SwiftSNN

/// The one pipeline of `snn mnist`, `snn compare`, `snn bench` and `nengo-forum`: load
/// MNIST, load or train the ANN, convert it to a spiking network.
package enum MNISTPipeline {
  /// Locates MNIST and loads the training set (its first `trainLimit` images, or all) and
  /// the first `testLimit` test images (or all).
  /// - Parameters:
  ///   - limitOption: the option that set `testLimit`, named when it exceeds the test set.
  ///   - log: where the locator's messages go (nil: nowhere).
  /// - Throws: when the data cannot be found or read, or `testLimit` is above the number
  ///   of test images.
  package static func loadData(
    directory: String?, trainLimit: Int? = nil, testLimit: Int?, limitOption: String,
    log: ((String) -> Void)?
  ) throws -> (train: MNISTDataset, test: MNISTDataset) {
    let dir = try MNISTLocator.locate(explicit: directory, log: log)
    let train = try MNISTDataset.load(directory: dir, split: .train, limit: trainLimit)
    let test = try MNISTDataset.load(directory: dir, split: .test, limit: testLimit)
    if let testLimit, testLimit > test.count {
      throw ValidationError("\(limitOption) \(testLimit) is above the \(test.count) test images of \(dir.path)")
    }
    return (train, test)
  }

  /// Images `range` of `set` as rows of pixels in [0, 1].
  package static func images(_ set: MNISTDataset, _ range: Range<Int>) throws -> Matrix {
    try Matrix(rows: range.count, cols: set.pixelsPerImage, values: set.scaledPixels(range: range))
  }

  /// The 784-128-10 network trained on `train` for `epochs` epochs with `seed`, with a
  /// progress bar on standard error when `progress`, and the training time in seconds.
  /// (`--weights` are loaded before the data, with ``WeightFiles/load(_:)``, so that a bad
  /// file fails at once.)
  static func train(epochs: Int, on train: MNISTDataset, seed: UInt64, progress: Bool) throws
    -> (model: Sequential, seconds: Double)
  {
    var model = try Sequential.mnist(hidden: 128, seed: seed)
    let x = try images(train, 0..<train.count)
    let bar = ProgressBar("train", total: epochs, enabled: progress)
    let history = try SwiftSNN.train(
      &model, inputs: x, labels: train.labels, options: TrainingOptions(epochs: epochs, seed: seed),
      progress: { p in if p.batch == p.batchesPerEpoch { bar.update(p.epoch) } })
    return (model, history.seconds)
  }

  /// `ann` converted with `options`, its normalization calibrated on the first
  /// `calibration` training images.
  package static func convert(
    _ ann: Sequential, train: MNISTDataset, calibration: Int, options: ConversionOptions = ConversionOptions()
  ) throws -> ConvertedNetwork {
    let n = min(calibration, train.count)
    return try Converter.convert(ann, calibration: try images(train, 0..<n), options: options)
  }

  /// A warning when most images ended with no output spike at all (their class is a
  /// guess), else nil.
  static func silenceWarning(_ result: EvaluationResult) -> String? {
    guard result.images > 0, 2 * result.silent > result.images else { return nil }
    return "warning: \(result.silent) of \(result.images) images gave no output spike (each counted as a tie, "
      + "classified 0); the network needs more steps, a higher --max-rate or a larger --current-at-max"
  }
}

/// Prints `line` on standard error.
package func printWarning(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}
