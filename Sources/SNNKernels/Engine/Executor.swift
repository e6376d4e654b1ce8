import CSNNKernels

/// Runs a ``KernelPlan`` on an ``EngineState``: the one engine behind every simulation.
///
/// The batch is cut into small chunks of consecutive examples, which the threads take in
/// turn from a ``WorkQueue``; a thread runs all requested steps on a chunk before taking the
/// next, so the chunk's state stays in cache. Examples never interact, and a worker
/// rebuilds everything it caches when a chunk starts, so which thread runs which chunk
/// changes nothing in the results.
///
/// Within a step (Nengo's order): nodes emit; populations are stepped in plan order, each
/// starting from its bias and adding every incoming connection (unfiltered ones read the
/// source's output of this very step, filtered ones the filter output from the previous
/// step); then every filter and probe is updated with this step's signals.
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

  /// Runs `steps` steps on every example of `state`.
  /// - Parameters:
  ///   - threads: worker threads (at most one per chunk).
  ///   - chunkSize: examples stepped together by one thread.
  /// - Returns: operation counters summed over threads.
  @discardableResult
  public static func run(_ state: EngineState, steps: Int, threads: Int, chunkSize: Int = 8) -> Counters {
    precondition(steps >= 0)
    if steps == 0 { return Counters() }
    state.prepareProbes(forAdditionalSteps: steps)
    let queue = WorkQueue(count: state.batchSize, piece: max(1, chunkSize))
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
      let worker = Worker(state: state, chunk: queue.piece, totalSteps: totalSteps)
      while let examples = queue.next() {
        for s in 0..<steps {
          worker.step(lo: examples.lowerBound, hi: examples.upperBound, stepIndex: firstStep + s, chunkStart: s == 0)
        }
      }
      results[2 * t] = worker.counters.synapticOperations
      results[2 * t + 1] = worker.counters.denseOperations
    }
    state.step += steps
    state.probeSteps = totalSteps
    var c = Counters()
    for t in 0..<parts {
      c.synapticOperations += results[2 * t]
      c.denseOperations += results[2 * t + 1]
    }
    return c
  }
}

/// One thread's scratch space and step logic for a chunk of examples.
private final class Worker {
  /// Owns the buffers every pointer below points into, for as long as the worker lives.
  let state: EngineState
  let plan: KernelPlan
  let chunk: Int
  let totalSteps: Int
  /// The kernels' instruction set, read once (``InstructionSet/inUse``).
  let instructions: snn_path
  /// Each LIF population's constants (nil for other neurons), computed once.
  let lifConstants: [LIFKernel.Constants?]
  var counters = Executor.Counters()
  /// The worker's own scratch buffers (kept alive here; used through the pointers below).
  let storage: [AnyObject]
  /// Input currents per population, `chunk x n`.
  let current: [UnsafeMutablePointer<Float>]
  /// Spike events per population: indices and values, `chunk x n` (plus ``Events/slack``),
  /// and counts per row.
  let eventIndex: [UnsafeMutablePointer<Int32>]
  let eventValue: [UnsafeMutablePointer<Float>]
  let eventCount: [UnsafeMutablePointer<Int>]
  /// Filter inputs per filtered connection, `chunk x postSize`.
  let filterInput: [UnsafeMutablePointer<Float>?]
  /// Each connection's weights (elementwise or rows), copied into a cache-line-aligned
  /// buffer of the worker's own.
  let weights: [UnsafeMutablePointer<Float>]
  /// Per-step node inputs (all examples) and their step counts.
  let nodeSequence: [UnsafeMutablePointer<Float>?]
  let nodeSequenceSteps: [Int]

  /// Base pointers of the shared state, and a private deep copy of the plan: touching
  /// shared arrays or buffer objects in the step loop would make every thread bump the
  /// same reference counts, and the cores would fight over those cache lines.
  let nodeOut: [UnsafeMutablePointer<Float>]
  let output: [UnsafeMutablePointer<Float>]
  let voltage: [UnsafeMutablePointer<Float>?]
  let refractory: [UnsafeMutablePointer<Float>?]
  let filterState: [UnsafeMutablePointer<Float>?]
  let filterOut: [UnsafeMutablePointer<Float>?]
  let probeFilterState: [UnsafeMutablePointer<Float>?]
  let probeFilterOut: [UnsafeMutablePointer<Float>?]
  let probeData: [UnsafeMutablePointer<Float>]
  /// Per Poisson population: each example's random stream (shared state) and the worker's
  /// own lookup tables for the examples of its chunk.
  let poissonRNG: [UnsafeMutablePointer<Xoshiro128x8>?]
  let poisson: [PoissonTables?]
  /// Populations whose input current cannot change during a run (fed only by nodes held
  /// constant, without synapses): their current is computed once per chunk, not per step.
  let staticCurrent: [Bool]
  /// Populations whose dense output buffer someone reads (a probe or a dense connection);
  /// the others only publish spike events.
  let outputRead: [Bool]

