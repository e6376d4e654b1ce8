import Foundation

/// A neuron model: everything about one Nengo neuron type in one place (Nengo's
/// `neurons.py`): its parameters, its rate curve, its gain and bias from max rate and
/// intercept and their inverse, its limits, and its checks.
///
/// The builder, the converter and the diagnosis ask the model; none switches over the
/// types. A model's kernel (how the engine steps it) is the one kernel file of the type in
/// `SNNKernels/Neurons/`, which adds the type's conformance to the kernel protocol.
/// ``NeuronType`` is how a network names a model.
public protocol NeuronModel: Hashable, Sendable {
  /// Nengo's class name, e.g. `LIF`; a wrapper includes its base: `PoissonSpiking(LIFRate)`.
  var name: String { get }
  /// Whether the output is spikes (of height `amplitude / dt`) rather than rates.
  var isSpiking: Bool { get }
  /// The scale of the output: a spike's integral, or a factor on the rate.
  var amplitude: Double { get }
  /// Whether the model keeps a membrane voltage (then `initial_state` may set it, and
  /// probes may record it).
  var hasVoltage: Bool { get }
  /// Whether the model keeps a refractory time, in seconds.
  var hasRefractoryTime: Bool { get }
  /// Whether the model computes a base rate before it spikes (Nengo's `rate_out`: the
  /// spiking wrappers of a rate type).
  var hasRateOut: Bool { get }
  /// Nengo's name of the model's one per-neuron state variable besides voltage and
  /// refractory time (`adaptation` for the adaptive LIF types, `recovery` for Izhikevich),
  /// zero at reset and probeable under that name; nil when it has none.
  var auxiliaryState: String? { get }
  /// The input current at which the neuron starts to fire (dimensionless): 1 for LIF
  /// types, 0 for rectified linear ones.
  var threshold: Double { get }
  /// The steady-state output for a constant input current `j` (Hz times amplitude), or
  /// nil when there is no closed form (the engine's own step then has to be measured).
  func rate(current j: Double) -> Double?
  /// Gain and bias that give firing rate `maxRate` (Hz) at input 1 and threshold at
  /// `intercept` (Nengo's `gain_bias`).
  /// - Throws: ``ModelError`` naming `object` when the rate or intercept is unreachable.
  func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError) -> (gain: Double, bias: Double)
  /// Gains and biases of a whole ensemble (Nengo's `gain_bias` on arrays): each neuron's
  /// own unless the type's rule looks at the whole ensemble (``Izhikevich``).
  /// - Throws: ``ModelError`` naming `object` when a rate or intercept is unreachable.
  func gainBias(maxRates: [Double], intercepts: [Double], object: String) throws(ModelError) -> (
    gain: [Double], bias: [Double]
  )
  /// The inverse of ``gainBias(maxRate:intercept:object:)`` (Nengo's `max_rates_intercepts`),
  /// nil where Nengo has none.
  func maxRateIntercept(gain: Double, bias: Double) -> (maxRate: Double, intercept: Double)?
  /// The highest rate, in Hz, a neuron reaches at time step `dt` (seconds), whatever its
  /// input: what the diagnosis calls saturation.
  func highestRate(dt: Double) -> Double
  /// Checks the parameters.
  /// - Throws: ``ModelError`` naming `object` and the parameter.
  func validate(object: String) throws(ModelError)
  /// The same model with output scale `amplitude` (itself when it has no amplitude).
  func withAmplitude(_ amplitude: Double) -> any NeuronModel
}

extension NeuronModel {
  public var hasVoltage: Bool { false }
  public var hasRefractoryTime: Bool { false }
  public var hasRateOut: Bool { false }
  public var auxiliaryState: String? { nil }

  public func gainBias(maxRates: [Double], intercepts: [Double], object: String) throws(ModelError) -> (
    gain: [Double], bias: [Double]
  ) {
    var gain = [Double](repeating: 0, count: maxRates.count)
    var bias = gain
    for i in maxRates.indices {
      (gain[i], bias[i]) = try gainBias(maxRate: maxRates[i], intercept: intercepts[i], object: object)
    }
    return (gain, bias)
  }

  /// Whether `other` is the same model with the same parameters (Equatable across
  /// existentials).
  public func isEqual(to other: any NeuronModel) -> Bool { (other as? Self) == self }
}

/// Checks shared by the models' ``NeuronModel/validate(object:)``.
enum NeuronChecks {
  static func positive(_ value: Double, _ attribute: String, object: String, unit: String = "") throws(ModelError) {
    guard value > 0, value.isFinite else {
      throw ModelError(object: object, attribute: attribute, "must be positive, got \(value)\(unit)")
    }
  }

  static func intercept(_ intercept: Double, object: String) throws(ModelError) {
    guard intercept < 1 else {
      throw ModelError(object: object, attribute: "intercepts", "intercept \(intercept) must be < 1")
    }
  }

  /// Nengo's rule for types whose rate cannot exceed `1 / tau_ref`.
  static func belowInverseRefractory(_ maxRate: Double, tauRef: Double, object: String) throws(ModelError) {
    guard maxRate > 0, maxRate < 1 / tauRef || tauRef == 0 else {
      throw ModelError(
        object: object, attribute: "max_rates", "max rate \(maxRate) Hz is not below 1/tau_ref = \(1 / tauRef) Hz")
    }
  }
}
