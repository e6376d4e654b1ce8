import Foundation
import SNNCore

/// The nonlinearity a ``Dense`` layer applies to its pre-activation `z = x W (+ b)`.
///
/// Raw values are the Keras names (`"linear"`, `"relu"`, `"softmax"`), so a Keras model
/// config maps onto this type directly.
public enum Activation: String, Sendable, Hashable, CaseIterable, Codable {
  /// The identity, `a = z` (Keras `"linear"`, also what `activation=None` means).
  case linear
  /// The rectified linear unit, `a = max(z, 0)`.
  case relu
  /// The softmax over each row, `a_j = exp(z_j) / sum_i exp(z_i)`, computed after
  /// subtracting the row maximum so large logits cannot overflow.
  case softmax
}

extension Activation {
  /// Applies the activation in place to a `batch x units` matrix of pre-activations.
  func apply(_ z: inout Matrix) {
    switch self {
    case .linear:
      return
    case .relu:
      for i in z.values.indices where !(z.values[i] > 0) { z.values[i] = 0 }
    case .softmax:
      for r in 0..<z.rows { Activation.softmaxRow(&z.values, start: r * z.cols, count: z.cols) }
    }
  }

  /// Turns the gradient of the loss with respect to this layer's output `a` into the
  /// gradient with respect to its pre-activation `z`, in place.
  ///
  /// Every derivative here can be written with `a` alone: ReLU passes the gradient where
  /// `a > 0` (the subgradient at 0 is 0, as in TensorFlow), and softmax's Jacobian-vector
  /// product is `dz_j = a_j * (g_j - sum_i g_i a_i)`.
  func backpropagate(_ gradient: inout Matrix, output a: Matrix) {
    switch self {
    case .linear:
      return
    case .relu:
      for i in gradient.values.indices where !(a.values[i] > 0) { gradient.values[i] = 0 }
    case .softmax:
      let n = a.cols
      for r in 0..<a.rows {
        let start = r * n
        var dot: Float = 0
        for j in start..<(start + n) { dot += gradient.values[j] * a.values[j] }
        for j in start..<(start + n) {
          gradient.values[j] = a.values[j] * (gradient.values[j] - dot)
        }
      }
    }
  }

  /// Replaces `values[start..<start+count]` by its softmax, shifted by the maximum for
  /// stability; a row containing NaN stays NaN.
  static func softmaxRow(_ values: inout [Float], start: Int, count: Int) {
    guard count > 0 else { return }
    let end = start + count
    var peak = -Float.infinity
    for j in start..<end { peak = max(peak, values[j]) }
    var sum: Float = 0
    for j in start..<end {
      let e = Foundation.exp(values[j] - peak)
      values[j] = e
      sum += e
    }
    let scale = 1 / sum
    for j in start..<end { values[j] *= scale }
  }
}
