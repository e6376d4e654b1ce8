import SNNModel

/// How an ANN is turned into a spiking network.
///
/// Defaults are the users' recipe: Poisson input at up to 1000 Hz, Nengo's LIF
/// (tau_rc 0.02 s, tau_ref 0.002 s, reset to 0), no synapses, spike-count readout, and
/// weights scaled per layer by the 99.9th percentile of the ANN's activations on
/// calibration data (Rueckauer et al. 2017), so that no layer saturates.
public struct ConversionOptions: Sendable, Equatable {
  /// Per-layer weight normalization.
  public enum Normalization: Sendable, Equatable, CustomStringConvertible {
    /// Weights used as trained.
    case none
    /// Divide by the layer's maximum activation on the calibration data (Diehl et al. 2015).
    case max
    /// Divide by this percentile (0-100) of the layer's activations (Rueckauer et al. 2017).
    case percentile(Double)

    /// `none`, `max` or `percentile:99.9`.
    public var description: String {
      switch self {
      case .none: return "none"
      case .max: return "max"
      case .percentile(let p): return "percentile:\(p)"
      }
    }
  }

  /// Maximum input rate, in Hz: a pixel of intensity 1 fires at this rate.
  public var maxInputRate: Double = 1000
  /// Normalization of each layer's weights.
  public var normalization: Normalization = .percentile(99.9)
  /// Hidden and output neuron model (spiking).
  public var neuron: NeuronType = .lif
  /// Input current (dimensionless, threshold 1) a neuron receives at the normalized
  /// activation 1; sets where on its rate curve each layer operates.
  public var currentAtMax: Double = 16
  /// Time step the network is meant for, in seconds (used for the spike heights).
  public var dt: Double = 0.001
  /// Seed of the network (initial voltages, spike streams).
  public var seed: UInt64 = 0

  /// The defaults.
  public init() {}
}
