import Foundation
import SNNCore
import SNNLearning
import XCTest

/// Backpropagation checked against central finite differences of an independent
/// Double-precision forward pass.
final class ANNGradientTests: XCTestCase {
  /// One layer in Double: kernel `[input][unit]`, optional bias, activation.
  private struct ReferenceLayer {
    var kernel: [[Double]]
    var bias: [Double]?
    var activation: Activation
  }

  private func reference(_ model: Sequential) -> [ReferenceLayer] {
    model.layers.map { layer in
      ReferenceLayer(
        kernel: (0..<layer.inputSize).map { i in layer.kernel.row(i).map(Double.init) },
        bias: layer.bias?.map(Double.init), activation: layer.activation)
    }
  }

  /// Mean cross-entropy of the reference network, and the smallest |pre-activation| of a
  /// ReLU unit (to keep finite differences away from the kink).
  private func referenceLoss(
    _ layers: [ReferenceLayer], _ x: [[Double]], _ labels: [Int]
  ) -> (loss: Double, reluMargin: Double) {
    var total = 0.0
    var margin = Double.infinity
    for (row, label) in zip(x, labels) {
      var a = row
      for (l, layer) in layers.enumerated() {
        let units = layer.kernel[0].count
        var z = (0..<units).map { j in
          zip(a, layer.kernel).reduce(layer.bias?[j] ?? 0) { $0 + $1.0 * $1.1[j] }
        }
        let isLast = l == layers.count - 1
        switch layer.activation {
        case .linear: break
        case .relu:
          margin = min(margin, z.map(abs).min() ?? .infinity)
          z = z.map { max($0, 0) }
        case .softmax where !isLast:
          let e = z.map { exp($0) }
          let s = e.reduce(0, +)
          z = e.map { $0 / s }
        case .softmax: break  // the loss takes the logits
        }
        a = z
      }
      let logSumExp = log(a.map { exp($0) }.reduce(0, +))
      total += logSumExp - a[label]
    }
    return (total / Double(x.count), margin)
  }

  /// Compares `model.gradients` with finite differences for every parameter.
  private func checkGradients(_ model: Sequential, _ name: String) throws {
    var rng = SplitMix64(seed: 11)
    let rows = 5
    var x = Matrix(rows: rows, cols: model.inputSize)
    for i in x.values.indices { x.values[i] = rng.nextUnitFloat() * 2 - 1 }
    let labels = (0..<rows).map { UInt8($0 % model.outputSize) }
    let (loss, gradients) = try model.gradients(x, labels: labels)

    let xs = (0..<rows).map { x.row($0).map(Double.init) }
    let ys = labels.map(Int.init)
    let base = reference(model)
    let (referenceValue, margin) = referenceLoss(base, xs, ys)
    XCTAssertEqual(loss, referenceValue, accuracy: 1e-5, name)
    XCTAssertGreaterThan(margin, 1e-4, "\(name): a ReLU input sits on the kink; pick another seed")

    let h = 1e-6
    func numeric(_ perturb: (inout [ReferenceLayer], Double) -> Void) -> Double {
      var plus = base
      perturb(&plus, h)
      var minus = base
      perturb(&minus, -h)
      return (referenceLoss(plus, xs, ys).loss - referenceLoss(minus, xs, ys).loss) / (2 * h)
    }
    for (l, layer) in model.layers.enumerated() {
      for i in 0..<layer.inputSize {
        for j in 0..<layer.outputSize {
          let expected = numeric { $0[l].kernel[i][j] += $1 }
          let actual = Double(gradients[l].kernel[i, j])
          XCTAssertEqual(
            actual, expected, accuracy: 2e-5 + 1e-3 * abs(expected), "\(name) W\(l)[\(i),\(j)]")
        }
      }
      XCTAssertEqual(gradients[l].bias == nil, layer.bias == nil, name)
      if let bias = gradients[l].bias {
        for j in 0..<layer.outputSize {
          let expected = numeric { layers, d in layers[l].bias?[j] += d }
          XCTAssertEqual(
            Double(bias[j]), expected, accuracy: 2e-5 + 1e-3 * abs(expected), "\(name) b\(l)[\(j)]")
        }
      }
    }
  }

  func testGradients_EveryActivationWithAndWithoutBias_MatchFiniteDifferences() throws {
    for useBias in [false, true] {
      for hidden in Activation.allCases {
        for output in [Activation.softmax, .linear] {
          let model = try Sequential.glorotUniform(
            sizes: [4, 6, 3], hiddenActivation: hidden, outputActivation: output, useBias: useBias,
            seed: 21)
          try checkGradients(
            withRandomBias(model),
            "bias=\(useBias) hidden=\(hidden.rawValue) output=\(output.rawValue)")
        }
      }
    }
  }

  func testGradients_ThreeLayers_MatchFiniteDifferences() throws {
    let model = try Sequential.glorotUniform(sizes: [3, 5, 4, 2], useBias: true, seed: 8)
    try checkGradients(withRandomBias(model), "three layers")
  }

  /// The model with random biases (zero biases would hide a bias gradient bug).
  private func withRandomBias(_ model: Sequential) throws -> Sequential {
    var rng = SplitMix64(seed: 99)
    return try Sequential(
      layers: model.layers.map { layer in
        try Dense(
          kernel: layer.kernel, bias: layer.bias?.map { _ in rng.nextUnitFloat() - 0.5 },
          activation: layer.activation)
      })
  }
}
