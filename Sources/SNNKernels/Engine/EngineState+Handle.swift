/// An ``EngineState`` of either precision, for its owner (the Simulator): inputs in, probe
/// data out, and runs dispatched to the executor of the concrete precision (so that its
/// steps are specialised).
package protocol EngineHandle: AnyObject {
  /// Number of examples the state holds.
  var batchSize: Int { get }
  /// The examples the last reset started.
  var activeExamples: Int { get }
  /// Steps run since the last reset.
  var step: Int { get }
  /// Number of steps held by every-step probes.
  var recordedSteps: Int { get }
  /// Number of rows (time samples) probe `probe` holds per example.
  func recordedRows(probe: Int) -> Int
  /// See ``EngineState/reset(seed:exampleIDs:)``.
  func reset(seed: UInt64, exampleIDs: [UInt64])
  /// A node's output for the first `values.count / size` examples, held at every step.
  func setInput(node: Int, values: EngineValues)
  /// A node's output for the first examples and each step.
  func setInput(node: Int, sequence: EngineValues, steps: Int)
  /// Runs `steps` steps of the active examples; the failure that stopped some examples
  /// early, if any (``RunFailure``).
  func run(steps: Int, threads: Int, chunkSize: Int, instructions: InstructionSet) -> (
    Executor.Counters, RunFailure.Failure?
  )
  /// A probe's recorded values (all batch rows).
  func probeValues(_ index: Int) -> EngineValues
  /// A population's current output (all batch rows).
  func outputValues(population: Int) -> EngineValues
  /// A node's current output (all batch rows).
  func outputValues(node: Int) -> EngineValues
}

/// Values in one of the engine's precisions.
package enum EngineValues: Sendable, Equatable {
  case float32([Float])
  case float64([Double])

  /// The values in `S`: the array itself when it is already in `S` (no copy: a checked
  /// `as?` cast of an array copies it element by element), else each value converted.
  func converted<S: EngineScalar>(to: S.Type) -> [S] {
    switch self {
    case .float32(let v): return S.self == Float.self ? unsafeBitCast(v, to: [S].self) : v.map { S($0) }
    case .float64(let v): return S.self == Double.self ? unsafeBitCast(v, to: [S].self) : v.map { S($0) }
    }
  }

  /// Wraps `values` of precision `S` (without a copy).
  static func of<S: EngineScalar>(_ values: [S]) -> EngineValues {
    if S.self == Float.self { return .float32(unsafeBitCast(values, to: [Float].self)) }
    if S.self == Double.self { return .float64(unsafeBitCast(values, to: [Double].self)) }
    preconditionFailure("the engine runs in Float or Double")
  }
}

extension EngineState: EngineHandle {
  package func setInput(node: Int, values: EngineValues) { setInput(node: node, values: values.converted(to: S.self)) }

  package func setInput(node: Int, sequence: EngineValues, steps: Int) {
    setInput(node: node, sequence: sequence.converted(to: S.self), steps: steps)
  }

  package func run(steps: Int, threads: Int, chunkSize: Int, instructions: InstructionSet) -> (
    Executor.Counters, RunFailure.Failure?
  ) {
    if let state = self as? EngineState<Float> {
      return Executor.run(state, steps: steps, threads: threads, chunkSize: chunkSize, instructions: instructions)
    }
    if let state = self as? EngineState<Double> {
      return Executor.run(state, steps: steps, threads: threads, chunkSize: chunkSize, instructions: instructions)
    }
    preconditionFailure("the engine runs in Float or Double")
  }

  package func probeValues(_ index: Int) -> EngineValues { .of(probeValues(index) as [S]) }

  package func outputValues(population: Int) -> EngineValues { .of(outputValues(population: population) as [S]) }

  package func outputValues(node k: Int) -> EngineValues { .of(nodeOut[k].copy(from: 0, count: nodeOut[k].count)) }
}
