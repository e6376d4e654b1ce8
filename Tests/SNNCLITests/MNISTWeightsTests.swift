import Foundation
import XCTest
import _SNNTestSupport

/// `snn mnist --weights FILE --epochs 0` runs the SNN from every weights format Keras users
/// have, without training.
final class MNISTWeightsTests: XCTestCase {
  func testEveryKerasFormat_RunsTheSNNWithoutTraining() throws {
    guard let dir = TestPaths.kerasFixture, FileManager.default.fileExists(atPath: dir.path) else {
      throw unavailable("Keras fixture not found")
    }
    guard TestPaths.mnistDirectory != nil else { throw unavailable("MNIST not found") }
    var accuracies: Set<String> = []
    for file in ["model_weights.h5", "model_weights_fixedlen_attrs.h5", "model.weights.h5", "model.keras", "weights.npz"] {
      let r = try BuiltTool.run(
        "snn",
        ["mnist", "--weights", dir.appendingPathComponent(file).path, "--epochs", "0", "--test-limit", "20",
         "--steps", "30", "--calibration", "100", "--json"])
      XCTAssertEqual(r.status, 0, "\(file): \(r.stderr)")
      let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], file)
      let ann = try XCTUnwrap(object["ann"] as? [String: Any], file)
      let snn = try XCTUnwrap(object["snn"] as? [String: Any], file)
      XCTAssertEqual(ann["train_seconds"] as? Double, 0, file)
      XCTAssertEqual(snn["images"] as? Int, 20, file)
      accuracies.insert("\(ann["test_accuracy"] ?? "") \(snn["test_accuracy"] ?? "")")
    }
    // The same weights in five containers: the same ANN and SNN results.
    XCTAssertEqual(accuracies.count, 1, "\(accuracies)")
  }
}
