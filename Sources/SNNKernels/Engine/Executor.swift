import CSNNKernels

/// Runs a `KernelPlan` on an `EngineState`: the one engine behind every simulation.
///
/// The batch is cut into small chunks of consecutive examples, which the threads take in
/// turn from a `WorkQueue`; a thread runs all requested steps on a chunk before taking the
/// next, so the chunk's state stays in cache. Examples never interact, and a worker
/// rebuilds everything it caches when a chunk starts, so which thread runs which chunk
/// changes nothing in the results.
///
/// Within a time step the plan's steps (`StepSpec`) run in their scheduled order: each
/// node's input starts from zero and each population's current from its bias; each
/// receives every incoming connection (unfiltered ones read the source's output of this
/// very step, filtered ones the synapse output from the previous step); then the node
/// computes its output or the neurons step; last every synapse and probe is updated with
/// this step's signals. A node function's bad output stops its chunk of examples after
/// that time step and is reported (`RunFailure`).
///
/// What a worker keeps across the steps of a chunk (and rebuilds when a chunk starts):
/// - a population whose current cannot change during a run (fed only by nodes held
///   constant, without synapses) gets its current computed on the chunk's first step only;
/// - a population's dense output is written only where someone reads it (Poisson);
/// - every synaptic step has its own cache-line-aligned copy of its weights, and every
///   Poisson population the worker's own threshold tables.
public enum Executor {
  /// Counters the bench reports.
  public struct Counters: Sendable {
    /// Rows (or elements) added by event-driven connections: synaptic events times width.
    public var synapticOperations: Int = 0
    /// Multiply-adds done by dense connections.
    public var denseOperations: Int = 0
    /// Zero counters.
    public init() {}
  }

  /// Runs `steps` steps on every active example of `state` (``EngineState/activeExamples``).
  /// - Parameters:
  ///   - threads: worker threads (at most one per chunk).
  ///   - chunkSize: examples stepped together by one thread.
  ///   - instructions: the kernels' instruction set (at most ``InstructionSet/best``).
  /// - Returns: operation counters summed over threads, and the failure that stopped some
  ///   examples early (a node function's bad output; see ``RunFailure``), if any.
  @discardableResult
  package static func run<S: EngineScalar>(
    _ state: EngineState<S>, steps: Int, threads: Int, chunkSize: Int = 8, instructions: InstructionSet = .best
  ) -> (Counters, RunFailure.Failure?) {
    precondition(steps >= 0)
    if steps == 0 { return (Counters(), nil) }
    let failures = RunFailure()
    state.prepareProbes(forAdditionalSteps: steps)
    // A chunk no larger than the batch: a worker's scratch buffers are sized by it.
    let queue = WorkQueue(count: state.activeExamples, piece: max(1, min(chunkSize, state.activeExamples)))
    let parts = max(1, min(threads, queue.pieces))
    let results = Buffer<Int>(count: parts * 2, repeating: 0)
    let firstStep = state.step
    let totalSteps = state.probeSteps + steps
    // Dense connections call OpenBLAS from our own worker threads: its own threads would
    // only oversubscribe the cores (and spin), so it runs single-threaded meanwhile.
    let blasThreads = GEMM.blasThreads
    let dense = state.plan.connections.contains { $0.path == .dense && !$0.isElementwise }
    if dense { GEMM.setBLASThreads(1) }
    defer { if dense { GEMM.setBLASThreads(blasThreads) } }
    Parallel.forEach(parts: parts) { t in
      let worker = Worker(
        state: state, chunk: queue.piece, totalSteps: totalSteps, instructions: instructions,
        status: ChunkStatus(failures: failures))
      var counters = Counters()
      while let examples = queue.next() {
        worker.status.failed = false
        for s in 0..<steps {
          let chunk = Chunk(
            lo: examples.lowerBound, rows: examples.count, stepIndex: firstStep + s, chunkStart: s == 0)
          worker.step(chunk, &counters)
          if worker.status.failed { break }
        }
      }
      results[2 * t] = counters.synapticOperations
      results[2 * t + 1] = counters.denseOperations
    }
    state.step += steps
    state.probeSteps = totalSteps
    var c = Counters()
    for t in 0..<parts {
      c.synapticOperations += results[2 * t]
      c.denseOperations += results[2 * t + 1]
    }
    return (c, failures.failure)
  }
}

