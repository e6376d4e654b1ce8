import SNNCore
import SNNKernels
import SNNModel

/// Runs a network: builds it, owns the state of a batch of independent examples, and steps
/// it (Nengo's `Simulator`, batched).
///
/// Every example in the batch is simulated independently with its own random streams,
/// derived from the seed and the example's id (see ``reset(exampleIDs:)``): the same seed
/// gives the same spikes for an example whatever the batch size, its position in the
/// batch or the number of threads.
///
/// ```swift
/// let sim = try Simulator(net, dt: 0.001, batchSize: 100, seed: 1)
/// try sim.setInput(input, images)        // 100 x 784, held for the whole run
/// sim.run(steps: 350)
/// let counts = sim.data(probe)           // [batch][steps][size]
/// ```
public final class Simulator {
  /// The compiled plan.
  public let plan: Plan
  /// Number of examples simulated together.
  public let batchSize: Int
  /// Seed of the random streams (spikes, initial voltages).
  public let seed: UInt64
  /// Worker threads used by ``run(steps:)``.
  public var threads: Int
  /// Synaptic operation counters accumulated since the simulator was created.
  public private(set) var counters = Executor.Counters()
  private let state: EngineState
  private var exampleIDs: [UInt64]

  /// Builds `network` and allocates the state of `batchSize` examples.
  /// - Parameters:
  ///   - dt: time step, in seconds.
  ///   - seed: seed of the random streams; default derived from the network seed.
  ///   - threads: worker threads; default all cores.
  ///   - path: force the event-driven or dense synaptic path.
  /// - Throws: ``BuildError`` or ``ModelError``.
  public init(
    _ network: Network, dt: Double = 0.001, batchSize: Int = 1, seed: UInt64? = nil, threads: Int? = nil,
    path: SynapticPathChoice = .auto
  ) throws {
    guard batchSize > 0, batchSize <= 1 << 24 else {
      throw BuildError(object: network.label, "batch size must be in 1...\(1 << 24), got \(batchSize)")
    }
    plan = try Builder.build(network, dt: dt, path: path)
    self.batchSize = batchSize
    self.seed = seed ?? deriveSeed(plan.seed, 0x5EED)
    self.threads = max(1, threads ?? Parallel.availableCores)
    exampleIDs = (0..<UInt64(batchSize)).map { $0 }
    state = EngineState(plan: plan.kernel, batchSize: batchSize, seed: self.seed)
  }

  /// Time step, in seconds.
  public var dt: Double { plan.dt }
  /// Steps run since the last reset.
  public var steps: Int { state.step }
  /// Simulated time since the last reset, in seconds.
  public var time: Double { Double(state.step) * plan.dt }

  /// Sets a node's output for each example, held at every step: `values` is
  /// `(batchSize, node size)`.
  /// - Throws: ``BuildError`` when the node has a constant output or the shape is wrong.
  public func setInput(_ node: NodeID, _ values: Matrix) throws {
    let k = try inputNode(node)
    let size = plan.kernel.nodes[k].size
    guard values.rows == batchSize, values.cols == size else {
      throw BuildError(
        object: plan.network.nodes[k].label,
        "input of shape \(values.shapeDescription) given, expected (\(batchSize), \(size)) = (batch, size)")
    }
    state.setInput(node: k, values: values.values)
  }

  /// Sets a node's output per example and step: `values[(b * steps + t) * size + i]`.
  /// Steps past `steps` repeat the last one.
  /// - Throws: ``BuildError`` when the node has a constant output or the size is wrong.
  public func setInput(_ node: NodeID, sequence values: [Float], steps: Int) throws {
    let k = try inputNode(node)
    let size = plan.kernel.nodes[k].size
    guard steps > 0, values.count == batchSize * steps * size else {
      throw BuildError(
        object: plan.network.nodes[k].label,
        "\(values.count) input values given, expected batch \(batchSize) x steps \(steps) x size \(size)")
    }
    state.setInput(node: k, sequence: values, steps: steps)
  }

  private func inputNode(_ node: NodeID) throws -> Int {
    guard plan.network.nodes.indices.contains(node.index) else {
      throw BuildError(object: "node#\(node.index)", "is not in this network")
    }
    guard plan.kernel.nodes[node.index].constant == nil else {
      throw BuildError(object: plan.network.nodes[node.index].label, "has a constant output and takes no input")
    }
    return node.index
  }

  /// Advances every example by `steps` time steps.
  /// - Returns: the synaptic operations this run performed.
  @discardableResult
  public func run(steps: Int) -> Executor.Counters {
    let chunk = plan.kernel.connections.contains { $0.path == .dense } ? 32 : 8
    let c = Executor.run(state, steps: max(0, steps), threads: threads, chunkSize: chunk)
    counters.synapticOperations += c.synapticOperations
    counters.denseOperations += c.denseOperations
    return c
  }

  /// Restores the initial state of every example (voltages, refractory times, synapse
  /// and probe filters, random streams) and clears probe data. Inputs are kept.
  /// - Parameter exampleIDs: one id per batch row, e.g. the examples' indices in their
  ///   data set (default: unchanged; initially `0..<batchSize`).
  public func reset(exampleIDs ids: [UInt64]? = nil) {
    if let ids {
      precondition(ids.count == batchSize, "one example id per batch row")
      exampleIDs = ids
    }
    state.reset(seed: seed, exampleIDs: exampleIDs)
  }

  /// The recorded data of a probe.
  public func data(_ probe: ProbeID) -> ProbeData {
    let spec = plan.kernel.probes[probe.index]
    return ProbeData(
      label: plan.network.probes[probe.index].label, batchSize: batchSize,
      steps: spec.sumOnly ? 1 : state.recordedSteps, size: spec.size, values: state.probeValues(probe.index))
  }

  /// The current output of an ensemble's neurons, `(batchSize, nNeurons)`.
  public func output(of ensemble: EnsembleID) -> Matrix {
    let n = plan.kernel.populations[ensemble.index].n
    // The engine always holds batchSize x n values for a population's output.
    return (try? Matrix(rows: batchSize, cols: n, values: state.outputValues(population: ensemble.index)))
      ?? Matrix(rows: batchSize, cols: n)
  }
}
