import SNNModel

/// RectifiedLinear's curve: `amplitude * max(J, 0)`.
struct RectifiedLinearCurve: RateCurve {
  let amplitude: Double

  func rate(_ j: Float) -> Float { Float(amplitude) * max(j, 0) }
  func rate(_ j: Double) -> Double { amplitude * max(j, 0) }
}

extension RectifiedLinear: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? { RectifiedLinearCurve(amplitude: amplitude) }
}
