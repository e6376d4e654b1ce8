import Foundation
import SNNModel

/// Tanh's curve: `(1 / tau_ref) tanh(J)`, computed in double and rounded once.
struct TanhCurve: RateCurve {
  let inverseTauRef: Double

  func rate(_ j: Float) -> Float { Float(rate(Double(j))) }
  func rate(_ j: Double) -> Double { inverseTauRef * Foundation.tanh(j) }
}

extension Tanh: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? { TanhCurve(inverseTauRef: 1 / tauRef) }
}
