import Foundation
import SNNModel

/// LIFRate's curve in float32: `amplitude / (tau_ref + tau_rc * log1p(1 / (J - 1)))` for
/// `J > 1`, else 0 (the `log1p` in double).
struct LIFRateCurve: RateCurve {
  let tauRC: Float
  let tauRef: Float
  let amplitude: Float

  @inline(__always)
  func rate(_ j: Float) -> Float {
    let x = j - 1
    guard x > 0 else { return 0 }
    return amplitude / (tauRef + tauRC * Float(Foundation.log1p(1 / Double(x))))
  }
}

extension LIFRate: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? {
    LIFRateCurve(tauRC: Float(parameters.tauRC), tauRef: Float(parameters.tauRef), amplitude: Float(parameters.amplitude))
  }
}
