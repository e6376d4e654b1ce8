/// Nengo's `Direct`: an ensemble without neurons whose decoded connections compute their
/// function exactly (no decoders, no noise): its value is the sum of its inputs, passed on
/// in the same step, and each connection from it applies its function to that value.
///
/// The builder runs a Direct ensemble as a passthrough node (as Nengo builds it: identity
/// encoders, output = input) and each function of a connection from it as a node function
/// of the value; radius, gains, biases, encoders and eval points play no part. Its
/// `.neurons` cannot be connected or probed.
public struct Direct: NeuronModel {
  /// The Direct type.
  public init() {}

  public var name: String { "Direct" }
  public var isSpiking: Bool { false }
  public var amplitude: Double { 1 }
  public var threshold: Double { 0 }

  /// The represented value itself, not a rate: no rate curve.
  public func rate(current j: Double) -> Double? { nil }

  /// Gains and biases play no part in a Direct ensemble: `(1, 0)`.
  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError) -> (
    gain: Double, bias: Double
  ) { (1, 0) }

  public func maxRateIntercept(gain: Double, bias: Double) -> (maxRate: Double, intercept: Double)? { nil }

  /// Unbounded: a Direct ensemble has no firing rate.
  public func highestRate(dt: Double) -> Double { .infinity }

  public func validate(object: String) throws(ModelError) {}

  public func withAmplitude(_ amplitude: Double) -> any NeuronModel { self }
}

extension NeuronType {
  /// Nengo's `Direct` (``Direct``): values computed exactly, no neurons.
  public static var direct: NeuronType { .model(Direct()) }
}
