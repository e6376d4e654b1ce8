import Foundation

/// A `Lowpass(tau)` synapse as a Nengo simulation applies it, for computing an example's
/// ideal: zero-order hold, `y[n] = a y[n-1] + (1 - a) x[n]` with `a = exp(-dt / tau)`,
/// and the one-step delay of every connection or probe synapse: a step reads the state
/// from before its own update (`scripts/nengo_examples.py`, `synapse_output`).
struct DelayedLowpass {
  private let a: Double
  private var state: [Double]

  /// A filter of `dimensions` values at rest (0), `tau` and `dt` in seconds.
  init(tau: Double, dt: Double, dimensions: Int = 1) {
    a = exp(-dt / tau)
    state = Array(repeating: 0, count: dimensions)
  }

  /// What the filter outputs this step (its state before the update).
  var output: [Double] { state }

  /// Feeds this step's input `x` (read by the next step).
  mutating func update(_ x: [Double]) {
    for i in state.indices { state[i] = a * state[i] + (1 - a) * x[i] }
  }

  /// Outputs this step's value, then feeds `x`.
  mutating func callAsFunction(_ x: [Double]) -> [Double] {
    defer { update(x) }
    return state
  }
}
