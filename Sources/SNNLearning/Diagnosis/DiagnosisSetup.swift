import SNNModel
import SNNSimulator

/// What ``Diagnosis`` runs: a network, where its examples go in, where its class comes
/// out, and how long each example is presented.
public struct DiagnosisSetup: Sendable {
  /// The network as the user wrote it (the diagnosis adds its own probes to a copy).
  public var network: Network
  /// The node that takes one example per batch row, held for every step.
  public var input: NodeID
  /// The ensemble whose neurons are the classes.
  public var output: EnsembleID
  /// How the class is read from the output.
  public var readout: ReadoutRule
  /// Steps each example is presented for, from a fresh state.
  public var steps: Int
  /// Time step, in seconds.
  public var dt: Double
  /// Seed of the spike streams; example `i` always gets stream `i`.
  public var seed: UInt64
  /// Most examples simulated together (fewer when the recorded currents would need more
  /// than about 64 MB).
  public var batchSize: Int
  /// Worker threads; nil for all cores.
  public var threads: Int?
  /// The simulation's precision (float32 unless set).
  public var precision: Precision = .float32

  /// Creates a setup.
  public init(
    network: Network, input: NodeID, output: EnsembleID, readout: ReadoutRule = .spikeCount, steps: Int,
    dt: Double = 0.001, seed: UInt64 = 0, batchSize: Int = 50, threads: Int? = nil
  ) {
    self.network = network
    self.input = input
    self.output = output
    self.readout = readout
    self.steps = steps
    self.dt = dt
    self.seed = seed
    self.batchSize = batchSize
    self.threads = threads
  }
}
