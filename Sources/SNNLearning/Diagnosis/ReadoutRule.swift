import SNNModel

/// How a network's output is turned into a class for each example.
public enum ReadoutRule: Sendable, Equatable {
  /// The output neuron with the most spikes (the unfiltered output summed over the run).
  case spikeCount
  /// The neuron with the most steps at which `probe` is positive: the readout Nengo users
  /// write as `np.argmax(np.sum(sim.data[probe] > 0, axis=0))`. On a filtered probe it
  /// counts the steps since a neuron's first spike, not its spikes.
  case positiveSteps(probe: ProbeID)

  /// The stable name used in network files and JSON: `spike_count` or
  /// `probe_positive_steps`.
  public var name: String {
    switch self {
    case .spikeCount: return "spike_count"
    case .positiveSteps: return "probe_positive_steps"
    }
  }
}
