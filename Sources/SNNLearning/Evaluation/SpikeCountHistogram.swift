import SNNModel
import SNNSimulator

/// Accumulates a layer's spike counts per (example, neuron) from summed output probes.
struct SpikeCountHistogram {
  let label: String
  let neurons: Int
  /// Converts a summed output (spike heights `amplitude / dt` added up) to a spike count.
  let spikesPerUnit: Double
  private(set) var counts: [Int: Int] = [:]

  init(layer: EnsembleID, network: Network, dt: Double) {
    let e = network.ensembles[layer.index]
    label = e.label
    neurons = e.nNeurons
    spikesPerUnit = dt / Self.amplitude(e.neuronType ?? network.config.ensemble.neuronType)
  }

  /// Adds a batch of summed outputs.
  mutating func add(_ sums: ProbeData) {
    for value in sums.values {
      // A summed spike output is finite and non-negative; anything else is not a count.
      let spikes = (Double(value) * spikesPerUnit).rounded()
      guard spikes >= 0, spikes < Double(Int32.max) else { continue }
      counts[Int(spikes), default: 0] += 1
    }
  }

  func result(seconds: Double) -> LayerActivity {
    LayerActivity(label: label, neurons: neurons, spikeCounts: counts, seconds: seconds)
  }

  /// The integral of one spike of `type`.
  static func amplitude(_ type: NeuronType) -> Double { type.model.amplitude }

}
