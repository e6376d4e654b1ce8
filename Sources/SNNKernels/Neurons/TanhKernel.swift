import Foundation
import SNNModel

/// Tanh's curve in float32: `(1 / tau_ref) tanh(J)`, computed in double and rounded once.
struct TanhCurve: RateCurve {
  let inverseTauRef: Double

  @inline(__always)
  func rate(_ j: Float) -> Float { Float(inverseTauRef * Foundation.tanh(Double(j))) }
}

extension Tanh: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? { TanhCurve(inverseTauRef: 1 / tauRef) }
}
