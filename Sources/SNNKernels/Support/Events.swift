/// Spike events: the (neuron index, output value) pairs a spiking population publishes
/// each step, which event-driven connections consume (``RowAdd``).
enum Events {
  /// Entries an event buffer must hold past the population size: the C kernels write all
  /// eight lanes of a block before advancing past the spiking ones.
  static let slack = 8
}
