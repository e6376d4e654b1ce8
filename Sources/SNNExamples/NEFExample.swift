import Foundation
import SwiftSNN

/// One of SwiftSNN's NEF examples (issue 14): a network built with the public API, run,
/// and scored with the definitions Nengo's runs are scored with (`scripts/nef_figures.py`,
/// `docs/nengo-examples.md`).
///
/// Every example uses dt = 1 ms and Nengo's default ensembles (LIF, max rates U(200, 400)
/// Hz, intercepts U(-1, 0.9), scattered encoders and eval points); each file in
/// `Sources/SNNExamples/Examples/` holds one network, its ideal and its figures.
///
/// ```swift
/// let example = try NEFExample.named("squaring")
/// let run = try example.run(seed: 0)
/// print(run.figures)        // [rmse 0.03...]
/// ```
public struct NEFExample: Sendable {
  /// The name `snn example` takes, e.g. `communication-channel`.
  public let name: String
  /// One line: the network and its figure.
  public let summary: String
  /// Simulated time, in seconds.
  public let duration: Double
  private let definition: any NEFExampleDefinition.Type

  private init(_ definition: any NEFExampleDefinition.Type) {
    self.definition = definition
    name = definition.name
    summary = definition.summary
    duration = definition.duration
  }

  /// The examples, in the order of issue 14.
  public static let all: [NEFExample] = [
    NEFExample(CommunicationChannel.self), NEFExample(Squaring.self), NEFExample(Multiplication.self),
    NEFExample(Integrator.self), NEFExample(Oscillator.self), NEFExample(Learning.self),
  ]

  /// The example called `name`.
  /// - Throws: ``NEFExampleError/unknownExample(_:known:)`` listing the names.
  public static func named(_ name: String) throws(NEFExampleError) -> NEFExample {
    guard let example = all.first(where: { $0.name == name }) else {
      throw .unknownExample(name, known: all.map(\.name))
    }
    return example
  }

  /// The time step of every example, in seconds.
  public static let dt = 0.001

  /// Steps in one run (`duration / dt`).
  public var steps: Int { Int((duration / Self.dt).rounded()) }

  /// The example's network for `seed` (its ensembles' parameters drawn from it).
  /// - Throws: ``/SNNModel/ModelError`` (none for these definitions).
  public func network(seed: UInt64) throws -> Network { try definition.network(seed: seed).network }

  /// Builds the network for `seed`, runs it for ``duration`` and scores it.
  /// - Parameters:
  ///   - seed: the network's seed (encoders, gains, biases, eval points, initial voltages).
  ///   - precision: the engine's arithmetic; float32 (the default) runs faster and gives
  ///     the same figures to about 1e-4 (the figures are statistics of the spikes).
  ///   - repeats: how many times the run is timed (the network is reset between runs and
  ///     the fastest counts); the figures come from the first run.
  /// - Throws: ``/SNNSimulator/BuildError``, ``/SNNSimulator/SimulationError`` or
  ///   ``NEFExampleError``.
  public func run(seed: UInt64, precision: Precision = .float32, repeats: Int = 1) throws -> NEFExampleRun {
    let (net, output, reference) = try definition.network(seed: seed)
    let clock = ContinuousClock()
    let start = clock.now
    // One thread: a single example is stepped by one thread whatever the count.
    let sim = try Simulator(net, dt: Self.dt, threads: 1, options: EngineOptions(precision: precision))
    let build = Self.seconds(clock.now - start)
    var run = Double.infinity
    var trace: NEFExampleTrace?
    for k in 0..<max(1, repeats) {
      if k > 0 { sim.reset() }
      let start = clock.now
      try sim.run(steps: steps)
      run = min(run, Self.seconds(clock.now - start))
      if trace == nil {
        let t = (1...steps).map { Double($0) * Self.dt }
        trace = NEFExampleTrace(
          t: t, output: Self.rows(sim.data(output)),
          ideal: reference.map { Self.rows(sim.data($0)) } ?? definition.ideal(steps: steps, dt: Self.dt))
      }
    }
    guard let trace else { throw NEFExampleError.badTrace("\(name) recorded nothing") }
    return NEFExampleRun(
      example: name, seed: seed, trace: trace, figures: try definition.figures(trace),
      buildSeconds: build, runSeconds: run)
  }

  private static func rows(_ data: ProbeData) -> [[Double]] {
    let values = data.doubleValues
    return (0..<data.steps).map { Array(values[($0 * data.size)..<(($0 + 1) * data.size)]) }
  }

  private static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}

/// What an example's run gave: its traces, figures and timings.
public struct NEFExampleRun: Sendable {
  /// The example's name.
  public let example: String
  /// The network's seed.
  public let seed: UInt64
  /// The step times, decoded output and ideal (or reference) of the first run.
  public let trace: NEFExampleTrace
  /// The figures, in the order `snn example` prints them.
  public let figures: [NEFFigure]
  /// Building the simulator (ensembles, decoder solves, the step list), in seconds.
  public let buildSeconds: Double
  /// Running ``NEFExample/duration`` of simulated time (the fastest of the repeats), in
  /// seconds.
  public let runSeconds: Double
}