  /// One Poisson population's lookup tables for `chunk` examples (``PoissonKernel/State``):
  /// derived from the input current alone, so they are rebuilt, not carried, when a chunk
  /// starts.
  struct PoissonTables {
    let cachedCurrent: UnsafeMutablePointer<Float>
    let lambda: UnsafeMutablePointer<Float>
    let threshold: UnsafeMutablePointer<UInt32>
    let active: UnsafeMutablePointer<Int32>
    let activeCount: UnsafeMutablePointer<Int32>
    let cache: PoissonKernel.ThresholdCache
  }

  init(state: EngineState, chunk: Int, totalSteps: Int) {
    self.state = state
    plan = state.plan.deepCopy()
    nodeOut = state.nodeOut.map { $0.base }
    output = state.output.map { $0.base }
    voltage = state.voltage.map { $0?.base }
    refractory = state.refractory.map { $0?.base }
    filterState = state.filterState.map { $0?.base }
    filterOut = state.filterOut.map { $0?.base }
    probeFilterState = state.probeFilterState.map { $0?.base }
    probeFilterOut = state.probeFilterOut.map { $0?.base }
    probeData = state.probeData.map { $0.base }
    staticCurrent = plan.populations.map { [plan, state] pop in
      pop.incoming.allSatisfy { k in
        let c = plan.connections[k]
        if c.filter != nil { return false }
        if case .node(let node) = c.pre { return state.nodeSequence[node] == nil }
        return false
      }
    }
    outputRead = plan.populations.indices.map { [plan] p in
      plan.probes.contains { $0.signal == .output(p) }
        || plan.connections.contains { $0.pre == .population(p) && $0.path == .dense }
    }
    poissonRNG = state.poissonRNG.map { $0?.base }
    var tableBuffers: [AnyObject] = []
    poisson = plan.populations.map { pop in
      guard case .poisson = pop.neuron else { return nil }
      let stride = PoissonKernel.stride(pop.n)
      let cached = Buffer<Float>(count: chunk * pop.n, repeating: .nan)
      let lambda = Buffer<Float>(count: chunk * pop.n, repeating: 0)
      let threshold = Buffer<UInt32>(count: chunk * PoissonKernel.rows * stride, repeating: .max)
      let active = Buffer<Int32>(count: chunk * stride, repeating: 0)
      let activeCount = Buffer<Int32>(count: chunk, repeating: 0)
      let cache = PoissonKernel.ThresholdCache.storage()
      tableBuffers += [cached, lambda, threshold, active, activeCount, cache.keys, cache.values]
      return PoissonTables(
        cachedCurrent: cached.base, lambda: lambda.base, threshold: threshold.base, active: active.base,
        activeCount: activeCount.base,
        cache: PoissonKernel.ThresholdCache(keys: cache.keys.base, values: cache.values.base))
    }
    self.chunk = chunk
    self.totalSteps = totalSteps
    instructions = InstructionSet.inUse.path
    lifConstants = plan.populations.map { [plan] pop in
      guard case .lif(let tauRC, let tauRef, let minVoltage, let amplitude, let subtract) = pop.neuron else { return nil }
      return LIFKernel.Constants(
        dt: plan.dt, tauRC: tauRC, tauRef: tauRef, minVoltage: minVoltage, amplitude: amplitude, subtract: subtract)
    }
    let currentBuffers = plan.populations.map { Buffer<Float>(count: chunk * $0.n, repeating: 0) }
    let indexBuffers = plan.populations.map { Buffer<Int32>(count: chunk * $0.n + Events.slack, repeating: 0) }
    let valueBuffers = plan.populations.map { Buffer<Float>(count: chunk * $0.n + Events.slack, repeating: 0) }
    let countBuffers = plan.populations.map { _ in Buffer<Int>(count: chunk, repeating: 0) }
    let filterBuffers = plan.connections.map { c in c.filter.map { _ in Buffer<Float>(count: chunk * c.postSize, repeating: 0) } }
    let weightBuffers = plan.connections.map { c in
      let values: [Float]
      switch c.weights {
      case .elementwise(let w): values = w
      case .rows(let w): values = w
      }
      let buffer = Buffer<Float>(count: values.count, repeating: 0)
      values.withUnsafeBufferPointer { v in
        if let v = v.baseAddress { buffer.base.update(from: v, count: values.count) }
      }
      return buffer
    }
    weights = weightBuffers.map { $0.base }
    storage =
      currentBuffers + indexBuffers + valueBuffers + countBuffers + filterBuffers.compactMap { $0 } + weightBuffers
      + tableBuffers
    current = currentBuffers.map { $0.base }
    eventIndex = indexBuffers.map { $0.base }
    eventValue = valueBuffers.map { $0.base }
    eventCount = countBuffers.map { $0.base }
    filterInput = filterBuffers.map { $0?.base }
    nodeSequence = state.nodeSequence.map { $0?.base }
    nodeSequenceSteps = state.nodeSequenceSteps
  }

