import Foundation
import SNNCore
import SNNLearning
import XCTest

/// `Dense` and `Sequential`: construction, shape validation and inference against values
/// worked out by hand.
final class ANNSequentialTests: XCTestCase {
  /// 2 inputs -> 3 ReLU units (with bias) -> 2 softmax units (no bias).
  private func smallModel() throws -> Sequential {
    let hidden = try Dense(
      kernel: Matrix([[1, -1, 0.5], [2, 1, -1]]), bias: [0, 0.5, -0.25], activation: .relu)
    let output = try Dense(kernel: Matrix([[1, 0], [0, 1], [2, -1]]), activation: .softmax)
    return try Sequential(layers: [hidden, output])
  }

  // MARK: - Construction

  func testDenseInit_BiasLengthDiffersFromUnits_Throws() {
    XCTAssertThrowsError(
      try Dense(kernel: Matrix(rows: 3, cols: 2), bias: [0, 0, 0], activation: .relu)
    ) {
      XCTAssertTrue(String(describing: $0).contains("bias has 3 values"), "\($0)")
    }
  }

  func testDenseInit_EmptyKernel_Throws() {
    XCTAssertThrowsError(try Dense(kernel: Matrix(rows: 0, cols: 4), activation: .linear))
    XCTAssertThrowsError(try Dense(kernel: Matrix(rows: 4, cols: 0), activation: .linear))
  }

  func testSequentialInit_SizesDoNotChain_ThrowsNamingLayer() throws {
    let a = try Dense(kernel: Matrix(rows: 4, cols: 3), activation: .relu)
    let b = try Dense(kernel: Matrix(rows: 5, cols: 2), activation: .softmax)
    XCTAssertThrowsError(try Sequential(layers: [a, b])) { error in
      XCTAssertEqual(
        String(describing: error), "Sequential: layer 1 expects 5 inputs but layer 0 has 3 units")
    }
  }

  func testSequentialInit_NoLayers_Throws() {
    XCTAssertThrowsError(try Sequential(layers: []))
  }

  func testMNIST_DefaultModel_HasKerasShapesAndGlorotLimits() throws {
    let model = try Sequential.mnist(seed: 1)
    XCTAssertEqual(model.layers.map(\.kernel.shapeDescription), ["(784, 128)", "(128, 10)"])
    XCTAssertEqual(model.layers.map(\.activation), [.relu, .softmax])
    XCTAssertTrue(model.layers.allSatisfy { $0.bias == nil })
    XCTAssertEqual(model.parameterCount, 784 * 128 + 128 * 10)
    for (layer, fanSum) in zip(model.layers, [784.0 + 128, 128.0 + 10]) {
      let limit = Float((6 / fanSum).squareRoot())
      let values = layer.kernel.values
      XCTAssertLessThanOrEqual(values.map(abs).max() ?? 0, limit)
      // Uniform on [-limit, limit): mean 0, variance limit^2 / 3.
      let n = Double(values.count)
      let mean = values.reduce(0.0) { $0 + Double($1) } / n
      let variance = values.reduce(0.0) { $0 + Double($1) * Double($1) } / n - mean * mean
      let expected = Double(limit * limit) / 3
      XCTAssertEqual(mean, 0, accuracy: 4 * (expected / n).squareRoot())
      XCTAssertEqual(variance, expected, accuracy: 0.05 * expected)
    }
    XCTAssertEqual(try Sequential.mnist(seed: 1), model)
    XCTAssertNotEqual(try Sequential.mnist(seed: 2), model)
    XCTAssertThrowsError(try Sequential.mnist(hidden: 0, seed: 1))
  }

  func testGlorotUniform_WithBias_StartsWithZeroBias() throws {
    let model = try Sequential.glorotUniform(
      sizes: [5, 4, 3], hiddenActivation: .linear, outputActivation: .linear, useBias: true, seed: 3
    )
    XCTAssertEqual(model.layers.map { $0.bias ?? [] }, [[0, 0, 0, 0], [0, 0, 0]])
    XCTAssertEqual(model.layers.map(\.activation), [.linear, .linear])
    XCTAssertThrowsError(try Sequential.glorotUniform(sizes: [5], seed: 3))
  }

