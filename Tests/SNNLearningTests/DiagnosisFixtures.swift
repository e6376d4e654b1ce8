import SwiftSNN

/// Small seeded networks for the diagnosis tests: the forum user's configuration and a
/// converted one, with synthetic data (fast in debug builds).
enum DiagnosisFixtures {
  static let inputs = 64
  static let hidden = 24
  static let outputs = 10

  /// `rows x cols` values uniform in `[low, high)`.
  static func uniform(_ rows: Int, _ cols: Int, _ low: Float, _ high: Float, seed: UInt64) -> Matrix {
    var rng = SplitMix64(seed: seed)
    let values = (0..<(rows * cols)).map { _ in low + (high - low) * rng.nextUnitFloat() }
    // The shape is rows x cols by construction.
    return (try? Matrix(rows: rows, cols: cols, values: values)) ?? Matrix(rows: rows, cols: cols)
  }

  /// Image-like examples: about half the values 0, the others uniform in (0, `scale`].
  static func images(_ count: Int, scale: Float, seed: UInt64) -> Matrix {
    var rng = SplitMix64(seed: seed)
    let values = (0..<(count * inputs)).map { _ -> Float in
      rng.nextUnitFloat() < 0.5 ? 0 : scale * (0.1 + 0.9 * rng.nextUnitFloat())
    }
    return (try? Matrix(rows: count, cols: inputs, values: values)) ?? Matrix(rows: count, cols: inputs)
  }

  /// The forum user's network (max_rates 100, intercepts 0, no synapses, Poisson inputs,
  /// LIF layers, weights into `.neurons`, a Lowpass(0.1) readout probe), with `w1` and `w2`
  /// in Keras layout.
  static func userSetup(w1: Matrix, w2: Matrix, steps: Int) throws -> DiagnosisSetup {
    var net = Network(seed: 0, label: "user")
    net.config.ensemble.maxRates = .choice([100])
    net.config.ensemble.intercepts = .choice([0])
    net.config.connection.synapse = nil
    let inp = try net.add(Node(size: w1.rows, label: "inp"))
    let poisson = try net.add(
      Ensemble(
        nNeurons: w1.rows, dimensions: 1, neuronType: .poissonSpiking(base: .rectifiedLinear()), label: "input_layer"))
    try net.connect(.node(inp), .neurons(poisson), transform: .scalar(1))
    let hid = try net.add(Ensemble(nNeurons: w1.cols, dimensions: 1, neuronType: .lif, label: "hidden"))
    try net.connect(.neurons(poisson), .neurons(hid), transform: .matrix(w1.transposed()))
    let out = try net.add(Ensemble(nNeurons: w2.cols, dimensions: 1, neuronType: .lif, label: "out"))
    try net.connect(.neurons(hid), .neurons(out), transform: .matrix(w2.transposed()))
    let probe = try net.probe(.neurons(out), synapse: .lowpass(0.1), label: "out_p")
    return DiagnosisSetup(
      network: net, input: inp, output: out, readout: .positiveSteps(probe: probe), steps: steps, batchSize: 10)
  }

  /// A random ANN of the fixtures' shape (ReLU hidden, softmax output, no biases).
  static func ann(seed: UInt64) throws -> Sequential {
    try Sequential(layers: [
      Dense(kernel: uniform(inputs, hidden, -0.1, 0.2, seed: seed), activation: .relu),
      Dense(kernel: uniform(hidden, outputs, -0.3, 0.5, seed: seed + 1), activation: .softmax),
    ])
  }
}
