import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast, statistically sound 64-bit generator.
///
/// SwiftSNN uses it for everything seeded that is not a per-step kernel stream: sampling
/// model distributions, shuffling training data, initialising weights, and deriving
/// independent seeds (``deriveSeed(_:_:)``) so each object and each example has its own
/// stream whatever the batch size or thread count.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  /// The generator state (the last value it advanced to).
  @usableFromInline var state: UInt64

  /// Creates a generator from a seed.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  @inlinable public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return SplitMix64.mix(state)
  }

  /// The SplitMix64 output function: a bijective avalanche of 64 bits.
  @inlinable public static func mix(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform float in [0, 1) with 24 random bits.
  @inlinable public mutating func nextUnitFloat() -> Float {
    Float(next() >> 40) * (1.0 / 16_777_216.0)
  }

  /// A uniform double in [0, 1) with 53 random bits.
  @inlinable public mutating func nextUnitDouble() -> Double {
    Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
  }

  /// A standard normal sample (Box-Muller).
  public mutating func nextGaussian() -> Double {
    let u1 = max(nextUnitDouble(), 1e-300)
    let u2 = nextUnitDouble()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }
}

/// Derives a seed for stream `stream` of a parent seed: the same inputs always give the
/// same seed, and different streams are statistically independent.
@inlinable public func deriveSeed(_ seed: UInt64, _ stream: UInt64) -> UInt64 {
  SplitMix64.mix(SplitMix64.mix(seed ^ 0x5851_F42D_4C95_7F2D) &+ SplitMix64.mix(stream &+ 0x1405_7B7E_F767_814F))
}
