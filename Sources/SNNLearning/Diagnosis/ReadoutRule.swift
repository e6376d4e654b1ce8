import SNNModel

/// How a network's output is turned into a class for each example.
public enum ReadoutRule: Sendable, Equatable {
  /// The output neuron with the most spikes (the unfiltered output summed over the run).
  case spikeCount
  /// The neuron with the most steps at which `probe` is positive: the readout Nengo users
  /// write as `np.argmax(np.sum(sim.data[probe] > 0, axis=0))`. On a filtered probe it
  /// counts the steps since a neuron's first spike, not its spikes.
  case positiveSteps(probe: ProbeID)
  /// The neuron with the largest value of `probe` summed over the run, e.g. the output
  /// layer's input current for a membrane readout.
  case probeSum(probe: ProbeID)

  /// The stable name used in JSON: `spike_count`, `probe_positive_steps` or `probe_sum`.
  public var name: String {
    switch self {
    case .spikeCount: return "spike_count"
    case .positiveSteps: return "probe_positive_steps"
    case .probeSum: return "probe_sum"
    }
  }

  /// The probe the rule reads, if any.
  public var probe: ProbeID? {
    switch self {
    case .spikeCount: return nil
    case .positiveSteps(let p), .probeSum(let p): return p
    }
  }
}
