import Foundation
import SNNModel

/// Sigmoid's curve in float32: `(1 / tau_ref) / (1 + exp(-J))`, computed in double and
/// rounded once.
struct SigmoidCurve: RateCurve {
  let inverseTauRef: Double

  @inline(__always)
  func rate(_ j: Float) -> Float { Float(inverseTauRef / (1 + Foundation.exp(-Double(j)))) }
}

extension Sigmoid: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? { SigmoidCurve(inverseTauRef: 1 / tauRef) }
}
