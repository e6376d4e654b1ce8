/// Spike events: the (neuron index, output value) pairs a spiking population publishes
/// each step, which event-driven connections consume (`snn_row_add`).
enum Events {
  /// Entries an event buffer must hold past the population size: the C kernels write all
  /// lanes of a vector (16 with AVX-512) before advancing past the spiking ones.
  static let slack = 16
}
