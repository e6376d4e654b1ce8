import SNNModel

/// RectifiedLinear's curve in float32: `amplitude * max(J, 0)`.
struct RectifiedLinearCurve: RateCurve {
  let amplitude: Float

  @inline(__always)
  func rate(_ j: Float) -> Float { amplitude * max(j, 0) }
}

extension RectifiedLinear: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? { RectifiedLinearCurve(amplitude: Float(amplitude)) }
}
