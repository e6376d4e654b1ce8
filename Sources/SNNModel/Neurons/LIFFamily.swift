/// A type of the LIF family (``LIF``, ``AdaptiveLIF``, ``AdaptiveLIFRate``): threshold 1,
/// output scaled by `parameters.amplitude`, and gain, bias and limits those of ``LIFRate``
/// (Nengo's, which ignore the adaptation).
public protocol LIFFamilyModel: NeuronModel {
  /// The LIF parameters.
  var parameters: LIFParameters { get set }
}

extension LIFFamilyModel {
  public var amplitude: Double { parameters.amplitude }
  public var threshold: Double { 1 }

  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError) -> (
    gain: Double, bias: Double
  ) {
    try LIFRate(parameters).gainBias(maxRate: maxRate, intercept: intercept, object: object)
  }

  public func maxRateIntercept(gain: Double, bias: Double) -> (maxRate: Double, intercept: Double)? {
    LIFRate(parameters).maxRateIntercept(gain: gain, bias: bias)
  }

  /// `1 / tau_ref`, and at most one spike per step, `1 / dt`. Nengo's LIF step keeps each
  /// spike's time within its step and the refractory time that is left over, so with an
  /// unbounded current the spikes are exactly `tau_ref` apart on average (500 Hz for
  /// tau_ref 2 ms, 400 Hz for 2.5 ms at dt 1 ms).
  public func highestRate(dt: Double) -> Double { LIFRate(parameters).highestRate(dt: dt) }

  public func validate(object: String) throws(ModelError) { try parameters.validate(object: object) }

  public func withAmplitude(_ amplitude: Double) -> any NeuronModel {
    var copy = self
    copy.parameters.amplitude = amplitude
    return copy
  }
}

/// Nengo's adaptive LIF types (``AdaptiveLIF``, ``AdaptiveLIFRate``): a LIF type whose
/// input is reduced by an adaptation state `n` per neuron (La Camera et al. 2004, Neural
/// Computation 16(10)), `n += (dt / tau_n) (inc_n output - n)` per step. `n` starts at 0
/// and is probeable as `adaptation`.
public protocol AdaptiveLIFModel: LIFFamilyModel, NumericNeuronModel {
  /// The adaptation time constant, in seconds.
  var tauN: Double { get }
  /// The adaptation increment (dimensionless current per unit of output).
  var incN: Double { get }
  /// A model of this type (Nengo's defaults: tau_n 1 s, inc_n 0.01).
  init(tauN: Double, incN: Double, _ parameters: LIFParameters)
}

extension AdaptiveLIFModel {
  public var auxiliaryState: String? { "adaptation" }

  public func validate(object: String) throws(ModelError) {
    try parameters.validate(object: object)
    try NeuronChecks.positive(tauN, "tau_n", object: object, unit: " s")
    guard incN >= 0, incN.isFinite else {
      throw ModelError(object: object, attribute: "inc_n", "must be >= 0 and finite, got \(incN)")
    }
  }

  /// Reads the names in ``NumericNeuronModel/parameterNames`` (a missing one takes Nengo's
  /// default) and checks the model.
  public init(parameters values: [String: Double], object: String) throws(ModelError) {
    let d = LIFParameters()
    self.init(
      tauN: values["tau_n"] ?? 1, incN: values["inc_n"] ?? 0.01,
      LIFParameters(
        tauRC: values["tau_rc"] ?? d.tauRC, tauRef: values["tau_ref"] ?? d.tauRef,
        minVoltage: Self.parameterNames.contains("min_voltage") ? values["min_voltage"] ?? d.minVoltage : d.minVoltage,
        amplitude: values["amplitude"] ?? d.amplitude))
    try validate(object: object)
  }
}
