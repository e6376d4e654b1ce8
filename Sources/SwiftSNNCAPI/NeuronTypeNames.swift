import SNNModel

/// Nengo's neuron type names and their parameters, in Nengo's argument order, as the C API
/// takes them:
///
/// | name | parameters |
/// |---|---|
/// | `LIF` | tau_rc (s), tau_ref (s), min_voltage, amplitude |
/// | `LIFRate` | tau_rc (s), tau_ref (s), amplitude |
/// | `RectifiedLinear`, `SpikingRectifiedLinear` | amplitude |
/// | `Sigmoid`, `Tanh` | tau_ref (s) |
/// | `AdaptiveLIF` | tau_n (s), inc_n, tau_rc (s), tau_ref (s), min_voltage, amplitude |
/// | `AdaptiveLIFRate` | tau_n (s), inc_n, tau_rc (s), tau_ref (s), amplitude |
/// | `Izhikevich` | tau_recovery, coupling, reset_voltage (mV), reset_recovery |
///
/// A spiking wrapper (`PoissonSpiking`, `RegularSpiking`, `StochasticSpiking`) takes the
/// base type and its own amplitude. Every parameter must be given.
enum NeuronTypeNames {
  /// The types whose parameters are all numbers, by Nengo's name.
  private static let numericTypes: [any NumericNeuronModel.Type] = [
    Sigmoid.self, Tanh.self, AdaptiveLIF.self, AdaptiveLIFRate.self, Izhikevich.self,
  ]

  static func neuronType(
    name: String, parameters p: [Double], wrapper: String, wrapperAmplitude: Double, object: String
  ) throws -> NeuronType {
    func need(_ names: [String]) throws {
      guard p.count == names.count else {
        throw CAPIError(
          .argument,
          "\(object): neuron type \(name) takes \(names.count) parameters (\(names.joined(separator: ", "))), got \(p.count)"
        )
      }
    }
    let base: NeuronType
    switch name {
    case "LIF":
      try need(["tau_rc", "tau_ref", "min_voltage", "amplitude"])
      base = .lif(LIFParameters(tauRC: p[0], tauRef: p[1], minVoltage: p[2], amplitude: p[3]))
    case "LIFRate":
      try need(["tau_rc", "tau_ref", "amplitude"])
      base = .lifRate(LIFParameters(tauRC: p[0], tauRef: p[1], amplitude: p[2]))
    case "RectifiedLinear":
      try need(["amplitude"])
      base = .rectifiedLinear(amplitude: p[0])
    case "SpikingRectifiedLinear":
      try need(["amplitude"])
      base = .spikingRectifiedLinear(amplitude: p[0])
    default:
      guard let type = numericTypes.first(where: { $0.nengoName == name }) else {
        let known = ["LIF", "LIFRate", "RectifiedLinear", "SpikingRectifiedLinear"] + numericTypes.map { $0.nengoName }
        throw CAPIError(
          .argument, "\(object): neuron type '\(name)' is not supported (\(known.joined(separator: ", ")))")
      }
      try need(type.parameterNames)
      let values = Dictionary(uniqueKeysWithValues: zip(type.parameterNames, p))
      base = NeuronType(try type.init(parameters: values, object: object))
    }
    switch wrapper {
    case "": return base
    case "PoissonSpiking": return .poissonSpiking(base: base, amplitude: wrapperAmplitude)
    case "RegularSpiking": return .regularSpiking(base: base, amplitude: wrapperAmplitude)
    case "StochasticSpiking": return .stochasticSpiking(base: base, amplitude: wrapperAmplitude)
    default:
      throw CAPIError(
        .argument,
        "\(object): spiking wrapper '\(wrapper)' is not supported (PoissonSpiking, RegularSpiking, StochasticSpiking)")
    }
  }
}
