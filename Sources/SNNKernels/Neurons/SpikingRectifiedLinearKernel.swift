import SNNModel

/// Nengo's `SpikingRectifiedLinear` is RegularSpiking over `max(J, 0)`: the
/// ``RegularSpikingKernel`` on a rectified linear curve of amplitude 1.
extension SpikingRectifiedLinear: SteppableNeuronModel {
  package func kernel(dt: Double) -> (any NeuronKernel)? {
    RegularSpikingKernel(base: RectifiedLinearCurve(amplitude: 1), amplitude: amplitude)
  }
}