  /// One step of examples `lo..<hi`; `chunkStart` marks the first step of this chunk.
  func step(lo: Int, hi: Int, stepIndex: Int, chunkStart: Bool) {
    let rows = hi - lo
    for (k, node) in plan.nodes.enumerated() {
      guard let seq = nodeSequence[k] else { continue }
      let t = min(stepIndex, nodeSequenceSteps[k] - 1)
      for r in 0..<rows {
        let b = lo + r
        (nodeOut[k] + b * node.size).update(
          from: seq + (b * nodeSequenceSteps[k] + t) * node.size, count: node.size)
      }
    }
    for p in plan.order {
      let pop = plan.populations[p]
      let j = current[p]
      if staticCurrent[p] && !chunkStart {
        stepNeurons(p, lo: lo, rows: rows, currentChanged: false)
        continue
      }
      for r in 0..<rows {
        pop.bias.withUnsafeBufferPointer { bias in
          guard let bias = bias.baseAddress else { return }
          (j + r * pop.n).update(from: bias, count: pop.n)
        }
      }
      for k in pop.incoming {
        if let y = filterOut[k] {
          for r in 0..<rows { add(y + (lo + r) * pop.n, into: j + r * pop.n, count: pop.n) }
        } else {
          apply(k, lo: lo, rows: rows, into: j)
        }
      }
      stepNeurons(p, lo: lo, rows: rows, currentChanged: true)
    }
    for (k, conn) in plan.connections.enumerated() {
      guard let filter = conn.filter, let u = filterInput[k], let x = filterState[k], let y = filterOut[k] else {
        continue
      }
      u.update(repeating: 0, count: rows * conn.postSize)
      apply(k, lo: lo, rows: rows, into: u)
      for r in 0..<rows {
        let b = lo + r
        FilterKernel.update(
          filter, size: conn.postSize, input: u + r * conn.postSize,
          state: x + b * filter.order * conn.postSize, output: y + b * conn.postSize)
      }
    }
    record(lo: lo, rows: rows, stepIndex: stepIndex)
  }

  /// `dest += W x` for rows `lo..<lo+rows` of connection `k`'s source.
  func apply(_ k: Int, lo: Int, rows: Int, into dest: UnsafeMutablePointer<Float>) {
    let conn = plan.connections[k]
    let w = weights[k]
    let (x, events) = source(conn.pre)
    if conn.isElementwise {
      for r in 0..<rows {
        let d = dest + r * conn.postSize
        if conn.path == .event, let p = events {
          let n = eventCount[p][r]
          let idx = eventIndex[p] + r * plan.populations[p].n
          let val = eventValue[p] + r * plan.populations[p].n
          for e in 0..<n { d[Int(idx[e])] += w[Int(idx[e])] * val[e] }
          counters.synapticOperations += n
        } else {
          let xs = x + (lo + r) * conn.preSize
          for i in 0..<conn.postSize { d[i] += w[i] * xs[i] }
          counters.denseOperations += conn.postSize
        }
      }
    } else if conn.path == .event, let p = events {
      let n = plan.populations[p].n
      for r in 0..<rows {
        let count = eventCount[p][r]
        snn_row_add(
          instructions, w, Int64(conn.postSize), eventIndex[p] + r * n, eventValue[p] + r * n, Int64(count),
          dest + r * conn.postSize)
        counters.synapticOperations += count * conn.postSize
      }
    } else {
      GEMM.sgemm(
        m: rows, n: conn.postSize, k: conn.preSize, a: x + lo * conn.preSize, lda: conn.preSize,
        b: w, ldb: conn.postSize, c: dest, ldc: conn.postSize, alpha: 1, beta: 1)
      counters.denseOperations += rows * conn.preSize * conn.postSize
    }
  }

