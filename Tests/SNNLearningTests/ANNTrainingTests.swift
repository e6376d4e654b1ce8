import Foundation
import SNNCore
import SNNLearning
import XCTest

/// `train`: optimizer steps against hand-computed updates, determinism, options, errors.
final class ANNTrainingTests: XCTestCase {
  /// One softmax layer, 2 inputs -> 3 classes, with bias.
  private func oneLayer() throws -> Sequential {
    try Sequential(layers: [
      Dense(
        kernel: Matrix([[0.2, -0.4, 0.1], [0.5, 0.3, -0.2]]), bias: [0.1, 0, -0.1],
        activation: .softmax)
    ])
  }

  /// Parameters `[W row-major..., b...]` and the gradient of the cross-entropy of one
  /// example for a softmax layer, in Double: `dz = softmax(xW + b) - onehot(y)`,
  /// `dW = x^T dz`, `db = dz`.
  private func gradient(_ p: [Double], x: [Double], y: Int) -> [Double] {
    let z = (0..<3).map { j in x[0] * p[j] + x[1] * p[3 + j] + p[6 + j] }
    let e = z.map { exp($0) }
    let s = e.reduce(0, +)
    let dz = (0..<3).map { e[$0] / s - ($0 == y ? 1 : 0) }
    return [x[0] * dz[0], x[0] * dz[1], x[0] * dz[2], x[1] * dz[0], x[1] * dz[1], x[1] * dz[2]] + dz
  }

  private func parameters(_ model: Sequential) -> [Double] {
    (model.layers[0].kernel.values + (model.layers[0].bias ?? [])).map(Double.init)
  }

  // MARK: - Optimizers

  func testAdam_TwoStepsOnOneExample_MatchHandComputedUpdates() throws {
    var model = try oneLayer()
    let x: [Double] = [0.5, -1]
    let (lr, beta1, beta2, eps) = (0.01, 0.9, 0.999, 1e-7)
    var p = parameters(model)
    var m = [Double](repeating: 0, count: 9)
    var v = m
    for t in 1...2 {
      let g = gradient(p, x: x, y: 2)
      let alpha = lr * (1 - pow(beta2, Double(t))).squareRoot() / (1 - pow(beta1, Double(t)))
      for i in p.indices {
        m[i] += (g[i] - m[i]) * (1 - beta1)
        v[i] += (g[i] * g[i] - v[i]) * (1 - beta2)
        p[i] -= alpha * m[i] / (v[i].squareRoot() + eps)
      }
      if t == 1 {
        // Adam's first step moves every weight by almost exactly lr against its gradient.
        for (new, old) in zip(p, parameters(model)) {
          XCTAssertEqual(abs(new - old), lr, accuracy: 1e-5)
        }
      }
    }
    let history = try train(
      &model, inputs: Matrix([x.map(Float.init)]), labels: [2],
      options: TrainingOptions(epochs: 2, batchSize: 1, learningRate: Float(lr), shuffle: false))
    XCTAssertEqual(history.epochs.count, 2)
    for (actual, expected) in zip(parameters(model), p) {
      XCTAssertEqual(actual, expected, accuracy: 1e-6)
    }
  }

  func testAdam_FirstStepOnLargerLayers_MatchesFormulaForEveryWeight() throws {
    // 37 x 5 and 5 x 3 kernels plus biases: long enough for the vectorized update path and
    // its remainder. The gradient comes from `gradients` (checked by finite differences).
    var model = try Sequential.glorotUniform(sizes: [37, 5, 3], useBias: true, seed: 12)
    var rng = SplitMix64(seed: 13)
    var x = Matrix(rows: 4, cols: 37)
    for i in x.values.indices { x.values[i] = rng.nextUnitFloat() }
    let labels: [UInt8] = [0, 1, 2, 1]
    let before = model
    let g = try model.gradients(x, labels: labels).gradients
    _ = try train(
      &model, inputs: x, labels: labels,
      options: TrainingOptions(epochs: 1, batchSize: 4, learningRate: 0.01, shuffle: false))
    let alpha = 0.01 * (1 - 0.999).squareRoot() / (1 - 0.9)
    func expected(_ w: Float, _ g: Float) -> Double {
      let (m, v) = (0.1 * Double(g), 0.001 * Double(g) * Double(g))
      return Double(w) - alpha * m / (v.squareRoot() + 1e-7)
    }
    for l in model.layers.indices {
      for (i, w) in model.layers[l].kernel.values.enumerated() {
        let old = before.layers[l].kernel.values[i]
        XCTAssertEqual(
          Double(w), expected(old, g[l].kernel.values[i]), accuracy: 1e-6, "W\(l)[\(i)]")
      }
      for (j, b) in (model.layers[l].bias ?? []).enumerated() {
        let old = before.layers[l].bias?[j] ?? 0
        XCTAssertEqual(Double(b), expected(old, g[l].bias?[j] ?? 0), accuracy: 1e-6, "b\(l)[\(j)]")
      }
    }
  }

