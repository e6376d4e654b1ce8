import SNNCore

/// A node's output generated step by step (Nengo's `Process` of a node without input):
/// ``PresentInput``, ``Piecewise`` or ``WhiteSignal``.
///
/// A process is a description. ``signal(dt:seed:object:)`` checks it against the time step
/// and builds its ``ProcessSignal``, the generator the simulator reads: the node's output
/// at step `k` (time `t = k dt`, step 1 first, as Nengo's `t`). A random process draws from
/// `seed`: a batch gives each example its own seed (``ProcessSignal/exampleSeed(_:example:)``),
/// so an example's signal does not depend on the batch size or the thread count.
public enum NodeProcess: Sendable, Hashable {
  /// Inputs shown one after the other, each for the same time.
  case presentInput(PresentInput)
  /// Values from given times on (or linearly interpolated).
  case piecewise(Piecewise)
  /// Band-limited white noise, periodic.
  case whiteSignal(WhiteSignal)

  /// The output size.
  public var sizeOut: Int {
    switch self {
    case .presentInput(let p): p.inputs.cols
    case .piecewise(let p): p.values.first?.count ?? 0
    case .whiteSignal(let p): p.size
    }
  }

  /// Checks the process for time step `dt` (seconds) and builds its generator.
  /// - Parameters:
  ///   - dt: the simulation time step, in seconds (> 0).
  ///   - seed: the random seed (used by ``WhiteSignal`` only).
  ///   - object: the node's label, named in errors.
  /// - Throws: ``ModelError`` naming `object` and the parameter at fault.
  public func signal(dt: Double, seed: UInt64, object: String) throws(ModelError) -> ProcessSignal {
    guard dt > 0, dt.isFinite else {
      throw ModelError(object: object, attribute: "dt", "time step must be finite and > 0, got \(dt)")
    }
    switch self {
    case .presentInput(let p):
      try p.validate(object: object)
      return ProcessSignal(size: p.inputs.cols, dt: dt, kind: .presentInput(p))
    case .piecewise(let p):
      try p.validate(object: object)
      return ProcessSignal(size: sizeOut, dt: dt, kind: .piecewise(p))
    case .whiteSignal(let p):
      let table = try p.table(dt: dt, seed: seed, object: object)
      return ProcessSignal(size: p.size, dt: dt, kind: .table(table))
    }
  }
}

/// A process's output, ready to be read step by step (see ``NodeProcess``).
public struct ProcessSignal: Sendable {
  enum Kind: Sendable {
    case presentInput(PresentInput)
    case piecewise(Piecewise)
    /// One period of a periodic signal, row `k mod rows` at step `k`.
    case table(DoubleMatrix)
  }

  /// The output size.
  public let size: Int
  /// The time step, in seconds.
  public let dt: Double
  let kind: Kind

  /// The output at step `k` (`k >= 1`, time `k dt`), `size` values.
  public func output(step k: Int) -> [Double] {
    let t = Double(k) * dt  // Nengo's time signal: step * dt
    switch kind {
    case .presentInput(let p): return p.output(t: t, dt: dt)
    case .piecewise(let p): return p.output(t: t, dt: dt)
    case .table(let table):
      let r = ((k % table.rows) + table.rows) % table.rows
      return Array(table.values[(r * size)..<((r + 1) * size)])
    }
  }

  /// The seed of example `example` of a batch whose process seed is `seed`: each example
  /// draws its own signal, the same whatever the batch it runs in.
  public static func exampleSeed(_ seed: UInt64, example: Int) -> UInt64 {
    deriveSeed(seed, UInt64(example))
  }
}
