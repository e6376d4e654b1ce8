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
