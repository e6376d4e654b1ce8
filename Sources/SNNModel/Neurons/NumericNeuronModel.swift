/// A neuron model whose parameters are all numbers, named as in Nengo: how network files
/// write and read it (`{"type": "Sigmoid", "tau_ref": 0.0025}`) without a case of their own.
public protocol NumericNeuronModel: NeuronModel {
  /// Nengo's class name, e.g. `Sigmoid`.
  static var nengoName: String { get }
  /// The parameters' names, in Nengo's spelling and order (e.g. `["tau_ref"]`).
  static var parameterNames: [String] { get }
  /// The value of each parameter, in ``parameterNames`` order.
  var parameterValues: [Double] { get }
  /// Makes the model from `values` (a missing name takes Nengo's default) and checks it.
  /// - Throws: ``ModelError`` naming `object` and the parameter.
  init(parameters values: [String: Double], object: String) throws(ModelError)
}
