import SNNModel

/// Which synaptic path the builder uses for a connection, and why.
public struct ConnectionPath: Sendable, Equatable {
  /// The connection's label.
  public let label: String
  /// The path the kernels take.
  public let path: SynapticPathChoice
  /// Why, in words.
  public let reason: String
}

/// The synaptic path for connections (how a synaptic step adds a spiking source's input):
/// chosen by the builder (`auto`) or forced.
public enum SynapticPathChoice: String, Sendable, CaseIterable {
  /// Event-driven for spiking sources, dense otherwise.
  case auto
  /// Only the rows of active inputs are added (spiking sources only).
  case event = "event-driven"
  /// A dense matrix product every step.
  case dense
}

/// The former name of ``SynapticPathChoice``.
public typealias PathChoice = SynapticPathChoice
