import SNNModel

/// RectifiedLinear's curve: `amplitude * max(J, 0)`.
struct RectifiedLinearCurve: RateCurve {
  let amplitude: Double

  @inline(__always)
  func rate<S: EngineScalar>(_ j: S) -> S { S(amplitude) * max(j, 0) }
}

extension RectifiedLinear: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? { RectifiedLinearCurve(amplitude: amplitude) }
}
