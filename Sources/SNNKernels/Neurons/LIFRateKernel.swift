import Foundation
import SNNModel

/// LIFRate's curve: `amplitude / (tau_ref + tau_rc * log1p(1 / (J - 1)))` for `J > 1`,
/// else 0 (the `log1p` in double, the rest in the engine's precision).
struct LIFRateCurve: RateCurve {
  let tauRC: Double
  let tauRef: Double
  let amplitude: Double

  func rate(_ j: Float) -> Float { value(j) }
  func rate(_ j: Double) -> Double { value(j) }

  @inline(__always)
  private func value<S: EngineScalar>(_ j: S) -> S {
    let x = j - 1
    guard x > 0 else { return 0 }
    return S(amplitude) / (S(tauRef) + S(tauRC) * S(Foundation.log1p(1 / Double(x))))
  }
}

extension LIFRate: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? {
    LIFRateCurve(tauRC: parameters.tauRC, tauRef: parameters.tauRef, amplitude: parameters.amplitude)
  }
}
