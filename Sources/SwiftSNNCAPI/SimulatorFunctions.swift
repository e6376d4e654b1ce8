import SNNModel
import SNNSimulator

// The simulator half of the C API: build a simulator from a network, feed its input
// nodes, run, read probes, reset. Every function returns a status (0 = success; see
// `snn_last_error`).

/// Builds a simulator of `batch_size` independent examples from `network` (which may be
/// freed afterwards). `dt` in seconds; `seed` < 0 derives it from the network's seed;
/// `threads` 0 uses every core; `precision` 32 or 64 (bits: float32 for speed, float64 to
/// equal Nengo's reference simulator).
@_cdecl("snn_simulator_create")
public func snn_simulator_create(
  _ network: UnsafeMutableRawPointer?, _ dt: Double, _ batchSize: Int64, _ seed: Int64, _ threads: Int64,
  _ precision: Int32, _ outSimulator: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> Int32 {
  capture {
    let h = try object(network, as: NetworkHandle.self, name: "network")
    guard let outSimulator else { throw CAPIError(.argument, "snn_simulator_create: out_simulator is NULL") }
    guard dt > 0, dt.isFinite else {
      throw CAPIError(.argument, "\(h.network.label): dt must be positive, got \(dt) s")
    }
    guard threads >= 0 else { throw CAPIError(.argument, "threads must be >= 0, got \(threads)") }
    let engine: Precision
    switch precision {
    case 32: engine = .float32
    case 64: engine = .float64
    default: throw CAPIError(.argument, "precision must be 32 or 64 (bits), got \(precision)")
    }
    let sim = try Simulator(
      h.network, dt: dt, batchSize: Int(clamping: batchSize), seed: seed < 0 ? nil : UInt64(seed),
      threads: threads == 0 ? nil : Int(threads), options: EngineOptions(precision: engine))
    outSimulator.pointee = Unmanaged.passRetained(SimulatorHandle(sim, ids: h.ids)).toOpaque()
  }
}

/// Frees a simulator (NULL is ignored).
@_cdecl("snn_simulator_free")
public func snn_simulator_free(_ simulator: UnsafeMutableRawPointer?) {
  guard let simulator else { return }
  Unmanaged<SimulatorHandle>.fromOpaque(simulator).release()
}

/// Holds an input node's output at `values`, `batch_size x size` row-major (`count`
/// values), at every step from now on.
@_cdecl("snn_simulator_set_input")
public func snn_simulator_set_input(
  _ simulator: UnsafeMutableRawPointer?, _ node: Int64, _ values: UnsafePointer<Double>?, _ count: Int64
) -> Int32 {
  capture {
    let h = try object(simulator, as: SimulatorHandle.self, name: "simulator")
    try h.setHeld(node: node, try doubles(values, count, "node #\(node) input"))
  }
}

/// Gives an input node's output for each of the next `steps` steps: `values` is
/// `batch_size x steps x size` row-major; steps after these hold the last row.
@_cdecl("snn_simulator_set_input_sequence")
public func snn_simulator_set_input_sequence(
  _ simulator: UnsafeMutableRawPointer?, _ node: Int64, _ values: UnsafePointer<Double>?, _ count: Int64,
  _ steps: Int64
) -> Int32 {
  capture {
    let h = try object(simulator, as: SimulatorHandle.self, name: "simulator")
    try h.setSequence(node: node, try doubles(values, count, "node #\(node) input"), steps: Int(clamping: steps))
  }
}

/// Makes `function` give an input node's output before every step (the same output for
/// every example): `function(t, NULL, 0, out, size, context)` returns 0, or nonzero to stop
/// the run with status 4. `out` is the same buffer at every call for the simulator's life.
/// NULL stops calling it (the last output is held).
@_cdecl("snn_simulator_set_function")
public func snn_simulator_set_function(
  _ simulator: UnsafeMutableRawPointer?, _ node: Int64, _ function: SNNNodeFunction?,
  _ context: UnsafeMutableRawPointer?
) -> Int32 {
  capture {
    let h = try object(simulator, as: SimulatorHandle.self, name: "simulator")
    try h.setFunction(node: node, function, context: context)
  }
}

/// Advances every example by `steps` steps.
@_cdecl("snn_simulator_run")
public func snn_simulator_run(_ simulator: UnsafeMutableRawPointer?, _ steps: Int64) -> Int32 {
  capture {
    let h = try object(simulator, as: SimulatorHandle.self, name: "simulator")
    try h.run(steps: Int(clamping: steps))
  }
}

/// The number of steps run since the last reset (-1 for a NULL handle).
@_cdecl("snn_simulator_steps")
public func snn_simulator_steps(_ simulator: UnsafeMutableRawPointer?) -> Int64 {
  guard let simulator else { return -1 }
  return Int64(Unmanaged<SimulatorHandle>.fromOpaque(simulator).takeUnretainedValue().simulator.steps)
}

/// Restores the initial state and clears probe data. `seed` < 0 keeps each example's
/// random streams; otherwise example `b` takes the streams of example id
/// `seed * batch_size + b` (so seed 0 is the state the simulator was built with).
@_cdecl("snn_simulator_reset")
public func snn_simulator_reset(_ simulator: UnsafeMutableRawPointer?, _ seed: Int64) -> Int32 {
  capture {
    let h = try object(simulator, as: SimulatorHandle.self, name: "simulator")
    let batch = UInt64(h.simulator.batchSize)
    h.simulator.reset(exampleIDs: seed < 0 ? nil : (0..<batch).map { UInt64(seed) &* batch &+ $0 })
  }
}

/// The shape of a probe's data: `batch x steps x size`.
@_cdecl("snn_simulator_probe_shape")
public func snn_simulator_probe_shape(
  _ simulator: UnsafeMutableRawPointer?, _ probe: Int64, _ outBatch: UnsafeMutablePointer<Int64>?,
  _ outSteps: UnsafeMutablePointer<Int64>?, _ outSize: UnsafeMutablePointer<Int64>?
) -> Int32 {
  capture {
    let h = try object(simulator, as: SimulatorHandle.self, name: "simulator")
    let data = h.simulator.data(try h.ids.probe(probe))
    outBatch?.pointee = Int64(data.batchSize)
    outSteps?.pointee = Int64(data.steps)
    outSize?.pointee = Int64(data.size)
  }
}

/// Copies a probe's data into `out` (`count` = batch x steps x size doubles, row-major).
@_cdecl("snn_simulator_read_probe")
public func snn_simulator_read_probe(
  _ simulator: UnsafeMutableRawPointer?, _ probe: Int64, _ out: UnsafeMutablePointer<Double>?, _ count: Int64
) -> Int32 {
  capture {
    let h = try object(simulator, as: SimulatorHandle.self, name: "simulator")
    let data = h.simulator.data(try h.ids.probe(probe))
    let values = data.doubleValues
    guard count == values.count else {
      throw CAPIError(
        .argument,
        "probe '\(data.label)': buffer of \(count) values given, its data has \(data.batchSize) x \(data.steps) x \(data.size) = \(values.count)"
      )
    }
    guard let out else { throw CAPIError(.argument, "probe '\(data.label)': output buffer is NULL") }
    values.withUnsafeBufferPointer { v in
      if let base = v.baseAddress { out.update(from: base, count: v.count) }
    }
  }
}
