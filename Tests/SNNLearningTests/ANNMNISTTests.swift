import Foundation
import SNNKernels
import SwiftSNN
import XCTest
import _SNNTestSupport

/// Training on real MNIST: a short run on a subset (always, when the data is present) and
/// the full 60,000-image measurement (only with `SWIFTSNN_ANN_FULL_MNIST=1`, meant for a
/// release build: `swift test -c release --filter ANNMNISTTests`).
final class ANNMNISTTests: XCTestCase {
  /// Pixels scaled to [0, 1] as a `count x 784` matrix, and the labels.
  private func load(_ split: MNISTSplit, limit: Int?) throws -> (x: Matrix, y: [UInt8]) {
    guard let directory = TestPaths.mnistDirectory else {
      throw unavailable("MNIST not found (set SWIFTSNN_DATA)")
    }
    let data = try MNISTDataset.load(directory: directory, split: split, limit: limit)
    let x = try Matrix(
      rows: data.count, cols: data.pixelsPerImage, values: data.scaledPixels(range: 0..<data.count))
    return (x, data.labels)
  }

  /// 10,000 images, one epoch of 79 Adam steps (batch 128, learning rate 3e-3). A NumPy
  /// re-implementation of the same recipe reaches 0.882-0.904 on these 1,000 test images
  /// (4 seeds). The number of steps is kept small because the vectorized Adam update is
  /// slow in debug builds (SIMD types are unspecialized there), about 40 ms per step.
  func testTrain_10000TrainingImages_ExceedsEightyFivePercentOn1000TestImages() throws {
    let trainSubset = try load(.train, limit: 10_000)
    let test1000 = try load(.test, limit: 1000)
    var model = try Sequential.mnist(seed: 0)
    let before = try model.evaluate(test1000.x, labels: test1000.y)
    let history = try train(
      &model, inputs: trainSubset.x, labels: trainSubset.y,
      options: TrainingOptions(epochs: 1, batchSize: 128, learningRate: 3e-3, seed: 0),
      validation: (test1000.x, test1000.y))
    let after = try model.evaluate(test1000.x, labels: test1000.y)
    XCTAssertLessThan(before.accuracy, 0.3, "an untrained model should be near chance")
    XCTAssertGreaterThan(after.accuracy, 0.85)
    XCTAssertLessThan(after.loss, before.loss / 3)
    XCTAssertEqual(history.epochs.last?.validationAccuracy, after.accuracy)
    XCTAssertEqual(try model.accuracy(test1000.x, labels: test1000.y), after.accuracy)
  }

  /// The full measurement: 60,000 images, 10 epochs, Adam(1e-3), batch 128, test accuracy
  /// on 10,000 images after every epoch. Prints one line per epoch. Optional environment:
  /// `SWIFTSNN_ANN_EPOCHS` (default 10), `SWIFTSNN_ANN_SEED` (0), `SWIFTSNN_ANN_BLAS_THREADS`;
  /// see ``GEMM/blasCoreName`` about `OPENBLAS_CORETYPE`.
  func testTrain_FullMNIST_Measurement() throws {
    guard ProcessInfo.processInfo.environment["SWIFTSNN_ANN_FULL_MNIST"] == "1" else {
      throw XCTSkip("set SWIFTSNN_ANN_FULL_MNIST=1 to train on all of MNIST")
    }
    let epochs = Int(ProcessInfo.processInfo.environment["SWIFTSNN_ANN_EPOCHS"] ?? "") ?? 10
    let seed = UInt64(ProcessInfo.processInfo.environment["SWIFTSNN_ANN_SEED"] ?? "") ?? 0
    let trainSet = try load(.train, limit: nil)
    let testSet = try load(.test, limit: nil)
    var model = try Sequential.mnist(seed: seed)
    let previousThreads = GEMM.blasThreads
    defer { GEMM.setBLASThreads(previousThreads) }
    if let threads = Int(ProcessInfo.processInfo.environment["SWIFTSNN_ANN_BLAS_THREADS"] ?? "") {
      GEMM.setBLASThreads(threads)
    }
    print("OpenBLAS core: \(GEMM.blasCoreName), threads: \(GEMM.blasThreads)")
    let history = try train(
      &model, inputs: trainSet.x, labels: trainSet.y,
      options: TrainingOptions(epochs: epochs, seed: seed),
      validation: (testSet.x, testSet.y))
    for e in history.epochs {
      print(
        String(
          format: "epoch %2d  %.2f s  loss %.4f  acc %.4f  test loss %.4f  test acc %.4f", e.epoch,
          e.seconds,
          e.loss, e.accuracy, e.validationLoss ?? .nan, e.validationAccuracy ?? .nan))
    }
    print(String(format: "total %.2f s", history.seconds))
    if epochs >= 5 { XCTAssertGreaterThan(history.epochs.last?.validationAccuracy ?? 0, 0.97) }
  }
}
