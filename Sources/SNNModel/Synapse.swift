/// A linear synaptic filter applied to a connection's signal or a probe (Nengo's
/// `Lowpass` and `Alpha`), discretized with zero-order hold as Nengo does.
///
/// Nengo's `synapse=None` is `nil` wherever a `Synapse?` is taken.
public enum Synapse: Sendable, Equatable, Hashable {
  /// First-order low-pass `1 / (tau s + 1)`; `tau` in seconds.
  case lowpass(Double)
  /// Second-order alpha filter `1 / (tau s + 1)^2`; `tau` in seconds.
  case alpha(Double)

  /// The time constant, in seconds.
  public var tau: Double {
    switch self {
    case .lowpass(let tau), .alpha(let tau): return tau
    }
  }

  /// Nengo's class name and time constant, e.g. `Lowpass(0.005)`.
  public var name: String {
    switch self {
    case .lowpass(let tau): return "Lowpass(\(tau))"
    case .alpha(let tau): return "Alpha(\(tau))"
    }
  }
}
