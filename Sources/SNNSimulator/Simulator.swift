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
/// try sim.run(steps: 350)
/// let counts = sim.data(probe)           // [batch][steps][size]
/// ```
///
/// A batch may run fewer examples than `batchSize` without a rebuild: give
/// ``reset(exampleIDs:)`` fewer ids (and ``setInput(_:_:)`` as many rows); only those
/// examples are stepped and reported until the next reset. ``forEachBatch(_:into:steps:_:)``
/// runs a whole data set that way.
public final class Simulator {
  /// The compiled plan.
  public let plan: Plan
  /// Number of examples simulated together.
  public let batchSize: Int
  /// Seed of the random streams (spikes, initial voltages).
  public let seed: UInt64
  /// Worker threads used by ``run(steps:)``.
  public var threads: Int
  /// How the engine runs (path, instruction set, BLAS threads).
  public let options: EngineOptions
  /// Synaptic operation counters accumulated since the simulator was created.
  public private(set) var counters = Executor.Counters()
  private let state: any EngineHandle
  private var exampleIDs: [UInt64]
  /// The failure of the last run, until the next reset.
  private var failure: SimulationError?

  /// Builds `network` and allocates the state of `batchSize` examples.
  /// - Parameters:
  ///   - network: the description to build and run.
  ///   - dt: time step, in seconds.
  ///   - batchSize: examples simulated together (at most this many per run).
  ///   - seed: seed of the random streams; default derived from the network seed.
  ///   - threads: worker threads; default all cores.
  ///   - path: force the event-driven or dense synaptic path.
  /// - Throws: ``BuildError`` or ``/SNNModel/ModelError``.
  public convenience init(
    _ network: Network, dt: Double = 0.001, batchSize: Int = 1, seed: UInt64? = nil, threads: Int? = nil,
    path: SynapticPathChoice = .auto
  ) throws {
    try self.init(
      network, dt: dt, batchSize: batchSize, seed: seed, threads: threads, options: EngineOptions(path: path))
  }

  /// Builds `network` and allocates the state of `batchSize` examples, with the engine
  /// run as `options` say.
  /// - Parameters:
  ///   - network: the description to build and run.
  ///   - dt: time step, in seconds.
  ///   - batchSize: examples simulated together (at most this many per run).
  ///   - seed: seed of the random streams; default derived from the network seed.
  ///   - threads: worker threads; default all cores.
  ///   - options: the synaptic path, instruction set, precision and BLAS threads.
  /// - Throws: ``BuildError`` or ``/SNNModel/ModelError``.
  public init(
    _ network: Network, dt: Double = 0.001, batchSize: Int = 1, seed: UInt64? = nil, threads: Int? = nil,
    options: EngineOptions
  ) throws {
    guard batchSize > 0, batchSize <= 1 << 24 else {
      throw BuildError(object: network.label, "batch size must be in 1...\(1 << 24), got \(batchSize)")
    }
    self.options = options
    plan = try Builder.build(network, dt: dt, path: options.path, precision: options.precision)
    self.batchSize = batchSize
    self.seed = seed ?? deriveSeed(plan.seed, 0x5EED)
    self.threads = max(1, threads ?? Parallel.availableCores)
    exampleIDs = (0..<UInt64(batchSize)).map { $0 }
    switch options.precision {
    case .float32: state = EngineState<Float>(plan: plan.kernel, batchSize: batchSize, seed: self.seed)
    case .float64: state = EngineState<Double>(plan: plan.kernel, batchSize: batchSize, seed: self.seed)
    }
  }

  /// Time step, in seconds.
  public var dt: Double { plan.dt }
  /// The examples the last ``reset(exampleIDs:)`` started (`batchSize` until then): rows
  /// `0..<activeExamples` are stepped, and reported by ``data(_:)`` and ``output(of:)``.
  public var activeExamples: Int { state.activeExamples }
  /// Steps run since the last reset.
  public var steps: Int { state.step }
  /// Simulated time since the last reset, in seconds.
  public var time: Double { Double(state.step) * plan.dt }

  /// Sets a node's output for each example, held at every step: `values` is
  /// `(examples, node size)`, one row per batch row from the first, `1...batchSize` rows.
  /// - Throws: ``BuildError`` when the node has a constant output or the shape is wrong.
  public func setInput(_ node: NodeID, _ values: Matrix) throws {
    let k = try inputNode(node)
    let size = plan.kernel.nodes[k].size
    guard (1...batchSize).contains(values.rows), values.cols == size else {
      throw BuildError(
        object: plan.network.nodes[k].label,
        "input of shape \(values.shapeDescription) given, expected (\(batchSize), \(size)) = (batch, size), "
          + "or fewer rows for fewer examples")
    }
    state.setInput(node: k, values: .float32(values.values))
  }

  /// Sets a node's output for each example, held at every step, in double (rounded once
  /// when the simulator runs in float32): `values[b * size + i]` for `1...batchSize`
  /// examples.
  /// - Throws: ``BuildError`` when the node has a constant output or the size is wrong.
  public func setInput(_ node: NodeID, values: [Double]) throws {
    let k = try inputNode(node)
    let size = plan.kernel.nodes[k].size
    guard size > 0, values.count % size == 0, (1...batchSize).contains(values.count / size) else {
      throw BuildError(
        object: plan.network.nodes[k].label,
        "\(values.count) input values given, expected batch \(batchSize) (or fewer examples) x size \(size)")
    }
    state.setInput(node: k, values: .float64(values))
  }