  func testSGDWithMomentum_TwoSteps_MatchHandComputedUpdates() throws {
    var model = try oneLayer()
    let x: [Double] = [1, 0.25]
    let (lr, momentum) = (0.1, 0.9)
    var p = parameters(model)
    var u = [Double](repeating: 0, count: 9)
    for _ in 1...2 {
      let g = gradient(p, x: x, y: 0)
      for i in p.indices {
        u[i] = momentum * u[i] - lr * g[i]
        p[i] += u[i]
      }
    }
    _ = try train(
      &model, inputs: Matrix([x.map(Float.init)]), labels: [0],
      options: TrainingOptions(
        epochs: 2, batchSize: 1, learningRate: Float(lr), optimizer: .sgd(momentum: 0.9)))
    for (actual, expected) in zip(parameters(model), p) {
      XCTAssertEqual(actual, expected, accuracy: 1e-6)
    }
  }

  func testSGD_BatchOfTwo_StepsAlongMeanGradient() throws {
    var model = try oneLayer()
    let rows: [[Double]] = [[1, 0], [0, -2]]
    let labels = [1, 2]
    let p = parameters(model)
    let g0 = gradient(p, x: rows[0], y: labels[0])
    let g1 = gradient(p, x: rows[1], y: labels[1])
    let expected = p.indices.map { p[$0] - 0.5 * (g0[$0] + g1[$0]) / 2 }
    let history = try train(
      &model, inputs: Matrix(rows.map { $0.map(Float.init) }), labels: labels.map(UInt8.init),
      options: TrainingOptions(epochs: 1, batchSize: 2, learningRate: 0.5, optimizer: .sgd()))
    for (actual, value) in zip(parameters(model), expected) {
      XCTAssertEqual(actual, value, accuracy: 1e-6)
    }
    XCTAssertEqual(history.epochs[0].epoch, 1)
    XCTAssertGreaterThan(history.epochs[0].loss, 0)
  }

  // MARK: - Determinism, batches, progress

  /// A learnable toy problem: the class is which of 3 features is largest.
  private func toyData(_ n: Int, seed: UInt64) throws -> (Matrix, [UInt8]) {
    var rng = SplitMix64(seed: seed)
    var x = Matrix(rows: n, cols: 3)
    var y = [UInt8]()
    for r in 0..<n {
      for c in 0..<3 { x[r, c] = rng.nextUnitFloat() }
      let row = x.row(r)
      y.append(UInt8(row.firstIndex(of: row.max() ?? 0) ?? 0))
    }
    return (x, y)
  }

  func testTrain_SameSeed_GivesIdenticalWeights() throws {
    let (x, y) = try toyData(300, seed: 1)
    let start = try Sequential.glorotUniform(sizes: [3, 16, 3], useBias: true, seed: 4)
    let options = TrainingOptions(epochs: 3, batchSize: 32, learningRate: 0.01, seed: 7)
    var a = start
    var b = start
    var c = start
    let historyA = try train(&a, inputs: x, labels: y, options: options)
    let historyB = try train(&b, inputs: x, labels: y, options: options)
    var other = options
    other.seed = 8
    _ = try train(&c, inputs: x, labels: y, options: other)
    XCTAssertEqual(a, b)
    XCTAssertEqual(historyA.epochs.map(\.loss), historyB.epochs.map(\.loss))
    XCTAssertNotEqual(a, c, "a different shuffling seed must change the result")
  }

