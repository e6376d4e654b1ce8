import SwiftSNN

/// What each example file defines: its network (built with the public API, as a user
/// writes it), its duration, its ideal and its figures.
protocol NEFExampleDefinition: Sendable {
  /// The name `snn example` takes.
  static var name: String { get }
  /// One line: the network and its figure.
  static var summary: String { get }
  /// Simulated time, in seconds.
  static var duration: Double { get }
  /// The network for `seed`, its decoded output probe and, for learning, the probe the
  /// output is scored against.
  static func network(seed: UInt64) throws -> (network: Network, output: ProbeID, reference: ProbeID?)
  /// The ideal output at steps 1...steps (`t = n dt`): the target through the same
  /// synapses as the signal; nil when the figure needs none.
  static func ideal(steps: Int, dt: Double) -> [[Double]]?
  /// The figures of a run, named as `snn example --json` prints them.
  static func figures(_ trace: NEFExampleTrace) throws -> [NEFFigure]
}

extension NEFExampleDefinition {
  /// The RMSE examples' figure: `rmse` against the ideal over t >= 0.1 s.
  static func rmseFigure(_ trace: NEFExampleTrace) throws -> [NEFFigure] {
    guard let ideal = trace.ideal else { throw NEFExampleError.badTrace("\(name) has no ideal trace") }
    return [NEFFigure("rmse", try NEFFigures.rmse(t: trace.t, output: trace.output, ideal: ideal))]
  }
}

/// One figure of a run: its key (`rmse`, `frequency_hz`, ...) and value.
public struct NEFFigure: Sendable, Equatable {
  /// The key `snn example --json` prints.
  public let key: String
  /// The value (RMSE in the units of the represented value, frequency in Hz, ...).
  public let value: Double

  /// A figure.
  public init(_ key: String, _ value: Double) {
    self.key = key
    self.value = value
  }
}

/// The traces of a run, one row per step (`t = n dt`, n = 1...steps).
public struct NEFExampleTrace: Sendable {
  /// The step times, in seconds.
  public let t: [Double]
  /// The decoded output probe, one row of `dimensions` values per step.
  public let output: [[Double]]
  /// The ideal (the target through the same synapses), or the learning example's pre.
  public let ideal: [[Double]]?
}
