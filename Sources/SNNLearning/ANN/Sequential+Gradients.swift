import SNNCore
import SNNKernels

/// The gradient of a loss with respect to one ``Dense`` layer's parameters, in the
/// layer's own layout.
public struct DenseGradient: Sendable, Hashable {
  /// `dLoss/dKernel`, `inputSize x outputSize`.
  public let kernel: Matrix
  /// `dLoss/dBias`, or nil when the layer has no bias.
  public let bias: [Float]?
}

extension Sequential {
  /// Mean sparse categorical cross-entropy and accuracy over a dataset, like Keras's
  /// `model.evaluate` (computed in chunks of ``inferenceChunkRows`` rows).
  ///
  /// The loss is computed from the last layer's logits (before softmax), so it is finite
  /// and exact even when a probability underflows.
  /// - Parameters:
  ///   - x: `batch x inputSize`.
  ///   - labels: one class in `0..<outputSize` per row.
  /// - Throws: ``TrainingError`` when sizes disagree, there is no row, a label is out of
  ///   range, or the last layer is neither softmax nor linear.
  public func evaluate(_ x: Matrix, labels: [UInt8]) throws(TrainingError) -> (
    loss: Double, accuracy: Double
  ) {
    try checkLabeledData(x, labels: labels)
    var lossSum = 0.0
    var correct = 0
    do {
      try forEachChunk(of: x, applyOutputSoftmax: false) { range, outputs in
        let result = SoftmaxCrossEntropy.loss(
          logits: outputs[outputs.count - 1], labels: labels[range])
        lossSum += result.lossSum
        correct += result.correct
      }
    } catch {
      throw .shape(error)
    }
    return (lossSum / Double(x.rows), Double(correct) / Double(x.rows))
  }

  /// The mean cross-entropy loss over a batch and its gradient with respect to every
  /// layer's parameters (backpropagation, products through `GEMM`).
  ///
  /// For layer `l` with input `a_{l-1}` and pre-activation gradient `delta_l`:
  /// `dW_l = a_{l-1}^T delta_l`, `db_l = sum over rows of delta_l`, and
  /// `delta_{l-1} = (delta_l W_l^T) * activation'`; the output layer starts from
  /// `delta = (softmax(z) - onehot(y)) / batch`.
  /// - Returns: the mean loss and one gradient per layer.
  /// - Throws: ``TrainingError``, as ``evaluate(_:labels:)``.
  public func gradients(_ x: Matrix, labels: [UInt8]) throws(TrainingError) -> (
    loss: Double, gradients: [DenseGradient]
  ) {
    try checkLabeledData(x, labels: labels)
    let result = try backpropagate(x, labels: labels[...])
    return (result.lossSum / Double(x.rows), result.gradients)
  }

  // MARK: - Internals shared with training

  /// Throws unless `x` and `labels` fit the model and the model ends in logits.
  func checkLabeledData(_ x: Matrix, labels: [UInt8]) throws(TrainingError) {
    let output = layers[layers.count - 1].activation
    guard output == .softmax || output == .linear else {
      throw .unsupportedOutputActivation(output)
    }
    do { try checkInput(x) } catch { throw .shape(error) }
    guard labels.count == x.rows else {
      throw .shape(ShapeError("training: \(labels.count) labels for \(x.rows) inputs"))
    }
    guard x.rows > 0 else { throw .emptyDataset }
    if let index = labels.firstIndex(where: { Int($0) >= outputSize }) {
      throw .labelOutOfRange(index: index, label: labels[index], classes: outputSize)
    }
  }

  /// Forward and backward pass over one batch of already validated data.
  func backpropagate(
    _ x: Matrix, labels: ArraySlice<UInt8>
  ) throws(TrainingError) -> (lossSum: Double, correct: Int, gradients: [DenseGradient]) {
    do {
      let outputs = try layerOutputs(x, applyOutputSoftmax: false)
      let loss = SoftmaxCrossEntropy.lossAndGradient(
        logits: outputs[outputs.count - 1], labels: labels, scale: 1 / Float(x.rows))
      var delta = loss.gradient
      var gradients = [DenseGradient]()
      for l in layers.indices.reversed() {
        let input = l == 0 ? x : outputs[l - 1]
        let kernel = try GEMM.product(input, transposeA: true, delta)
        let bias = layers[l].bias.map { _ in Sequential.columnSums(delta) }
        gradients.append(DenseGradient(kernel: kernel, bias: bias))
        if l > 0 {
          var upstream = try GEMM.product(delta, layers[l].kernel, transposeB: true)
          layers[l - 1].activation.backpropagate(&upstream, output: outputs[l - 1])
          delta = upstream
        }
      }
      return (loss.lossSum, loss.correct, gradients.reversed())
    } catch {
      throw .shape(error)
    }
  }

  /// The sum of each column of `m`.
  static func columnSums(_ m: Matrix) -> [Float] {
    var sums = [Float](repeating: 0, count: m.cols)
    for r in 0..<m.rows {
      let start = r * m.cols
      for j in 0..<m.cols { sums[j] += m.values[start + j] }
    }
    return sums
  }
}