  /// The source's output buffer (all rows) and, for spiking populations, its index.
  func source(_ src: SignalSource) -> (UnsafeMutablePointer<Float>, Int?) {
    switch src {
    case .node(let k): return (nodeOut[k], nil)
    case .population(let p):
      return (output[p], plan.populations[p].neuron.isSpiking ? p : nil)
    }
  }

  /// Steps population `p`; `currentChanged: false` promises its current is as last step.
  func stepNeurons(_ p: Int, lo: Int, rows: Int, currentChanged: Bool) {
    let pop = plan.populations[p]
    let n = pop.n
    let dt = plan.dt
    let lif = lifConstants[p]
    for r in 0..<rows {
      let b = lo + r
      let j = current[p] + r * n
      let out = output[p] + b * n
      let ei = eventIndex[p] + r * n
      let ev = eventValue[p] + r * n
      var count = 0
      switch pop.neuron {
      case .lif:
        guard let v = voltage[p], let ref = refractory[p], let k = lif else { return }
        count = LIFKernel.step(
          k, path: instructions, n: n, current: j, voltage: v + b * n, refractory: ref + b * n, output: out,
          eventIndex: ei, eventValue: ev)
      case .rate(let f):
        RateKernels.rateStep(f, n: n, current: j, output: out)
      case .spikingRectifiedLinear(let amplitude):
        guard let v = voltage[p] else { return }
        count = RateKernels.integrateAndFire(
          n: n, dt: dt, height: amplitude / dt, drive: { max(j[$0], 0) }, voltage: v + b * n, output: out,
          eventIndex: ei, eventValue: ev)
      case .regular(let base, let amplitude):
        guard let v = voltage[p] else { return }
        count = RateKernels.integrateAndFire(
          n: n, dt: dt, height: amplitude / dt, drive: { RateKernels.rate(base, j[$0]) }, voltage: v + b * n,
          output: out, eventIndex: ei, eventValue: ev)
      case .poisson(let base, let amplitude):
        guard let tables = poisson[p], let rng = poissonRNG[p] else { return }
        let stride = PoissonKernel.stride(n)
        let st = PoissonKernel.State(
          cachedCurrent: tables.cachedCurrent + r * n, lambda: tables.lambda + r * n,
          threshold: tables.threshold + PoissonKernel.rows * r * stride, stride: stride,
          active: tables.active + r * stride, activeCount: tables.activeCount + r, rng: rng + b, cache: tables.cache)
        count = PoissonKernel.step(
          path: instructions, base: base, height: amplitude / dt, dt: dt, n: n, current: j,
          currentMayHaveChanged: currentChanged, state: st, output: outputRead[p] ? out : nil, eventIndex: ei,
          eventValue: ev)
      }
      eventCount[p][r] = count
    }
  }

  func record(lo: Int, rows: Int, stepIndex: Int) {
    for (k, spec) in plan.probes.enumerated() {
      let size = spec.size
      let data = probeData[k]
      for r in 0..<rows {
        let b = lo + r
        let value: UnsafeMutablePointer<Float>
        switch spec.signal {
        case .node(let i): value = nodeOut[i] + b * size
        case .output(let p): value = output[p] + b * size
        case .voltage(let p):
          guard let v = voltage[p] else { continue }
          value = v + b * size
        case .input(let p): value = current[p] + r * size
        }
        var recorded = UnsafePointer(value)
        if let filter = spec.filter, let x = probeFilterState[k], let y = probeFilterOut[k] {
          // Nengo records the filter's output from before this step's update.
          let dest = spec.sumOnly ? data + b * size : data + (b * totalSteps + stepIndex) * size
          let yb = y + b * size
          if spec.sumOnly { add(yb, into: dest, count: size) } else { dest.update(from: yb, count: size) }
          FilterKernel.update(filter, size: size, input: value, state: x + b * filter.order * size, output: yb)
          continue
        }
        recorded = UnsafePointer(value)
        if spec.sumOnly {
          add(recorded, into: data + b * size, count: size)
        } else {
          (data + (b * totalSteps + stepIndex) * size).update(from: recorded, count: size)
        }
      }
    }
  }

  @inline(__always)
  func add(_ src: UnsafePointer<Float>, into dest: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { dest[i] += src[i] }
  }
}
