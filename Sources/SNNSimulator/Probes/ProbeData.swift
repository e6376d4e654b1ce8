/// What a probe recorded: `batchSize x steps x size` values (a sum probe has one step).
public struct ProbeData: Sendable, Equatable {
  /// The probe's label.
  public let label: String
  /// Number of examples.
  public let batchSize: Int
  /// Number of recorded steps.
  public let steps: Int
  /// Size of the probed signal.
  public let size: Int
  /// The values in the precision the simulator ran in.
  public enum Storage: Sendable, Equatable {
    /// Values of a simulation in ``Precision/float32``.
    case float32([Float])
    /// Values of a simulation in ``Precision/float64``.
    case float64([Double])
  }
  /// The values, `[(b * steps + t) * size + i]`, in the simulator's precision.
  public let storage: Storage

  /// The precision of the values.
  public var precision: Precision {
    if case .float64 = storage { return .float64 }
    return .float32
  }

  /// The values, `[(b * steps + t) * size + i]`, in float32 (rounded when the simulator
  /// ran in float64: read ``doubleValues`` then).
  public var values: [Float] {
    switch storage {
    case .float32(let v): return v
    case .float64(let v): return v.map(Float.init)
    }
  }

  /// The values, `[(b * steps + t) * size + i]`, in float64 (exact in both precisions).
  public var doubleValues: [Double] {
    switch storage {
    case .float32(let v): return v.map(Double.init)
    case .float64(let v): return v
    }
  }

  /// The value for example `b` at step `t`, component `i` (float32).
  public subscript(b: Int, t: Int, i: Int) -> Float {
    switch storage {
    case .float32(let v): return v[(b * steps + t) * size + i]
    case .float64(let v): return Float(v[(b * steps + t) * size + i])
    }
  }

  /// The value for example `b` at step `t`, component `i`, in float64.
  public func double(_ b: Int, _ t: Int, _ i: Int) -> Double {
    switch storage {
    case .float32(let v): return Double(v[(b * steps + t) * size + i])
    case .float64(let v): return v[(b * steps + t) * size + i]
    }
  }

  /// Example `b`'s trace, one array of `size` per step.
  public func trace(example b: Int) -> [[Float]] {
    let values = self.values
    return (0..<steps).map { t in Array(values[((b * steps + t) * size)..<((b * steps + t + 1) * size)]) }
  }

  /// Example `b`'s values summed over steps (spike outputs: count times amplitude/dt).
  public func sum(example b: Int) -> [Float] {
    var out = [Float](repeating: 0, count: size)
    for t in 0..<steps {
      for i in 0..<size { out[i] += self[b, t, i] }
    }
    return out
  }
}
