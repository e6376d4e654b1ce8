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

    /// Parses `none`, `max` or `percentile:P` with `0 < P <= 100`; nil for anything else.
    public init?(_ text: String) {
      switch text {
      case "none": self = .none
      case "max": self = .max
      default:
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "percentile", let p = Double(parts[1]), p > 0, p <= 100 else {
          return nil
        }
        self = .percentile(p)
      }
    }

    /// `none`, `max` or `percentile:99.9`.
    public var description: String {
      switch self {
      case .none: return "none"
      case .max: return "max"
      case .percentile(let p): return "percentile:\(p)"
      }
    }
  }

  /// How the input (pixel intensities in [0, 1]) enters the network.
  public enum Encoding: String, Sendable, Equatable, CaseIterable {
    /// A population of `PoissonSpiking(RectifiedLinear)` neurons, one per input: an
    /// intensity x fires Poisson spikes at `x * maxInputRate` Hz.
    case poisson
    /// No input population: the input node drives the first hidden layer through the
    /// first kernel as a constant current (an "analog" first layer, Rueckauer et al. 2017).
    case current
    /// A population of `RegularSpiking(RectifiedLinear)` neurons: the same rates as
    /// `poisson`, but deterministic, evenly spaced spikes.
    case regular
  }

  /// How the class is read from the output layer.
  public enum Readout: String, Sendable, Equatable, CaseIterable {
    /// The output neuron with the most spikes (ties go to the lower label).
    case count
    /// The output neuron with the largest input current integrated over the run (bias
    /// plus every incoming spike times its weight): the membrane potential of a
    /// non-leaky integrator without threshold, i.e. the time integral of the ANN's
    /// logits as the hidden spikes estimate them. No output quantization, no ties.
    case membrane
  }

  /// Maximum input rate, in Hz: a pixel of intensity 1 fires at this rate (Poisson and
  /// regular encodings).
  public var maxInputRate: Double = 1000
  /// Normalization of each layer's weights.
  public var normalization: Normalization = .percentile(99.9)
  /// Hidden and output neuron model: `.lif(...)` (its `reset` chooses reset to zero or by
  /// subtraction) or `.spikingRectifiedLinear()` (IF, reset by subtraction).
  public var neuron: NeuronType = .lif
  /// How the input enters the network.
  public var encoding: Encoding = .poisson
  /// How the class is read out.
  public var readout: Readout = .count
  /// Input current (dimensionless, threshold 1) a neuron receives at the normalized
  /// activation 1; sets where on its rate curve each layer operates. `nil` takes
  /// ``defaultCurrentAtMax(for:dt:)``.
  public var currentAtMax: Double?
  /// Time step the network is meant for, in seconds (used for the spike heights).
  public var dt: Double = 0.001
  /// Seed of the network (initial voltages, spike streams).
  public var seed: UInt64 = 0

  /// The defaults.
  public init() {}

  /// The current at the normalized activation 1 that ``currentAtMax`` = nil stands for:
  /// 16 for LIF (the best of a sweep 2...64 with Poisson input; about 300 Hz, well below
  /// the 500 Hz refractory limit), and `1 / dt` for IF, whose rate in Hz equals its
  /// current: one spike per step at the normalized activation 1.
  public static func defaultCurrentAtMax(for neuron: NeuronType, dt: Double) -> Double {
    if case .spikingRectifiedLinear = neuron { return 1 / dt }
    return 16
  }

  /// The current at the normalized activation 1 these options use.
  public var resolvedCurrentAtMax: Double { currentAtMax ?? Self.defaultCurrentAtMax(for: neuron, dt: dt) }
}
