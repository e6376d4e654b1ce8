import Foundation
import SNNCore
import SNNLearning
import XCTest

/// Cross-entropy evaluation: closed forms, stability on large logits, and data validation.
final class ANNLossTests: XCTestCase {
  /// A one-layer model whose logits are `x` times `scale` (identity kernel).
  private func identityModel(_ n: Int, scale: Float, activation: Activation) throws -> Sequential {
    var kernel = Matrix(rows: n, cols: n)
    for i in 0..<n { kernel[i, i] = scale }
    return try Sequential(layers: [Dense(kernel: kernel, activation: activation)])
  }

  func testEvaluate_SmallLogits_MatchesNegativeLogSoftmax() throws {
    let model = try identityModel(3, scale: 1, activation: .softmax)
    let x = try Matrix([[1, 2, 3], [0, 0, 0]])
    let result = try model.evaluate(x, labels: [2, 2])
    let first = -log(exp(3.0) / (exp(1.0) + exp(2.0) + exp(3.0)))
    let second = log(3.0)
    XCTAssertEqual(result.loss, (first + second) / 2, accuracy: 1e-6)
    XCTAssertEqual(result.accuracy, 0.5)  // row 1's three-way tie predicts class 0
  }

  func testEvaluate_LargeLogits_FiniteAndExact() throws {
    // Logits (1000, 0, -1000): a naive softmax overflows exp(1000); the stable form gives
    // loss 0 for label 0, 1000 for label 1 and 2000 for label 2.
    let model = try identityModel(3, scale: 1000, activation: .softmax)
    let x = try Matrix([[1, 0, -1], [1, 0, -1], [1, 0, -1]])
    let result = try model.evaluate(x, labels: [0, 1, 2])
    XCTAssertEqual(result.loss, (0 + 1000 + 2000) / 3, accuracy: 1e-9)
    let p = try model.forward(x)
    XCTAssertNil(p.nonFiniteSummary())
    XCTAssertEqual(Array(p.values.prefix(3)), [1, 0, 0])
    let gradients = try model.gradients(Matrix([[1, 0, -1]]), labels: [1]).gradients
    XCTAssertNil(gradients[0].kernel.nonFiniteSummary())
    // dL/dz = p - onehot(1) = (1, -1, 0); dL/dW = x^T dL/dz.
    XCTAssertEqual(gradients[0].kernel.values, [1, -1, 0, 0, 0, 0, -1, 1, 0])
  }

  func testEvaluate_LinearOutput_TreatsOutputsAsLogits() throws {
    let softmax = try identityModel(2, scale: 1, activation: .softmax)
    let linear = try identityModel(2, scale: 1, activation: .linear)
    let x = try Matrix([[0.3, -0.2]])
    XCTAssertEqual(
      try softmax.evaluate(x, labels: [1]).loss, try linear.evaluate(x, labels: [1]).loss)
  }

  // MARK: - Validation

  func testEvaluate_LabelOutOfRange_ThrowsNamingExample() throws {
    let model = try identityModel(3, scale: 1, activation: .softmax)
    XCTAssertThrowsError(try model.evaluate(Matrix(rows: 2, cols: 3), labels: [0, 3])) {
      XCTAssertEqual($0 as? TrainingError, .labelOutOfRange(index: 1, label: 3, classes: 3))
    }
  }

  func testEvaluate_ReLUOutput_ThrowsUnsupported() throws {
    let model = try identityModel(3, scale: 1, activation: .relu)
    XCTAssertThrowsError(try model.evaluate(Matrix(rows: 1, cols: 3), labels: [0])) {
      XCTAssertEqual($0 as? TrainingError, .unsupportedOutputActivation(.relu))
    }
  }

  func testEvaluate_BadSizesOrNoRows_Throw() throws {
    let model = try identityModel(3, scale: 1, activation: .softmax)
    XCTAssertThrowsError(try model.evaluate(Matrix(rows: 2, cols: 3), labels: [0]))
    XCTAssertThrowsError(try model.evaluate(Matrix(rows: 1, cols: 2), labels: [0]))
    XCTAssertThrowsError(try model.gradients(Matrix(rows: 0, cols: 3), labels: [])) {
      XCTAssertEqual($0 as? TrainingError, .emptyDataset)
    }
  }
}