  // MARK: - Inference

  func testForward_SmallNetwork_MatchesHandComputedValues() throws {
    // x = (1, 2): hidden z = (1*1 + 2*2, -1 + 2 + 0.5, 0.5 - 2 - 0.25) = (5, 1.5, -1.75),
    // ReLU -> (5, 1.5, 0); logits = (5, 1.5); softmax = (1, e^-3.5) / (1 + e^-3.5).
    let model = try smallModel()
    let x = try Matrix([[1, 2]])
    let activations = try model.activations(x)
    XCTAssertEqual(activations[0].values, [5, 1.5, 0])
    XCTAssertEqual(activations[1].values, [5, 1.5])
    let p = try model.forward(x).values
    let expected = Float(1 / (1 + exp(-3.5)))
    XCTAssertEqual(p[0], expected, accuracy: 1e-6)
    XCTAssertEqual(p[1], 1 - expected, accuracy: 1e-6)
    XCTAssertEqual(try model.predict(x), [0])
  }

  func testForward_WrongInputWidth_Throws() throws {
    let model = try smallModel()
    XCTAssertThrowsError(try model.forward(Matrix(rows: 1, cols: 3))) {
      XCTAssertEqual(
        String(describing: $0),
        "Sequential: input (1, 3) must have 2 columns, the inputs of layer 1 (kernel (2, 3))")
    }
    XCTAssertThrowsError(try model.activations(Matrix(rows: 1, cols: 3)))
    XCTAssertThrowsError(try model.predict(Matrix(rows: 1, cols: 1)))
  }

  func testForward_MoreRowsThanOneChunk_MatchesRowByRow() throws {
    let model = try Sequential.glorotUniform(sizes: [6, 5, 4], useBias: true, seed: 9)
    var rng = SplitMix64(seed: 5)
    let rows = Sequential.inferenceChunkRows * 2 + 37
    var x = Matrix(rows: rows, cols: 6)
    for i in x.values.indices { x.values[i] = rng.nextUnitFloat() }
    let all = try model.forward(x)
    let hidden = try model.activations(x)[0]
    XCTAssertEqual(all.rows, rows)
    for r in [0, 1, Sequential.inferenceChunkRows - 1, Sequential.inferenceChunkRows, rows - 1] {
      let single = try Matrix(rows: 1, cols: 6, values: x.row(r))
      for (u, v) in zip(all.row(r), try model.forward(single).values) {
        XCTAssertEqual(u, v, accuracy: 1e-6)
      }
      for (u, v) in zip(hidden.row(r), try model.activations(single)[0].values) {
        XCTAssertEqual(u, v, accuracy: 1e-6)
      }
    }
  }

  func testPredict_TiedLogits_TakesFirstIndex() throws {
    let model = try Sequential(layers: [Dense(kernel: Matrix([[1, 1, 1]]), activation: .softmax)])
    XCTAssertEqual(try model.predict(Matrix([[2], [0]])), [0, 0])
  }

  func testAccuracy_CountsCorrectRowsAndChecksLabelCount() throws {
    // Identity kernel: the class is the position of the largest input.
    let model = try Sequential(layers: [
      Dense(kernel: Matrix([[1, 0], [0, 1]]), activation: .softmax)
    ])
    let x = try Matrix([[1, 0], [0, 1], [3, 2], [0, 5]])
    XCTAssertEqual(try model.accuracy(x, labels: [0, 1, 1, 7]), 0.5)
    XCTAssertThrowsError(try model.accuracy(x, labels: [0, 1]))
    XCTAssertTrue(try model.accuracy(Matrix(rows: 0, cols: 2), labels: []).isNaN)
  }
}
