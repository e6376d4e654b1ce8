import SNNCore
import SNNModel

/// An ensemble's parameters as the builder computed them (Nengo's `BuiltEnsemble`):
/// what a user inspects to understand the currents their neurons receive.
public struct BuiltEnsemble: Sendable, Equatable {
  /// The ensemble's label.
  public let label: String
  /// The neuron model.
  public let neuronType: NeuronType
  /// Per-neuron gain (dimensionless): every input into `.neurons` is multiplied by it.
  public let gain: [Double]
  /// Per-neuron bias current (dimensionless), added every step.
  public let bias: [Double]
  /// Unit-length encoders, `(nNeurons, dimensions)`.
  public let encoders: Matrix
  /// Radius of the represented space.
  public let radius: Double
  /// The max rates the gains came from (Hz), or nil when gain and bias were explicit.
  public let maxRates: [Double]?
  /// The intercepts the biases came from, or nil when gain and bias were explicit.
  public let intercepts: [Double]?
}

/// Which synaptic path the builder uses for a connection, and why.
public struct ConnectionPath: Sendable, Equatable {
  /// The connection's label.
  public let label: String
  /// The path the kernels take.
  public let path: PathChoice
  /// Why, in words.
  public let reason: String
}

/// The synaptic path for connections: chosen by the builder (`auto`) or forced.
public enum PathChoice: String, Sendable, CaseIterable {
  /// Event-driven for spiking sources, dense otherwise.
  case auto
  /// Only the rows of active inputs are added (spiking sources only).
  case event = "event-driven"
  /// A dense matrix product every step.
  case dense
}
