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
///
/// A spiking wrapper (`PoissonSpiking`, `RegularSpiking`) takes the base type and its own
/// amplitude. Every parameter must be given.
enum NeuronTypeNames {
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
    case Sigmoid.nengoName:
      try need(Sigmoid.parameterNames)
      base = .model(
        try Sigmoid(parameters: Dictionary(uniqueKeysWithValues: zip(Sigmoid.parameterNames, p)), object: object))
    case Tanh.nengoName:
      try need(Tanh.parameterNames)
      base = .model(try Tanh(parameters: Dictionary(uniqueKeysWithValues: zip(Tanh.parameterNames, p)), object: object))
    default:
      throw CAPIError(
        .argument,
        "\(object): neuron type '\(name)' is not supported (LIF, LIFRate, RectifiedLinear, SpikingRectifiedLinear, Sigmoid, Tanh)"
      )
    }
    switch wrapper {
    case "": return base
    case "PoissonSpiking": return .poissonSpiking(base: base, amplitude: wrapperAmplitude)
    case "RegularSpiking": return .regularSpiking(base: base, amplitude: wrapperAmplitude)
    default:
      throw CAPIError(
        .argument,
        "\(object): spiking wrapper '\(wrapper)' is not supported (PoissonSpiking, RegularSpiking)")
    }
  }
}
