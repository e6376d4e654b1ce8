import SNNModel

/// Nengo's `SpikingRectifiedLinear` is RegularSpiking over `max(J, 0)`: the
/// ``RatesToSpikesKernel`` (rule `regular`) on a rectified linear curve of amplitude 1.
extension SpikingRectifiedLinear: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? {
    RatesToSpikesKernel(rule: .regular, base: RectifiedLinearCurve(amplitude: 1), amplitude: amplitude)
  }
}
