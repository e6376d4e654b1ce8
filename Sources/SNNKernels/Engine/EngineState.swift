import SNNCore
import SNNModel

/// The live state of a plan for a batch of independent examples: every buffer is
/// `batchSize` rows of the signal's size, so row `b` belongs to example `b` alone.
///
/// Sized by the batch, never by the number of steps, except probes that record every
/// step (opt-in). ``reset(seed:exampleIDs:)`` restores the initial state exactly: each
/// example's random streams and initial voltages derive from the seed and the example's
/// id, so an example behaves the same in any batch, at any position, on any thread.
package final class EngineState<S: EngineScalar>: @unchecked Sendable {
  /// The plan this state belongs to.
  package let plan: KernelPlan
  /// Number of examples simulated together.
  package let batchSize: Int
  /// Steps run since the last reset.
  package internal(set) var step = 0
  /// The examples (rows `0..<activeExamples`) the last reset started: only they are
  /// stepped and recorded (a last, partial batch runs in the same state).
  package private(set) var activeExamples: Int

  let nodeOut: [Buffer<S>]
  var nodeSequence: [Buffer<S>?]
  var nodeSequenceSteps: [Int]
  let output: [Buffer<S>]
  let voltage: [Buffer<S>?]
  let refractory: [Buffer<S>?]
  /// A population's ``NeuronKernelState/auxiliary`` state (adaptation, recovery).
  let auxiliary: [Buffer<S>?]
  /// Per example, the random stream of each Poisson population (its lookup tables are
  /// rebuilt from the current by each worker, for the examples it steps).
  let poissonRNG: [Buffer<Xoshiro128x8>?]
  let filterState: [Buffer<S>?]
  let filterOut: [Buffer<S>?]
  let probeFilterState: [Buffer<S>?]
  let probeFilterOut: [Buffer<S>?]
  var probeData: [Buffer<S>]
  var probeSteps: Int = 0
  /// Per probe, the row each step since the reset is recorded at (-1: not sampled), for
  /// probes with a sampling period; and the number of rows recorded so far.
  var sampleRows: [Buffer<Int32>?]
  var probeRows: [Int]
  /// Per process node, each active example's signal (made at reset).
  var processSignals: [[ProcessSignal]]
  /// Each learning connection's per-example weights and rule filters.
  let learning: [LearningState<S>?]

  /// Allocates the state of `plan` for `batchSize` examples and resets it with `seed` and
  /// example ids `0..<batchSize`.
  package init(plan: KernelPlan, batchSize: Int, seed: UInt64) {
    precondition(batchSize > 0, "batch size must be positive")
    self.plan = plan
    self.batchSize = batchSize
    activeExamples = batchSize
    let b = batchSize
    nodeOut = plan.nodes.map { Buffer(count: b * $0.size, repeating: 0) }
    nodeSequence = plan.nodes.map { _ in nil }
    nodeSequenceSteps = plan.nodes.map { _ in 0 }
    output = plan.populations.map { Buffer(count: b * $0.n, repeating: 0) }
    voltage = plan.populations.map { $0.neuron.state.contains(.voltage) ? Buffer(count: b * $0.n, repeating: 0) : nil }
    refractory = plan.populations.map {
      $0.neuron.state.contains(.refractory) ? Buffer(count: b * $0.n, repeating: 0) : nil
    }
    auxiliary = plan.populations.map {
      $0.neuron.state.contains(.auxiliary) ? Buffer(count: b * $0.n, repeating: 0) : nil
    }
    poissonRNG = plan.populations.map {
      $0.neuron.state.contains(.randomStream) ? Buffer(count: b, repeating: Xoshiro128x8(seed: 0)) : nil
    }
    filterState = plan.connections.map { c in c.filter.map { Buffer(count: b * $0.order * c.postSize, repeating: 0) } }
    filterOut = plan.connections.map { c in c.filter.map { _ in Buffer(count: b * c.postSize, repeating: 0) } }
    probeFilterState = plan.probes.map { p in p.filter.map { Buffer(count: b * $0.order * p.size, repeating: 0) } }
    probeFilterOut = plan.probes.map { p in p.filter.map { _ in Buffer(count: b * p.size, repeating: 0) } }
    probeData = plan.probes.map { _ in Buffer(count: 0, repeating: 0) }
    sampleRows = plan.probes.map { _ in nil }
    probeRows = plan.probes.map { _ in 0 }
    processSignals = plan.nodes.map { _ in [] }
    learning = plan.connections.map { c in c.learning.map { LearningState(c, $0, plan: plan, batchSize: b) } }
    reset(seed: seed, exampleIDs: (0..<UInt64(b)).map { $0 })
  }

  /// Restores the initial state: zero outputs, synapses, refractory times and auxiliary
  /// states (Nengo's initial adaptation and recovery), initial
  /// voltages, fresh random streams, no recorded probe data. Node inputs are kept.
  /// - Parameters:
  ///   - seed: the simulator seed.
  ///   - exampleIDs: one id per active batch row, `1...batchSize` of them (e.g. the index
  ///     of the example in its data set); the row's random streams derive from
  ///     `(seed, population, id)`. Rows past them are idle until the next reset.
  package func reset(seed: UInt64, exampleIDs: [UInt64]) {
    precondition((1...batchSize).contains(exampleIDs.count), "one example id per active batch row")
    activeExamples = exampleIDs.count
    step = 0
    for (k, node) in plan.nodes.enumerated() {
      switch node.output {
      case .constant(let constant):
        let values = constant.map { S($0) }
        for b in 0..<batchSize { nodeOut[k].write(values, at: b * node.size) }
      case .process(let process):
        let nodeSeed = deriveSeed(seed, 0x9_0000 &+ UInt64(k))
        processSignals[k] = exampleIDs.map { id in
          do {
            return try process.signal(
              dt: plan.dt, seed: ProcessSignal.exampleSeed(nodeSeed, example: Int(truncatingIfNeeded: id)),
              object: node.label)
          } catch {
            preconditionFailure("the builder checked \(node.label)'s process for this dt: \(error)")
          }
        }
      case .passthrough, .function, .time:
        nodeOut[k].fill(0)
      case .input: break
      }
    }
    for (p, pop) in plan.populations.enumerated() {
      output[p].fill(0)
      refractory[p]?.fill(0)
      auxiliary[p]?.fill(0)
      if let r = refractory[p], let initial = pop.initialRefractory?.map({ S($0) }) {
        for b in 0..<batchSize { r.write(initial, at: b * pop.n) }
      }
      let popSeed = deriveSeed(seed, UInt64(p))
      for (b, id) in exampleIDs.enumerated() {
        let stream = deriveSeed(popSeed, id)
        if let v = voltage[p] {
          switch pop.initialVoltage {
          case .values(let values): v.write(values.map { S($0) }, at: b * pop.n)
          case .uniform(let low, let high):
            // The same stream in both precisions: a float draw, exact in double.
            var rng = SplitMix64(seed: stream)
            let (low, high) = (S(low), S(high))
            for i in 0..<pop.n { v[b * pop.n + i] = low + (high - low) * S(rng.nextUnitFloat()) }
          }
        }
        poissonRNG[p]?[b] = Xoshiro128x8(seed: deriveSeed(stream, 1))
      }
    }
    for f in filterState { f?.fill(0) }
    for f in filterOut { f?.fill(0) }
    for f in probeFilterState { f?.fill(0) }
    for f in probeFilterOut { f?.fill(0) }
    for l in learning { l?.reset() }
    probeData = plan.probes.map { _ in Buffer(count: 0, repeating: 0) }
    probeSteps = 0
    sampleRows = plan.probes.map { _ in nil }
    probeRows = plan.probes.map { _ in 0 }
  }

  /// Sets a node's output for the first `values.count / size` examples, held constant at
  /// every step.
  /// - Precondition: `values.count` is `size` times `1...batchSize`.
  package func setInput(node k: Int, values: [S]) {
    let size = plan.nodes[k].size
    precondition(values.count % max(size, 1) == 0 && values.count <= batchSize * size, "node input size mismatch")
    nodeOut[k].write(values, at: 0)
    nodeSequence[k] = nil
  }

  /// Sets a node's output for each of the first examples and each step:
  /// `values[(b * steps + t) * size + i]`. Steps past `steps` hold the last row.
  package func setInput(node k: Int, sequence values: [S], steps: Int) {
    let row = steps * plan.nodes[k].size
    precondition(
      steps > 0 && values.count % max(row, 1) == 0 && values.count <= batchSize * row, "node input size mismatch")
    let buffer = Buffer<S>(count: batchSize * row, repeating: 0)
    buffer.write(values, at: 0)
    nodeSequence[k] = buffer
    nodeSequenceSteps[k] = steps
  }

  /// A probe's data: `[batch][steps][size]` flattened (every step), or `[batch][size]` (sum).
  package func probeValues(_ index: Int) -> [S] {
    probeData[index].copy(from: 0, count: probeData[index].count)
  }

  /// Number of steps held by every-step probes.
  package var recordedSteps: Int { probeSteps }

  /// Number of rows (time samples) a probe holds per example: one for a sum, every
  /// sampled step else.
  package func recordedRows(probe k: Int) -> Int { plan.probes[k].sumOnly ? 1 : probeRows[k] }

  /// The current output of population `p` for every example, `[batch][n]` flattened.
  package func outputValues(population p: Int) -> [S] { output[p].copy(from: 0, count: output[p].count) }

  /// The base of a buffer the plan guarantees exists (a LIF population's refractory
  /// times, say): a missing one is a bug in the engine, not in the user's network.
  func required<T>(_ buffers: [Buffer<T>?], _ index: Int) -> UnsafeMutablePointer<T> {
    guard let buffer = buffers[index] else { preconditionFailure("engine state lacks a buffer of its plan") }
    return buffer.base
  }

  /// Grows every-step probe storage to hold `steps` more steps (sum probes hold one row),
  /// and extends each sampled probe's step-to-row table (Nengo's rule: after step `n`, from
  /// 1, keep a sample when `n mod period < 1`).
  func prepareProbes(forAdditionalSteps steps: Int) {
    let newSteps = probeSteps + steps
    for (k, spec) in plan.probes.enumerated() {
      if spec.sumOnly {
        if probeData[k].count == 0 { probeData[k] = Buffer(count: batchSize * spec.size, repeating: 0) }
      }
      var newRows = newSteps
      if let period = spec.period {
        let table = Buffer<Int32>(count: newSteps, repeating: -1)
        if let old = sampleRows[k] { table.write(old.copy(from: 0, count: probeSteps), at: 0) }
        var rows = probeRows[k]
        for step in probeSteps..<newSteps where Double(step + 1).truncatingRemainder(dividingBy: period) < 1 {
          table[step] = Int32(rows)
          rows += 1
        }
        sampleRows[k] = table
        newRows = rows
      }
      if spec.sumOnly { continue }
      let oldRows = probeRows[k]
      let grown = Buffer<S>(count: batchSize * newRows * spec.size, repeating: 0)
      if oldRows > 0 {
        let old = probeData[k]
        for b in 0..<batchSize {
          let rowsOld = oldRows * spec.size
          grown.write(old.copy(from: b * rowsOld, count: rowsOld), at: b * newRows * spec.size)
        }
      }
      probeData[k] = grown
      probeRows[k] = newRows
    }
  }
}