  /// Sets a node's output per example and step: `values[(b * steps + t) * size + i]`, for
  /// `1...batchSize` examples from the first row. Steps past `steps` repeat the last one.
  /// - Throws: ``BuildError`` when the node has a constant output or the size is wrong.
  public func setInput(_ node: NodeID, sequence values: [Float], steps: Int) throws {
    let k = try inputNode(node)
    let size = plan.kernel.nodes[k].size
    let perExample = steps * size
    guard steps > 0, perExample > 0, values.count % perExample == 0,
      (1...batchSize).contains(values.count / perExample)
    else {
      throw BuildError(
        object: plan.network.nodes[k].label,
        "\(values.count) input values given, expected batch \(batchSize) (or fewer examples) x steps \(steps) x size \(size)"
      )
    }
    state.setInput(node: k, sequence: .float32(values), steps: steps)
  }

  /// ``setInput(_:sequence:steps:)`` in double (rounded once when the simulator runs in
  /// float32).
  /// - Throws: ``BuildError`` when the node has a constant output or the size is wrong.
  public func setInput(_ node: NodeID, sequence values: [Double], steps: Int) throws {
    let k = try inputNode(node)
    let perExample = steps * plan.kernel.nodes[k].size
    guard steps > 0, perExample > 0, values.count % perExample == 0,
      (1...batchSize).contains(values.count / perExample)
    else {
      throw BuildError(
        object: plan.network.nodes[k].label,
        "\(values.count) input values given, expected batch \(batchSize) (or fewer examples) x steps \(steps) x size \(plan.kernel.nodes[k].size)"
      )
    }
    state.setInput(node: k, sequence: .float64(values), steps: steps)
  }

  private func inputNode(_ node: NodeID) throws -> Int {
    guard plan.network.nodes.indices.contains(node.index) else {
      throw BuildError(object: "node#\(node.index)", "is not in this network")
    }
    let why: String
    switch plan.kernel.nodes[node.index].output {
    case .input: return node.index
    case .constant: why = "has a constant output and takes no input"
    case .time: why = "is a function of time and takes no input"
    case .function, .passthrough: why = "computes its output from its inputs and takes no values at run time"
    case .process: why = "outputs a process and takes no values at run time"
    }
    throw BuildError(object: plan.network.nodes[node.index].label, why)
  }

  /// Advances every active example by `steps` time steps.
  /// - Returns: the synaptic operations this run performed.
  /// - Throws: ``SimulationError`` naming the node when a node function returns an output
  ///   of the wrong size or with NaN or infinite values (the earliest step's, then the
  ///   lowest example's). The examples are then left part-way through the run: every
  ///   further run throws the same error until ``reset(exampleIDs:)``.
  @discardableResult
  public func run(steps: Int) throws(SimulationError) -> Executor.Counters {
    if let failure { throw failure }
    let chunk = plan.kernel.connections.contains { $0.path == .dense } ? 32 : 8
    if options.stopsIdleBLASThreads { GEMM.stopIdleBLASThreads() }
    let (c, failed) = state.run(
      steps: max(0, steps), threads: threads, chunkSize: chunk,
      instructions: options.instructionSet.map { min($0, .best) } ?? .best)
    counters.synapticOperations += c.synapticOperations
    counters.denseOperations += c.denseOperations
    if let failed {
      let error = SimulationError(object: failed.object, failed.message)
      failure = error
      throw error
    }
    return c
  }

  /// Restores the initial state of every example (voltages, refractory times, synapse
  /// and probe filters, random streams) and clears probe data. Inputs are kept.
  /// - Parameter ids: one id per batch row to run, e.g. the examples' indices in
  ///   their data set; `1...batchSize` ids (fewer run a partial batch: rows
  ///   `0..<ids.count`). Default: unchanged (initially `0..<batchSize`).
  public func reset(exampleIDs ids: [UInt64]? = nil) {
    if let ids {
      precondition((1...batchSize).contains(ids.count), "1...batchSize example ids, one per batch row to run")
      exampleIDs = ids
    }
    state.reset(seed: seed, exampleIDs: exampleIDs)
    failure = nil
  }

  /// The recorded data of a probe, for the active examples, in the simulator's precision.
  public func data(_ probe: ProbeID) -> ProbeData {
    let spec = plan.kernel.probes[probe.index]
    let steps = state.recordedRows(probe: probe.index)
    let count = activeExamples * steps * spec.size
    let storage: ProbeData.Storage
    switch state.probeValues(probe.index) {
    case .float32(let v): storage = .float32(v.count == count ? v : Array(v.prefix(count)))
    case .float64(let v): storage = .float64(v.count == count ? v : Array(v.prefix(count)))
    }
    return ProbeData(
      label: plan.network.probes[probe.index].label, batchSize: activeExamples, steps: steps, size: spec.size,
      storage: storage)
  }

  /// The current output of an ensemble's neurons, `(activeExamples, nNeurons)` (in float32
  /// whatever the precision); a Direct ensemble's value, `(activeExamples, dimensions)`.
  public func output(of ensemble: EnsembleID) -> Matrix {
    let values: [Float]
    let n: Int
    let output: EngineValues
    switch plan.signals[ensemble.index] {
    case .population(let p):
      n = plan.kernel.populations[p].n
      output = state.outputValues(population: p)
    case .node(let k):
      n = plan.kernel.nodes[k].size
      output = state.outputValues(node: k)
    }
    switch output {
    case .float32(let v): values = Array(v.prefix(activeExamples * n))
    case .float64(let v): values = v.prefix(activeExamples * n).map(Float.init)
    }
    // The engine always holds batchSize x n values for a population's output.
    return (try? Matrix(rows: activeExamples, cols: n, values: values)) ?? Matrix(rows: activeExamples, cols: n)
  }
}
