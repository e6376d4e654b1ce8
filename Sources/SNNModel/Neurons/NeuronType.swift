/// The neuron model of an ensemble, as a network names it: one of Nengo's types with its
/// parameters.
///
/// Every behaviour (rate curve, gain and bias, limits, checks) belongs to the model type
/// (``model``, one file per type in `Neurons/`); this enum only names it. Its first six
/// cases are the types SwiftSNN started with, kept so that code matching on them
/// (`case .lif(let p)`) still compiles; every other type is ``model(_:)``, made by a
/// static function in its own file (``sigmoid(tauRef:)``). Two values are equal when their
/// models are, whichever case names them.
///
/// Every spiking type outputs spikes of height `amplitude / dt` (so a spike integrates to
/// `amplitude`); rate types output a rate in Hz times `amplitude`.
public indirect enum NeuronType: Sendable, Hashable {
  /// Leaky integrate-and-fire (``LIF``).
  case lif(LIFParameters)
  /// The LIF's steady-state rate (``LIFRate``).
  case lifRate(LIFParameters)
  /// `amplitude * max(J, 0)` (``RectifiedLinear``).
  case rectifiedLinear(amplitude: Double = 1)
  /// Integrate-and-fire with reset by subtraction (``SpikingRectifiedLinear``).
  case spikingRectifiedLinear(amplitude: Double = 1)
  /// Poisson spike counts at the base type's rate (``PoissonSpiking``).
  case poissonSpiking(base: NeuronType, amplitude: Double = 1)
  /// Regular spikes at the base type's rate (``RegularSpiking``).
  case regularSpiking(base: NeuronType, amplitude: Double = 1)
  /// Any other model.
  case model(any NeuronModel)

  /// The default LIF: tau_rc 0.02 s, tau_ref 0.002 s.
  public static var lif: NeuronType { .lif(LIFParameters()) }
  /// The default LIF rate type.
  public static var lifRate: NeuronType { .lifRate(LIFParameters()) }

  /// Names `model`: by its own case when it is one of the first six types (so matching on
  /// `.lif` finds it), else as ``model(_:)``.
  public init(_ model: any NeuronModel) {
    switch model {
    case let m as LIF: self = .lif(m.parameters)
    case let m as LIFRate: self = .lifRate(m.parameters)
    case let m as RectifiedLinear: self = .rectifiedLinear(amplitude: m.amplitude)
    case let m as SpikingRectifiedLinear: self = .spikingRectifiedLinear(amplitude: m.amplitude)
    case let m as PoissonSpiking: self = .poissonSpiking(base: NeuronType(m.base), amplitude: m.amplitude)
    case let m as RegularSpiking: self = .regularSpiking(base: NeuronType(m.base), amplitude: m.amplitude)
    default: self = .model(model)
    }
  }

  /// The model this value names.
  public var model: any NeuronModel {
    switch self {
    case .lif(let p): return LIF(p)
    case .lifRate(let p): return LIFRate(p)
    case .rectifiedLinear(let a): return RectifiedLinear(amplitude: a)
    case .spikingRectifiedLinear(let a): return SpikingRectifiedLinear(amplitude: a)
    case .poissonSpiking(let base, let a): return PoissonSpiking(base: base.model, amplitude: a)
    case .regularSpiking(let base, let a): return RegularSpiking(base: base.model, amplitude: a)
    case .model(let m): return m
    }
  }

  /// Whether the output is spikes (heights `amplitude / dt`) rather than rates.
  public var isSpiking: Bool { model.isSpiking }

  /// Nengo's class name, for messages and files.
  public var name: String { model.name }

  /// Gain and bias that give firing rate `maxRate` (Hz) at input 1 and threshold at
  /// `intercept` (Nengo's `gain_bias`; see the model's ``NeuronModel/gainBias(maxRate:intercept:object:)``).
  /// - Throws: ``ModelError`` when the rate or the intercept is not reachable.
  public func gainBias(maxRate: Double, intercept: Double, object: String) throws(ModelError)
    -> (gain: Double, bias: Double)
  {
    try model.gainBias(maxRate: maxRate, intercept: intercept, object: object)
  }

  public static func == (a: NeuronType, b: NeuronType) -> Bool { a.model.isEqual(to: b.model) }

  public func hash(into hasher: inout Hasher) { model.hash(into: &hasher) }
}
