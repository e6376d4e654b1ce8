import SNNModel

extension Diagnosis {
  /// The highest rate, in Hz, a neuron of `type` reaches at time step `dt` (seconds): the
  /// model's ``/SNNModel/NeuronModel/highestRate(dt:)`` (LIF types: `1 / tau_ref`, capped by the
  /// one-spike-per-step rate `1 / dt`; rectified linear types: `1 / dt`).
  public static func highestRate(of type: NeuronType, dt: Double) -> Double { type.model.highestRate(dt: dt) }

  /// The input current at which `type` starts to fire: 1 for LIF types, 0 for rectified
  /// linear ones (dimensionless).
  public static func threshold(of type: NeuronType) -> Double { type.model.threshold }

  /// The amplitude that scales a neuron's output (spike integral, or rate factor).
  static func amplitude(of type: NeuronType) -> Double { type.model.amplitude }
}
