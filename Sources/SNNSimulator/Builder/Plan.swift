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
  /// Where each ensemble runs, in network order: a population, or (Direct) a node.
  package let signals: [EnsembleSignal]

  package init(
    network: Network, dt: Double, seed: UInt64, kernel: KernelPlan, ensembles: [BuiltEnsemble],
    paths: [ConnectionPath], signals: [EnsembleSignal]
  ) {
    self.network = network
    self.dt = dt
    self.seed = seed
    self.kernel = kernel
    self.ensembles = ensembles
    self.paths = paths
    self.signals = signals
  }

  /// A human-readable summary: populations, their order, and each connection's path.
  public var summary: String {
    var lines = ["plan for \(network.label): dt = \(dt) s, seed \(seed)"]
    for p in kernel.populationOrder {
      guard let i = signals.firstIndex(of: .population(p)) else { continue }
      let e = network.ensembles[i]
      lines.append("  \(e.label): \(e.nNeurons) x \(ensembles[i].neuronType.name)")
    }
    for c in paths { lines.append("  \(c.label): \(c.path.rawValue) (\(c.reason))") }
    return lines.joined(separator: "\n")
  }
}

/// Where an ensemble runs in the kernel plan.
package enum EnsembleSignal: Sendable, Equatable {
  /// A population of neurons.
  case population(Int)
  /// A passthrough node (a Direct ensemble).
  case node(Int)
}
