import Foundation
import SNNCore

/// Sparse categorical cross-entropy on logits, computed stably.
///
/// For logits `z` of a row and its label `y`, with `m = max_j z_j`:
/// `loss = log(sum_j exp(z_j - m)) - (z_y - m)`, which equals `-log(softmax(z)_y)` but
/// cannot overflow, and whose gradient with respect to `z` is `softmax(z) - onehot(y)`.
/// Sums and logarithms are taken in Double. Labels must already be valid classes.
enum SoftmaxCrossEntropy {
  /// Summed loss and number of correct argmax predictions of a batch.
  static func loss(logits z: Matrix, labels: ArraySlice<UInt8>) -> (lossSum: Double, correct: Int) {
    var lossSum = 0.0
    var correct = 0
    for (r, label) in zip(0..<z.rows, labels) {
      let row = analyse(z, row: r, label: label)
      lossSum += row.loss
      if row.correct { correct += 1 }
    }
    return (lossSum, correct)
  }

  /// Summed loss and number of correct predictions of a batch, and the gradient of
  /// `scale * summed loss` with respect to the logits: `scale * (softmax(z) - onehot(y))`.
  static func lossAndGradient(
    logits z: Matrix, labels: ArraySlice<UInt8>, scale: Float
  ) -> (lossSum: Double, correct: Int, gradient: Matrix) {
    let n = z.cols
    var gradient = Matrix(rows: z.rows, cols: n)
    var lossSum = 0.0
    var correct = 0
    for (r, label) in zip(0..<z.rows, labels) {
      let row = analyse(z, row: r, label: label)
      lossSum += row.loss
      if row.correct { correct += 1 }
      let start = r * n
      let inverse = 1 / row.expSum
      for j in 0..<n {
        let p = Foundation.exp(Double(z.values[start + j] - row.peak)) * inverse
        gradient.values[start + j] = scale * Float(p - (j == Int(label) ? 1 : 0))
      }
    }
    return (lossSum, correct, gradient)
  }

  /// One row's loss, whether its argmax is the label, its maximum logit and
  /// `sum_j exp(z_j - max)`.
  private static func analyse(
    _ z: Matrix, row r: Int, label: UInt8
  ) -> (loss: Double, correct: Bool, peak: Float, expSum: Double) {
    let n = z.cols
    let start = r * n
    let predicted = Sequential.argmax(z.values, row: r, cols: n)
    let peak = z.values[start + predicted]
    var expSum = 0.0
    for j in 0..<n { expSum += Foundation.exp(Double(z.values[start + j] - peak)) }
    let loss = Foundation.log(expSum) - Double(z.values[start + Int(label)] - peak)
    return (loss, predicted == Int(label), peak, expSum)
  }
}
