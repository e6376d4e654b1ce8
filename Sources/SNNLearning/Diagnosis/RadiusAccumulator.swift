import SNNCore
import SNNKernels
import SNNModel
import SNNSimulator

/// How far the value a decoded ensemble is asked to represent leaves its radius, measured
/// from its neurons' input currents over the examples of a diagnosis.
///
/// An ensemble whose inputs all arrive through its encoders (connections into
/// `.ensemble(e)`, none into `.neurons(e)`) has input currents `J = gain * (E x) / r + bias`
/// (Nengo's rule), so its input value `x` is the least-squares solution of
/// `(gain * E / r) x = J - bias` over its `n` neurons: `x = P (J - bias)` with
/// `P = r (MᵀM)⁻¹ Mᵀ`, `M = gain * E` (`n x d`), exact up to the currents' rounding. This is
/// the value before any neuron sees it, whatever sums of nodes and decoded connections make it.
struct RadiusAccumulator {
  /// The ensemble's index in the network.
  let ensemble: Int
  /// Its radius.
  let radius: Double
  /// Its dimensionality and neuron count.
  let dimensions: Int
  let neurons: Int
  /// `P`, `d x n`, row-major.
  private let projection: [Double]
  private let bias: [Double]
  /// The largest `|x|` seen and the `x` where it was seen.
  private(set) var maxMagnitude = 0.0
  private(set) var maxPoint: [Double]
  /// (step, example) pairs with `|x| > radius`, and all pairs.
  private(set) var outside = 0
  private(set) var count = 0

  /// The accumulator of ensemble `index`, or nil when it has no encoded input to measure
  /// (no connection into `.ensemble`, or one into `.neurons`) or `MᵀM` is singular.
  init?(index: Int, network: Network, built: BuiltEnsemble) {
    let encoded = network.connections.contains {
      if case .ensemble(let id) = $0.post { id.index == index } else { false }
    }
    let direct = network.connections.contains {
      if case .neurons(let id) = $0.post { id.index == index } else { false }
    }
    guard encoded, !direct else { return nil }
    let (n, d) = (built.encoders.rows, built.encoders.cols)
    var m = [Double](repeating: 0, count: n * d)
    for i in 0..<n {
      for k in 0..<d { m[i * d + k] = built.gain[i] * built.encoders[i, k] }
    }
    let normal = LAPACK.gram(m, rows: n, cols: d)
    var mT = [Double](repeating: 0, count: d * n)
    for i in 0..<n {
      for k in 0..<d { mT[k * n + i] = m[i * d + k] }
    }
    guard let p = try? LAPACK.solvePositiveDefinite(normal, order: d, mT, columns: n) else { return nil }
    ensemble = index
    radius = built.radius
    dimensions = d
    neurons = n
    projection = p.map { $0 * built.radius }
    bias = built.bias
    maxPoint = [Double](repeating: 0, count: d)
  }

  /// Adds one example's input currents, `steps x n`.
  mutating func add(currents: ArraySlice<Float>, steps: Int) {
    let base = currents.startIndex
    var x = [Double](repeating: 0, count: dimensions)
    for t in 0..<steps {
      let row = base + t * neurons
      for k in 0..<dimensions {
        var s = 0.0
        for i in 0..<neurons { s += projection[k * neurons + i] * (Double(currents[row + i]) - bias[i]) }
        x[k] = s
      }
      let magnitude = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if magnitude > radius { outside += 1 }
      if magnitude > maxMagnitude {
        maxMagnitude = magnitude
        maxPoint = x
      }
      count += 1
    }
  }

  /// The finished measurement, with the decoded value along the direction of the largest
  /// input (from `encoding`'s rate curves and decoders solved as Nengo's default probe's:
  /// the identity, LstsqL2, the ensemble's eval points); without a decoded curve when the
  /// neuron type has no rate curve or the decoders cannot be solved.
  func report(encoding: EnsembleEncoding) -> RepresentedValue {
    let ratio = maxMagnitude / radius
    let direction =
      maxMagnitude > 0 ? maxPoint.map { $0 / maxMagnitude } : [1] + [Double](repeating: 0, count: dimensions - 1)
    var magnitudes = [1.0, 1.25, 1.5, 2, 3].map { $0 * radius }
    if maxMagnitude > radius {
      // The largest input replaces a standard point within 2% of it.
      magnitudes = magnitudes.filter { abs($0 - maxMagnitude) > 0.02 * maxMagnitude } + [maxMagnitude]
      magnitudes.sort()
    }
    var curve: [DecodedPoint] = []
    var rng = SplitMix64(seed: 0)  // unused: the decoders are solved at the ensemble's own eval points
    if let decoders = try? DecoderBuilder(connection: encoding.label, pre: encoding).build(using: &rng).solution
      .decoders,
      let points = try? DoubleMatrix(
        rows: magnitudes.count, cols: dimensions, values: magnitudes.flatMap { m in direction.map { $0 * m } }),
      let decoded = try? encoding.decodedValues(at: points, decoders: decoders, object: encoding.label)
    {
      // The decoded value's component along the input's direction.
      curve = magnitudes.enumerated().map { r, m in
        DecodedPoint(input: m, decoded: (0..<dimensions).reduce(0) { $0 + decoded[r, $1] * direction[$1] })
      }
    }
    let atMax = curve.first { $0.input == maxMagnitude }?.decoded
    return RepresentedValue(
      radius: radius, maxInput: maxMagnitude, maxRatio: ratio, outsideFraction: Double(outside) / Double(max(count, 1)),
      decodedAtMaxInput: atMax, decodedBeyondRadius: curve)
  }
}
