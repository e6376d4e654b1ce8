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
      throw XCTSkip("MNIST not found (set SWIFTSNN_DATA)")
    }
    let data = try MNISTDataset.load(directory: directory, split: split, limit: limit)
    let x = try Matrix(rows: data.count, cols: data.pixelsPerImage, values: data.scaledPixels(range: 0..<data.count))
    return (x, data.labels)
  }

  /// 5,000 images, 2 epochs, batch 32 (Keras's default batch size), Adam(1e-3). A NumPy
  /// re-implementation of the same recipe reaches 0.895-0.901 on these 1,000 test images
  /// (3 seeds); with 2,000 images it reaches only ~0.79 at batch 128 and ~0.86 at batch 32,
  /// too close to the bar.
  func testTrain_5000TrainingImages_ExceedsEightyFivePercentOn1000TestImages() throws {
    let trainSubset = try load(.train, limit: 5000)
    let test1000 = try load(.test, limit: 1000)
    var model = try Sequential.mnist(seed: 0)
    let before = try model.accuracy(test1000.x, labels: test1000.y)
    let history = try train(
      &model, inputs: trainSubset.x, labels: trainSubset.y, options: TrainingOptions(epochs: 2, batchSize: 32, seed: 0),
      validation: (test1000.x, test1000.y))
    let accuracy = try model.accuracy(test1000.x, labels: test1000.y)
    XCTAssertLessThan(before, 0.3, "an untrained model should be near chance")
    XCTAssertGreaterThan(accuracy, 0.85)
    XCTAssertEqual(history.epochs.last?.validationAccuracy, accuracy)
    XCTAssertLessThan(history.epochs[1].loss, history.epochs[0].loss)
  }

  /// The full measurement: 60,000 images, 10 epochs, Adam(1e-3), batch 128, test accuracy
  /// on 10,000 images after every epoch. Prints one line per epoch.
  func testTrain_FullMNIST_Measurement() throws {
    guard ProcessInfo.processInfo.environment["SWIFTSNN_ANN_FULL_MNIST"] == "1" else {
      throw XCTSkip("set SWIFTSNN_ANN_FULL_MNIST=1 to train on all of MNIST")
    }
    let epochs = Int(ProcessInfo.processInfo.environment["SWIFTSNN_ANN_EPOCHS"] ?? "") ?? 10
    let seed = UInt64(ProcessInfo.processInfo.environment["SWIFTSNN_ANN_SEED"] ?? "") ?? 0
    let trainSet = try load(.train, limit: nil)
    let testSet = try load(.test, limit: nil)
    var model = try Sequential.mnist(seed: seed)
    print("BLAS threads: \(GEMM.blasThreads)")
    let history = try train(
      &model, inputs: trainSet.x, labels: trainSet.y, options: TrainingOptions(epochs: epochs, seed: seed),
      validation: (testSet.x, testSet.y))
    for e in history.epochs {
      print(
        String(
          format: "epoch %2d  %.2f s  loss %.4f  acc %.4f  test loss %.4f  test acc %.4f", e.epoch, e.seconds,
          e.loss, e.accuracy, e.validationLoss ?? .nan, e.validationAccuracy ?? .nan))
    }
    print(String(format: "total %.2f s", history.seconds))
    XCTAssertGreaterThan(history.epochs.last?.validationAccuracy ?? 0, 0.97)
  }
}
