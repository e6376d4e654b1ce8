import SNNModel
import SNNSimulator

/// A simulator driven through the C API (`snn_simulator *`): the Swift ``Simulator`` plus
/// the node functions that feed its input nodes step by step.
final class SimulatorHandle {
  let simulator: Simulator
  let ids: ObjectIDs
  /// Node functions by node index, called before every step.
  private var functions: [Int: (f: SNNNodeFunction, context: UnsafeMutableRawPointer?)] = [:]
  /// Where each node function writes its output: one buffer per node for the simulator's
  /// life, so a caller may keep a view of it (Python makes one numpy view, not one per call).
  private var scratch: [Int: UnsafeMutableBufferPointer<Double>] = [:]

  deinit {
    for buffer in scratch.values { buffer.deallocate() }
  }

  init(_ simulator: Simulator, ids: ObjectIDs) {
    self.simulator = simulator
    self.ids = ids
  }

  private var nodes: [Node] { simulator.plan.network.nodes }

  private func inputNode(_ index: Int64) throws -> Int {
    _ = try ids.node(index)
    return Int(index)
  }

  /// Holds a node's output at `values` (`batch x size`) from now on.
  func setHeld(node index: Int64, _ values: [Double]) throws {
    let k = try inputNode(index)
    functions[k] = nil
    try simulator.setInput(ids.nodes[k], values: values)
  }

  /// Gives a node's output for the next `steps` steps (`batch x steps x size`); later steps
  /// hold the last row. The engine indexes a sequence from the last reset, so the steps
  /// already run are padded with the first row.
  func setSequence(node index: Int64, _ values: [Double], steps: Int) throws {
    let k = try inputNode(index)
    let size = nodes[k].size
    let batch = simulator.batchSize
    guard steps > 0, values.count == batch * steps * size else {
      throw CAPIError(
        .argument,
        "node '\(nodes[k].label)': \(values.count) input values given, expected batch \(batch) x steps \(steps) x size \(size)"
      )
    }
    functions[k] = nil
    let done = simulator.steps
    var padded = [Double](repeating: 0, count: batch * (done + steps) * size)
    for b in 0..<batch {
      for t in 0..<(done + steps) {
        let from = (b * steps + max(0, t - done)) * size
        let to = (b * (done + steps) + t) * size
        for i in 0..<size { padded[to + i] = values[from + i] }
      }
    }
    try simulator.setInput(ids.nodes[k], sequence: padded, steps: done + steps)
  }

  /// Calls `f` for a node's output before every step from now on (NULL: stop calling).
  func setFunction(node index: Int64, _ f: SNNNodeFunction?, context: UnsafeMutableRawPointer?) throws {
    let k = try inputNode(index)
    guard case .input = nodes[k].source else {
      throw CAPIError(.argument, "node '\(nodes[k].label)' has a constant output and takes no function")
    }
    functions[k] = f.map { ($0, context) }
    if f != nil, scratch[k] == nil {
      let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: nodes[k].size)
      buffer.initialize(repeating: 0)
      scratch[k] = buffer
    }
  }

  /// The most values a node's per-step sequence may hold (64 MB of floats); longer runs
  /// of node functions go in parts, or step by step.
  var maxSequenceValues = 1 << 24

  /// Runs `steps` steps. Node functions are called in step order, each at its step's time
  /// t = (step + 1) dt, the same output for every example. A node without input depends
  /// on t alone, so the functions of a whole run are called first and their outputs fed
  /// to the engine as one per-step sequence: the engine then runs the steps in one go
  /// instead of one call per step. When a function fails at step k, the k steps before it
  /// run and the run stops there.
  func run(steps: Int) throws {
    guard steps >= 0 else { throw CAPIError(.argument, "steps must be >= 0, got \(steps)") }
    if functions.isEmpty {
      try simulator.run(steps: steps)
      return
    }
    let batch = simulator.batchSize
    let order = functions.keys.sorted()
    let width = order.map { nodes[$0].size * batch }.max() ?? 1
    var remaining = steps
    while remaining > 0 {
      // The engine indexes a sequence from the last reset: the steps already run count.
      let start = simulator.steps
      var part = remaining
      while part > 1 && (start + part) * width > maxSequenceValues { part /= 2 }
      var outputs = order.map { [Double](repeating: 0, count: part * nodes[$0].size) }
      var failure: Error?
      var good = part
      steps: for s in 0..<part {
        let t = Double(start + s + 1) * simulator.dt
        for (j, k) in order.enumerated() {
          do {
            try call(k, at: t, into: &outputs[j], offset: s * nodes[k].size)
          } catch {
            failure = error
            good = s
            break steps
          }
        }
      }
      if good > 0 {
        for (j, k) in order.enumerated() {
          try feed(k, outputs[j], steps: good, heldWhenLong: (start + good) * width > maxSequenceValues)
        }
        try simulator.run(steps: good)
      }
      if let failure { throw failure }
      remaining -= good
    }
  }

  /// Calls node `k`'s function for time `t` (seconds), writing its output at `offset`.
  private func call(_ k: Int, at t: Double, into out: inout [Double], offset: Int) throws {
    guard let function = functions[k], let buffer = scratch[k] else { return }
    let size = nodes[k].size
    buffer.update(repeating: .nan)
    let status = function.f(t, nil, 0, buffer.baseAddress, Int64(size), function.context)
    guard status == 0 else {
      throw CAPIError(.callback, "node '\(nodes[k].label)': its function failed at t = \(t) s (status \(status))")
    }
    guard buffer.allSatisfy(\.isFinite) else {
      throw CAPIError(.callback, "node '\(nodes[k].label)': its function returned NaN or infinite values at t = \(t) s")
    }
    for i in 0..<size { out[offset + i] = buffer[i] }
  }

  /// Gives node `k` the outputs of `steps` steps (the same for every example): held when
  /// every step's output is the same (a function of t that ignores t: the engine then
  /// treats the input as constant) or for a single step whose padded sequence would be too
  /// long, else as a sequence.
  private func feed(_ k: Int, _ outputs: [Double], steps: Int, heldWhenLong: Bool) throws {
    let batch = simulator.batchSize
    let size = nodes[k].size
    let constant = (1..<max(steps, 1)).allSatisfy { s in
      (0..<size).allSatisfy { outputs[s * size + $0] == outputs[$0] }
    }
    if heldWhenLong || constant {
      // A long sequence only gets here for a single step (a part halves down to one).
      var row = [Double](repeating: 0, count: batch * size)
      for b in 0..<batch {
        for i in 0..<size { row[b * size + i] = outputs[i] }
      }
      try simulator.setInput(ids.nodes[k], values: row)
      return
    }
    var values = [Double](repeating: 0, count: batch * steps * size)
    for b in 0..<batch {
      values.withUnsafeMutableBufferPointer { v in
        for i in 0..<(steps * size) { v[b * steps * size + i] = outputs[i] }
      }
    }
    let saved = functions[k]
    try setSequence(node: Int64(k), values, steps: steps)
    functions[k] = saved
  }
}
