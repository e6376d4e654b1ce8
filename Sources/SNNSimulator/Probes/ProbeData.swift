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
  /// The values, `[(b * steps + t) * size + i]`.
  public let values: [Float]

  /// The value for example `b` at step `t`, component `i`.
  public subscript(b: Int, t: Int, i: Int) -> Float { values[(b * steps + t) * size + i] }

  /// Example `b`'s trace, one array of `size` per step.
  public func trace(example b: Int) -> [[Float]] {
    (0..<steps).map { t in Array(values[((b * steps + t) * size)..<((b * steps + t + 1) * size)]) }
  }

  /// Example `b`'s values summed over steps (spike outputs: count times amplitude/dt).
  public func sum(example b: Int) -> [Float] {
    var out = [Float](repeating: 0, count: size)
    for t in 0..<steps {
      for i in 0..<size { out[i] += values[(b * steps + t) * size + i] }
    }
    return out
  }
}
