import SNNCore
import SNNModel
import SNNSimulator

/// A simulator driven through the C API (`snn_simulator *`): the Swift ``Simulator`` plus
/// the node functions that feed its input nodes step by step.
final class SimulatorHandle {
  let simulator: Simulator
  let ids: ObjectIDs
  /// Node functions by node index, called before every step.
  private var functions: [Int: (f: SNNNodeFunction, context: UnsafeMutableRawPointer?)] = [:]

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
    let size = nodes[k].size
    try simulator.setInput(
      ids.nodes[k],
      try Matrix(rows: values.count / max(size, 1), cols: size, values: values.map { Float($0) }))
  }

  /// Gives a node's output for the next `steps` steps (`batch x steps x size`); later steps
  /// hold the last row. The engine indexes a sequence from the last reset, so the steps
  /// already run are padded with the first row.
  func setSequence(node index: Int64, _ values: [Double], steps: Int) throws {
    let k = try inputNode(index)
    let size = nodes[k].size
    let batch = simulator.batchSize
    guard steps > 0, values.count == batch * steps * size else {
      throw CAPIError(.argument,
        "node '\(nodes[k].label)': \(values.count) input values given, expected batch \(batch) x steps \(steps) x size \(size)")
    }
    functions[k] = nil
    let done = simulator.steps
    var padded = [Float](repeating: 0, count: batch * (done + steps) * size)
    for b in 0..<batch {
      for t in 0..<(done + steps) {
        let from = (b * steps + max(0, t - done)) * size
        let to = (b * (done + steps) + t) * size
        for i in 0..<size { padded[to + i] = Float(values[from + i]) }
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
  }

  /// Runs `steps` steps; with node functions, one step at a time, each function called at
  /// the step's time t = (step + 1) dt with its output held for every example.
  func run(steps: Int) throws {
    guard steps >= 0 else { throw CAPIError(.argument, "steps must be >= 0, got \(steps)") }
    if functions.isEmpty {
      simulator.run(steps: steps)
      return
    }
    let batch = simulator.batchSize
    for _ in 0..<steps {
      let t = Double(simulator.steps + 1) * simulator.dt
      for (k, function) in functions.sorted(by: { $0.key < $1.key }) {
        let size = nodes[k].size
        var out = [Double](repeating: .nan, count: size)
        let status = out.withUnsafeMutableBufferPointer {
          function.f(t, nil, 0, $0.baseAddress, Int64(size), function.context)
        }
        guard status == 0 else {
          throw CAPIError(.callback, "node '\(nodes[k].label)': its function failed at t = \(t) s (status \(status))")
        }
        guard out.allSatisfy(\.isFinite) else {
          throw CAPIError(.callback, "node '\(nodes[k].label)': its function returned NaN or infinite values at t = \(t) s")
        }
        var row = [Float](repeating: 0, count: batch * size)
        for b in 0..<batch {
          for i in 0..<size { row[b * size + i] = Float(out[i]) }
        }
        try simulator.setInput(ids.nodes[k], try Matrix(rows: batch, cols: size, values: row))
      }
      simulator.run(steps: 1)
    }
  }
}