/// One thread's steps: the plan's step list made for `chunk` examples at a time, with the
/// scratch signals they share.
private final class Worker<S: EngineScalar> {
  /// The steps in plan order, each with whether it runs only on a chunk's first step.
  let steps: [(step: StepFunction, onlyAtChunkStart: Bool)]
  /// Keeps the scratch signals the steps point into alive.
  let signals: [PopulationSignals<S>]
  let synapseInputs: [Buffer<S>?]
  /// Each node's summed input for the chunk (`chunk x sizeIn`), for nodes that take input.
  let nodeInputs: [Buffer<S>?]
  /// Whether a step failed on the chunk being run (shared with the node steps).
  let status: ChunkStatus
  /// Each learning rule's error rows for the chunk, and each learning connection's
  /// weights as a weights probe records them (`chunk x` their sizes).
  let ruleErrors: [Buffer<S>?]
  let weightRows: [Buffer<S>?]
  /// The decoded input rows of each population whose encoders learn (Voja), per chunk.
  let ensembleInputs: [Buffer<S>?]

  init(state: EngineState<S>, chunk: Int, totalSteps: Int, instructions: InstructionSet, status: ChunkStatus) {
    let plan = state.plan
    let signals = plan.populations.indices.map { p in
      PopulationSignals<S>(
        n: plan.populations[p].n, chunk: chunk, rateOut: plan.probes.contains { $0.signal == .rateOut(p) })
    }
    let synapseInputs = plan.connections.map { c in
      c.filter.map { _ in Buffer<S>(count: chunk * c.postSize, repeating: 0) }
    }
    let nodeInputs = plan.nodes.map { node in
      node.sizeIn > 0 ? Buffer<S>(count: chunk * node.sizeIn, repeating: 0) : nil
    }
    let ruleErrors = plan.connections.map { c in
      c.learning.flatMap { $0.errorSize > 0 ? Buffer<S>(count: chunk * $0.errorSize, repeating: 0) : nil }
    }
    let weightRows = plan.connections.indices.map { k in
      plan.probes.contains { $0.signal == .weights(k) }
        ? Buffer<S>(count: chunk * (state.learning[k]?.count ?? 0), repeating: 0) : nil
    }
    var encodedDimensions = [Int?](repeating: nil, count: plan.populations.count)
    for c in plan.connections {
      if let l = c.learning, let e = l.learnedEncoders, let p = l.postPopulation {
        encodedDimensions[p] = e.count / max(plan.populations[p].n, 1)
      }
    }
    let ensembleInputs = encodedDimensions.map { d in d.map { Buffer<S>(count: chunk * $0, repeating: 0) } }
    // Populations fed only by nodes held constant, without synapses.
    // (An ensemble whose encoders learn gets its input through an encode step: never static.)
    let staticCurrent = plan.populations.indices.map { p in
      encodedDimensions[p] == nil
        && plan.populations[p].incoming.allSatisfy { k in
          let c = plan.connections[k]
          if c.filter != nil { return false }
          if case .node(let node) = c.pre {
            switch plan.nodes[node].output {
            case .constant: return true
            case .input: return state.nodeSequence[node] == nil
            default: return false
            }
          }
          return false
        }
    }
    let outputRead = plan.populations.indices.map { p in
      plan.probes.contains { $0.signal == .output(p) || $0.signal == .decoded(p) }
        || plan.connections.contains { $0.pre == .population(p) && $0.path == .dense }
        || plan.connections.contains { $0.learning?.prePopulation == p || $0.learning?.postPopulation == p }
    }
    /// The chunk's rows of what a connection adds into (row `r` at `r * width`).
    func rows(of target: ConnectionTarget) -> UnsafeMutablePointer<S> {
      switch target {
      case .population(let p): return signals[p].current.base
      case .node(let k): return state.required(nodeInputs, k)
      case .learningRule(let k): return state.required(ruleErrors, k)
      case .ensembleInput(let p): return state.required(ensembleInputs, p)
      }
    }
    /// Whether a connection adds into a population whose current is the same at every step.
    func intoStaticCurrent(_ target: ConnectionTarget) -> Bool {
      if case .population(let p) = target { return staticCurrent[p] }
      return false
    }
    var steps: [(step: StepFunction, onlyAtChunkStart: Bool)] = []
    for (position, spec) in plan.steps.enumerated() {
      switch spec {
      case .resetNodeInput(let k):
        steps.append(
          (ResetRows(size: plan.nodes[k].sizeIn, rows: state.required(nodeInputs, k)).function, false))
      case .nodeOutput(let k):
        let node = plan.nodes[k]
        let writer = NodeOutputWriter(
          label: node.label, size: node.size, output: state.nodeOut[k].base, status: status, position: position)
        switch node.output {
        case .constant: continue
        case .input:
          guard let sequence = state.nodeSequence[k] else { continue }
          steps.append(
            (
              CopyNodeInput(
                size: node.size, steps: state.nodeSequenceSteps[k], sequence: sequence.base,
                output: state.nodeOut[k].base
              ).function, false
            ))
        case .time(let f):
          steps.append((NodeFunctionStep(dt: plan.dt, function: f, writer: writer).function, false))
        case .function(let f):
          let input = node.sizeIn > 0 ? state.required(nodeInputs, k) : state.nodeOut[k].base
          steps.append(
            (
              NodeInputFunctionStep(dt: plan.dt, sizeIn: node.sizeIn, function: f, input: input, writer: writer)
                .function, false
            ))
        case .passthrough:
          steps.append(
            (
              PassthroughStep(size: node.size, input: state.required(nodeInputs, k), output: state.nodeOut[k].base)
                .function, false
            ))
        case .process:
          steps.append((ProcessStep(signals: state.processSignals[k], writer: writer).function, false))
        }
      case .resetCurrent(let p):
        steps.append((ResetCurrent(bias: plan.populations[p].bias, current: signals[p]).function, staticCurrent[p]))
      case .dotInc(let k, let into):
        let c = plan.connections[k]
        let dest = into == .post ? rows(of: c.post) : state.required(synapseInputs, k)
        let source: UnsafeMutablePointer<S>
        var events: PopulationSignals<S>?
        switch c.pre {
        case .node(let i): source = state.nodeOut[i].base
        case .population(let p):
          source = state.output[p].base
          if plan.populations[p].neuron.isSpiking { events = signals[p] }
        }
        // A Voja connection's own weights stay fixed (its rule learns the post's encoders).
        let operands = DotIncOperands(
          connection: c, source: source, dest: dest,
          learning: c.learning?.learnedEncoders == nil ? state.learning[k] : nil)
        let step: StepFunction
        switch (c.isElementwise, c.path == .event ? events : nil) {
        case (true, let events?): step = EventElementwiseInc(operands, events: events).function
        case (true, nil): step = DenseElementwiseInc(operands).function
        case (false, let events?): step = EventRowsInc(operands, events: events, instructions: instructions).function
        case (false, nil): step = DenseRowsInc(operands).function
        }
        steps.append((step, into == .post && intoStaticCurrent(c.post)))
      case .addSynapseOutput(let k):
        let c = plan.connections[k]
        let output = state.required(state.filterOut, k)
        if let encoders = c.encoders, case .population(let p) = c.post {
          steps.append(
            (
              EncodeSynapseOutput(d: c.postSize, encoders: encoders, synapseOutput: output, current: signals[p])
                .function, false
            ))
        } else {
          steps.append((AddSynapseOutput(n: c.postSize, synapseOutput: output, dest: rows(of: c.post)).function, false))
        }
      case .resetSynapseInput(let k):
        guard let input = synapseInputs[k] else { continue }
        steps.append((ResetRows(size: plan.connections[k].postSize, rows: input.base).function, false))
      case .synapse(let k):
        let c = plan.connections[k]
        guard let filter = c.filter else { continue }
        steps.append(
          (
            SynapseStep(
              filter: filter, size: c.postSize, input: state.required(synapseInputs, k),
              state: state.required(state.filterState, k), output: state.required(state.filterOut, k)
            ).function, false
          ))
      case .neurons(let p):
        let context = NeuronStepContext(
          population: p, spec: plan.populations[p], dt: plan.dt, signals: signals[p], state: state, chunk: chunk,
          instructions: instructions, outputRead: outputRead[p], staticCurrent: staticCurrent[p])
        steps.append((plan.populations[p].neuron.makeStep(context), false))
      case .resetError(let k):
        guard let rows = ruleErrors[k], let l = plan.connections[k].learning else { continue }
        steps.append((ResetRows(size: l.errorSize, value: l.errorBaseline, rows: rows.base).function, false))
      case .filterActivities(let k):
        guard let l = plan.connections[k].learning, let learning = state.learning[k], learning.pre != nil else {
          continue
        }
        steps.append(
          (
            FilterActivities(state: learning, preOutput: state.output[l.prePopulation].base).function, false
          ))
      case .resetEnsembleInput(let p):
        guard let rows = ensembleInputs[p], let d = encodedDimensions[p] else { continue }
        steps.append((ResetRows(size: d, rows: rows.base).function, false))
      case .encode(let k):
        guard let p = plan.connections[k].learning?.postPopulation, let learning = state.learning[k],
          let rows = ensembleInputs[p], let d = encodedDimensions[p]
        else { continue }
        steps.append((EncodeInput(d: d, state: learning, input: rows.base, current: signals[p]).function, false))
      case .learn(let k):
        let c = plan.connections[k]
        guard let l = c.learning, let learning = state.learning[k] else { continue }
        steps.append(
          (
            LearnStep(
              spec: l, state: learning, plan: plan, preOutput: state.output[l.prePopulation].base,
              postOutput: l.postPopulation.map { state.output[$0].base }, error: ruleErrors[k]?.base, m: c.postSize,
              ensembleInput: l.postPopulation.flatMap { ensembleInputs[$0]?.base }
            ).function, false
          ))
      case .probe(let k):
        let spec = plan.probes[k]
        let signal: UnsafeMutablePointer<S>
        var chunkLocal = false
        let signalSize: Int
        switch spec.signal {
        case .node(let i): signalSize = plan.nodes[i].size
        case .output(let p), .voltage(let p), .input(let p), .refractory(let p), .rateOut(let p), .decoded(let p),
          .auxiliary(let p):
          signalSize = plan.populations[p].n
        case .weights(let c): signalSize = state.learning[c]?.count ?? 0
        case .inverseGamma(let c): signalSize = (state.learning[c]?.nPre ?? 0) * (state.learning[c]?.nPre ?? 0)
        case .activities(let c):
          signalSize = plan.connections[c].learning.map { plan.populations[$0.prePopulation].n } ?? 0
        }
        switch spec.signal {
        case .node(let i): signal = state.nodeOut[i].base
        case .output(let p), .decoded(let p): signal = state.output[p].base
        case .voltage(let p): signal = state.required(state.voltage, p)
        case .input(let p):
          signal = signals[p].current.base
          chunkLocal = true
        case .refractory(let p): signal = state.required(state.refractory, p)
        case .auxiliary(let p): signal = state.required(state.auxiliary, p)
        case .rateOut(let p):
          signal = state.required(signals.map(\.rateOut), p)
          chunkLocal = true
        case .inverseGamma(let c):
          guard let p = state.learning[c]?.inverseGamma else { continue }
          signal = p.base
        case .activities(let c):
          guard let l = plan.connections[c].learning else { continue }
          signal = state.learning[c]?.pre?.output.base ?? state.output[l.prePopulation].base
        case .weights(let c):
          let connection = plan.connections[c]
          guard let learning = state.learning[c], let l = connection.learning else { continue }
          signal = state.required(weightRows, c)
          chunkLocal = true
          // Weights: n_pre rows of postSize; Voja's encoders: d rows of the post's neurons.
          let (n, m) =
            l.learnedEncoders != nil
            ? (
              learning.count / max(plan.populations[l.postPopulation ?? 0].n, 1),
              plan.populations[l.postPopulation ?? 0].n
            )
            : (connection.preSize, connection.postSize)
          steps.append((WeightsView(state: learning, n: n, m: m, gains: l.gains, rows: signal).function, false))
        }
        steps.append(
          (
            ProbeStep(
              spec: spec, signal: signal, signalSize: signalSize, chunkLocal: chunkLocal, data: state.probeData[k].base,
              totalRows: state.probeRows[k], sampleRows: state.sampleRows[k]?.base,
              filterState: state.probeFilterState[k]?.base, filterOutput: state.probeFilterOut[k]?.base
            ).function, false
          ))
      }
    }
    self.steps = steps
    self.ensembleInputs = ensembleInputs
    self.ruleErrors = ruleErrors
    self.weightRows = weightRows
    self.signals = signals
    self.synapseInputs = synapseInputs
    self.nodeInputs = nodeInputs
    self.status = status
  }

  /// One time step of the chunk's examples.
  @inline(__always)
  func step(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for s in steps where chunk.chunkStart || !s.onlyAtChunkStart {
      s.step(chunk, &counters)
    }
  }
}
