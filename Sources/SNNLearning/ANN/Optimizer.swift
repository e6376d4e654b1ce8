import Foundation
import SNNKernels

/// How ``train(_:inputs:labels:options:validation:progress:)`` turns gradients into weight
/// updates, with Keras 3's formulas and defaults.
public enum Optimizer: Sendable, Hashable {
  /// Adam (Kingma & Ba 2015) as Keras implements it. At step `t` (from 1), for each
  /// parameter `w` with gradient `g` and learning rate `lr`:
  /// `m += (g - m)(1 - beta1)`, `v += (g^2 - v)(1 - beta2)`,
  /// `w -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)`
  /// (the bias correction is folded into the step size, so `epsilon` is not corrected).
  case adam(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7)
  /// Stochastic gradient descent with classical (not Nesterov) momentum, as Keras `SGD`:
  /// `u = momentum * u - lr * g`, `w += u`; with `momentum == 0`, `w -= lr * g`.
  case sgd(momentum: Float = 0)
}

/// The optimizer's per-parameter memory: Adam's moments or SGD's velocity, one buffer per
/// parameter array (kernel and bias of each layer).
struct OptimizerState {
  let optimizer: Optimizer
  let learningRate: Float
  /// Updates done so far (Keras's `iterations`).
  private(set) var step = 0
  /// Adam's first moments or SGD's velocities, keyed by parameter slot.
  private var first: [[Float]]
  /// Adam's second moments (empty for SGD).
  private var second: [[Float]]

  /// State for the parameters of `model`, all moments zero.
  init(for model: Sequential, optimizer: Optimizer, learningRate: Float) {
    self.optimizer = optimizer
    self.learningRate = learningRate
    var slots = [[Float]]()
    for layer in model.layers {
      slots.append([Float](repeating: 0, count: layer.kernel.values.count))
      slots.append([Float](repeating: 0, count: layer.bias?.count ?? 0))
    }
    first = slots
    if case .adam = optimizer { second = slots } else { second = [] }
  }

  /// Applies one update to every layer of `model` from its gradients (one per layer).
  mutating func update(_ model: inout Sequential, gradients: [DenseGradient]) {
    step += 1
    for l in model.layers.indices {
      update(&model.layers[l].kernel.values, gradient: gradients[l].kernel.values, slot: 2 * l)
      if let biasGradient = gradients[l].bias, model.layers[l].bias != nil {
        var bias = model.layers[l].bias ?? []
        model.layers[l].bias = nil
        update(&bias, gradient: biasGradient, slot: 2 * l + 1)
        model.layers[l].bias = bias
      }
    }
  }

  /// Updates one parameter array in place.
  private mutating func update(_ w: inout [Float], gradient g: [Float], slot: Int) {
    switch optimizer {
    case .adam(let beta1, let beta2, let epsilon):
      let t = Double(step)
      let alpha = Float(
        Double(learningRate) * (1 - pow(Double(beta2), t)).squareRoot()
          / (1 - pow(Double(beta1), t)))
      ParameterUpdate.adam(
        weights: &w, gradient: g, firstMoment: &first[slot], secondMoment: &second[slot],
        alpha: alpha,
        beta1: beta1, beta2: beta2, epsilon: epsilon)
    case .sgd(let momentum):
      ParameterUpdate.sgd(
        weights: &w, gradient: g, velocity: &first[slot], learningRate: learningRate,
        momentum: momentum)
    }
  }
}
