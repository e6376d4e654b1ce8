import SNNCore

/// A distribution of per-neuron parameter values, sampled from the network's seed when the
/// network is built (Nengo's `nengo.dists`).
public enum Distribution: Sendable, Equatable, Hashable {
  /// Each value drawn uniformly from `options` (`Choice([100])` gives the constant 100).
  case choice([Double])
  /// Uniform on `[low, high)`.
  case uniform(low: Double, high: Double)
  /// Exactly these values, one per neuron (their count must equal the neuron count).
  case values([Double])

  /// Draws `count` samples.
  /// - Throws: ``ModelError`` for an empty choice or a value list of the wrong length.
  public func sample<G: RandomNumberGenerator>(
    _ count: Int, using rng: inout G, object: String, attribute: String
  ) throws(ModelError) -> [Double] {
    switch self {
    case .choice(let options):
      guard !options.isEmpty else {
        throw ModelError(object: object, attribute: attribute, "Choice needs at least one option")
      }
      if options.count == 1 { return [Double](repeating: options[0], count: count) }
      return (0..<count).map { _ in options[Int.random(in: 0..<options.count, using: &rng)] }
    case .uniform(let low, let high):
      guard low.isFinite, high.isFinite, low <= high else {
        throw ModelError(object: object, attribute: attribute, "Uniform needs finite low <= high")
      }
      return (0..<count).map { _ in
        low + (high - low) * Double(rng.next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
      }
    case .values(let values):
      guard values.count == count else {
        throw ModelError(
          object: object, attribute: attribute,
          "\(values.count) values given for \(count) neurons")
      }
      return values
    }
  }
}
