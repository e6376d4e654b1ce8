import SNNCore
import SNNModel

extension EnsembleEncoding {
  /// An ensemble's NEF parameters built as Nengo 4.1's `build_ensemble` builds them
  /// (`nengo/builder/ensemble.py`), in float64.
  ///
  /// 1. Eval points: `nEvalPoints` (default ``EvalPoints/defaultCount(nNeurons:dimensions:)``)
  ///    from `evalPoints`, scaled by the radius.
  /// 2. Encoders: `nNeurons` from `encoders`, each divided by its length when
  ///    `normalizeEncoders`.
  /// 3. Gain and bias: given (both), or from max rates and intercepts drawn from their
  ///    distributions through the neuron model's ``/SNNModel/NeuronModel/gainBias(maxRates:intercepts:object:)``.
  ///
  /// Each draw has its own stream of `seed` (encoders 1, max rates 2, intercepts 3, eval
  /// points 4, the streams the engine's builder uses), so changing one distribution does
  /// not change the others.
  /// - Returns: the parameters, and the max rates (Hz) and intercepts they came from (nil
  ///   when gain and bias were given).
  /// - Throws: ``BuildError`` naming the ensemble: a bad size, gain without bias (or the
  ///   reverse), a distribution that cannot be sampled, an encoder of length zero, a rate
  ///   or intercept the neuron model cannot reach, or a gain that is not positive.
  public static func build(
    label: String, nNeurons: Int, dimensions: Int, neuronType: any NeuronModel = LIF(),
    maxRates: Distribution = .uniform(low: 200, high: 400), intercepts: Distribution = .uniform(low: -1, high: 0.9),
    gain: [Double]? = nil, bias: [Double]? = nil, radius: Double = 1,
    encoders: VectorDistribution = .defaultEncoders, normalizeEncoders: Bool = true,
    evalPoints: VectorDistribution = .defaultEvalPoints, nEvalPoints: Int? = nil, seed: UInt64
  ) throws(BuildError) -> (encoding: EnsembleEncoding, maxRates: [Double]?, intercepts: [Double]?) {
    func fail(_ problem: String) -> BuildError { BuildError(object: label, problem) }
    func model<T>(_ body: () throws(ModelError) -> T) throws(BuildError) -> T {
      do { return try body() } catch { throw fail("\(error.attribute): \(error.problem)") }
    }
    guard nNeurons > 0, dimensions > 0 else {
      throw fail("needs at least one neuron and one dimension, got \(nNeurons) and \(dimensions)")
    }
    guard radius.isFinite, radius > 0 else { throw fail("radius must be finite and > 0, got \(radius)") }
    var pointRNG = SplitMix64(seed: deriveSeed(seed, 4))
    let points = try EvalPoints.generate(
      evalPoints, count: nEvalPoints, nNeurons: nNeurons, dimensions: dimensions, radius: radius, scale: true,
      using: &pointRNG, object: label)
    var encoderRNG = SplitMix64(seed: deriveSeed(seed, 1))
    let drawn = try model { () throws(ModelError) in
      try encoders.sample(nNeurons, dimensions: dimensions, using: &encoderRNG, object: label, attribute: "encoders")
    }
    guard drawn.rows == nNeurons else { throw fail("encoders: \(drawn.rows) rows for \(nNeurons) neurons") }
    var e = drawn.values
    if normalizeEncoders {
      for i in 0..<nNeurons {
        let norm = (0..<dimensions).reduce(0.0) { $0 + e[i * dimensions + $1] * e[i * dimensions + $1] }.squareRoot()
        guard norm > 0 else { throw fail("encoders: encoder \(i) has length zero and cannot be normalized") }
        for k in 0..<dimensions { e[i * dimensions + k] /= norm }
      }
    }
    let encoding: EnsembleEncoding
    switch (gain, bias) {
    case (let gain?, let bias?):
      encoding = EnsembleEncoding(
        label: label, neuronType: neuronType, encoders: DoubleMatrix(unchecked: nNeurons, dimensions, e),
        gain: gain, bias: bias, radius: radius, evalPoints: points)
      try encoding.validate()
      return (encoding, nil, nil)
    case (nil, nil):
      var rateRNG = SplitMix64(seed: deriveSeed(seed, 2))
      var interceptRNG = SplitMix64(seed: deriveSeed(seed, 3))
      let rates = try model { () throws(ModelError) in
        try maxRates.sample(nNeurons, using: &rateRNG, object: label, attribute: "max_rates")
      }
      let crossings = try model { () throws(ModelError) in
        try intercepts.sample(nNeurons, using: &interceptRNG, object: label, attribute: "intercepts")
      }
      let (g, b) = try model { () throws(ModelError) in
        try neuronType.gainBias(maxRates: rates, intercepts: crossings, object: label)
      }
      for i in 0..<nNeurons {
        guard g[i].isFinite, g[i] > 0 else {
          throw fail(
            "intercept \(crossings[i]) gives neuron \(i) the gain \(g[i]); gains must be positive (keep intercepts below 1)"
          )
        }
      }
      encoding = EnsembleEncoding(
        label: label, neuronType: neuronType, encoders: DoubleMatrix(unchecked: nNeurons, dimensions, e),
        gain: g, bias: b, radius: radius, evalPoints: points)
      try encoding.validate()
      return (encoding, rates, crossings)
    default:
      throw fail("gain and bias must be given together (Nengo cannot solve for one given the other)")
    }
  }
}
