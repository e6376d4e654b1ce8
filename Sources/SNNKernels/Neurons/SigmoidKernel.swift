import Foundation
import SNNModel

/// Sigmoid's curve: `(1 / tau_ref) / (1 + exp(-J))`, computed in double and rounded once.
struct SigmoidCurve: RateCurve {
  let inverseTauRef: Double

  func rate(_ j: Float) -> Float { Float(rate(Double(j))) }
  func rate(_ j: Double) -> Double { inverseTauRef / (1 + Foundation.exp(-j)) }
}

extension Sigmoid: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? { SigmoidCurve(inverseTauRef: 1 / tauRef) }
}