  func testTrain_ToyProblem_LossFallsAndValidationIsReported() throws {
    let (x, y) = try toyData(600, seed: 2)
    let (vx, vy) = try toyData(200, seed: 3)
    var model = try Sequential.glorotUniform(sizes: [3, 16, 3], useBias: true, seed: 5)
    var calls = [TrainingProgress]()
    let history = try train(
      &model, inputs: x, labels: y,
      options: TrainingOptions(epochs: 8, batchSize: 64, learningRate: 0.01),
      validation: (vx, vy), progress: { calls.append($0) })
    XCTAssertEqual(history.epochs.map(\.epoch), Array(1...8))
    // 600 examples in batches of 64: 9 full batches and one of 24.
    XCTAssertEqual(calls.count, 8 * 10)
    XCTAssertEqual(calls.last?.batch, 10)
    XCTAssertEqual(calls.last?.batchesPerEpoch, 10)
    XCTAssertEqual(calls.last?.epochs, 8)
    let first = history.epochs[0]
    let last = history.epochs[7]
    XCTAssertLessThan(last.loss, first.loss * 0.7)
    XCTAssertGreaterThan(last.validationAccuracy ?? 0, 0.9)
    let evaluated = try model.evaluate(vx, labels: vy)
    XCTAssertEqual(last.validationLoss ?? 0, evaluated.loss, accuracy: 1e-12)
    XCTAssertEqual(last.validationAccuracy ?? 0, evaluated.accuracy)
    XCTAssertTrue(history.epochs.allSatisfy { $0.seconds >= 0 && $0.seconds <= history.seconds })
  }

  func testTrain_BatchLargerThanDataset_DoesOneFullBatchStep() throws {
    var big = try oneLayer()
    var exact = try oneLayer()
    let x = try Matrix([[1, 0], [0, 1], [1, 1]])
    let y: [UInt8] = [0, 1, 2]
    _ = try train(
      &big, inputs: x, labels: y,
      options: TrainingOptions(epochs: 1, batchSize: 1000, optimizer: .sgd()))
    _ = try train(
      &exact, inputs: x, labels: y,
      options: TrainingOptions(epochs: 1, batchSize: 3, optimizer: .sgd()))
    XCTAssertEqual(parameters(big), parameters(exact))
  }

  // MARK: - Errors

  func testTrain_InvalidOptions_ThrowNamingOption() throws {
    var model = try oneLayer()
    let x = try Matrix([[1, 0]])
    let cases: [(TrainingOptions, String)] = [
      (TrainingOptions(epochs: -1), "epochs"),
      (TrainingOptions(batchSize: 0), "batchSize"),
      (TrainingOptions(learningRate: .nan), "learningRate"),
      (TrainingOptions(learningRate: 0), "learningRate"),
      (TrainingOptions(optimizer: .adam(beta1: 1)), "beta1"),
      (TrainingOptions(optimizer: .adam(beta2: -0.1)), "beta2"),
      (TrainingOptions(optimizer: .adam(epsilon: 0)), "epsilon"),
      (TrainingOptions(optimizer: .sgd(momentum: 1)), "momentum"),
    ]
    for (options, name) in cases {
      XCTAssertThrowsError(try train(&model, inputs: x, labels: [0], options: options)) { error in
        guard case .invalidOption(let option, _, _)? = error as? TrainingError else {
          return XCTFail("expected invalidOption, got \(error)")
        }
        XCTAssertEqual(option, name)
      }
    }
    XCTAssertEqual(model, try oneLayer(), "a rejected run must not touch the model")
  }

  func testTrain_BadData_Throws() throws {
    var model = try oneLayer()
    let options = TrainingOptions(epochs: 1)
    XCTAssertThrowsError(
      try train(&model, inputs: Matrix([[1, 0]]), labels: [3], options: options)
    ) {
      XCTAssertEqual($0 as? TrainingError, .labelOutOfRange(index: 0, label: 3, classes: 3))
    }
    XCTAssertThrowsError(
      try train(&model, inputs: Matrix([[1, 0, 0]]), labels: [0], options: options))
    XCTAssertThrowsError(
      try train(&model, inputs: Matrix([[1, 0]]), labels: [0, 1], options: options))
    XCTAssertThrowsError(
      try train(
        &model, inputs: Matrix([[1, 0]]), labels: [0], options: options,
        validation: (Matrix([[1, 0]]), [5])))
  }

  func testTrain_DivergingLearningRate_ThrowsNonFiniteLoss() throws {
    var model = try Sequential.glorotUniform(sizes: [3, 8, 3], seed: 1)
    let (x, y) = try toyData(64, seed: 6)
    XCTAssertThrowsError(
      try train(
        &model, inputs: x, labels: y,
        options: TrainingOptions(epochs: 20, batchSize: 8, learningRate: 1e30, optimizer: .sgd()))
    ) { error in
      guard case .nonFiniteLoss? = error as? TrainingError else { return XCTFail("got \(error)") }
    }
  }

  func testTrainingErrors_DescribeTheProblem() {
    XCTAssertEqual(
      TrainingError.labelOutOfRange(index: 4, label: 12, classes: 10).description,
      "training: label 12 of example 4 is not a class of a model with 10 outputs")
    XCTAssertTrue(
      TrainingError.nonFiniteLoss(epoch: 2, batch: 7).description.contains("epoch 2, batch 7"))
  }
}
