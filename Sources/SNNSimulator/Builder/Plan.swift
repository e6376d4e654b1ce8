import SNNKernels
import SNNModel

/// A compiled network: the kernel plan plus what the builder computed, for inspection.
public struct Plan: Sendable {
  /// The network it was built from.
  public let network: Network
  /// Time step, in seconds.
  public let dt: Double
  /// The network seed actually used (drawn when the network had none).
  public let seed: UInt64
  /// The flat plan the kernels run.
  package let kernel: KernelPlan
  /// Built parameters of each ensemble, in network order.
  public let ensembles: [BuiltEnsemble]
  /// The synaptic path of each connection, in network order.
  public let paths: [ConnectionPath]

  /// A human-readable summary: populations, their order, and each connection's path.
  public var summary: String {
    var lines = ["plan for \(network.label): dt = \(dt) s, seed \(seed)"]
    for p in kernel.populationOrder {
      let e = network.ensembles[p]
      lines.append("  \(e.label): \(e.nNeurons) x \(ensembles[p].neuronType.name)")
    }
    for c in paths { lines.append("  \(c.label): \(c.path.rawValue) (\(c.reason))") }
    return lines.joined(separator: "\n")
  }
}
