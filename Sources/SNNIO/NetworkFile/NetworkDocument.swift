import SNNModel

/// A network as stored in a network file: the ``/SNNModel/Network`` itself plus free-form metadata
/// that tells tools how to run it.
///
/// Metadata keys used by SwiftSNN's tools (all values are strings):
///
/// | key | meaning |
/// |---|---|
/// | `input_node` | label of the node that takes one example's input |
/// | `input_scale` | the input node's value for a white pixel: `"255"` (raw pixels) or `"1"` ([0, 1]) |
/// | `output_ensemble` | label of the ensemble whose neurons give the answer |
/// | `readout` | `"spike_count"`, `"probe_positive_steps"` (steps with probe > 0), `"probe_sum"`, `"membrane"` |
/// | `readout_probe` | label of the probe the readout reads |
/// | `dt` | time step, in seconds (`snn run` uses it when `--dt` is not given) |
/// | `steps` | steps per example (`snn run` uses it when `--steps` is not given) |
/// | `max_rate` | input firing rate at an input of 1, in Hz |
///
/// See `docs/network-format.md` for the file format.
public struct NetworkDocument: Sendable, Equatable {
  /// The network.
  public var network: Network
  /// Free-form string metadata (see the table above); empty when the file has none.
  public var metadata: [String: String]

  /// Creates a document.
  public init(network: Network, metadata: [String: String] = [:]) {
    self.network = network
    self.metadata = metadata
  }
}
