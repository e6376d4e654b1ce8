/// xoshiro128++ (Blackman & Vigna 2019): the per-example random stream of spiking kernels.
///
/// Each (population, example) pair owns one stream seeded from the simulator seed and the
/// example's id, so the spikes of an example do not depend on the batch it is in or the
/// thread that runs it. Four 32-bit words of state; about 1 ns per 32-bit output.
@frozen public struct Xoshiro128: Sendable {
  @usableFromInline var s0, s1, s2, s3: UInt32

  /// Seeds the four state words from a 64-bit seed through SplitMix64 (never all zero).
  public init(seed: UInt64) {
    var x = seed
    func next() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    let a = next()
    let b = next()
    s0 = UInt32(truncatingIfNeeded: a)
    s1 = UInt32(truncatingIfNeeded: a >> 32)
    s2 = UInt32(truncatingIfNeeded: b)
    s3 = UInt32(truncatingIfNeeded: b >> 32) | 1
  }

  /// The next 32 random bits.
  @inlinable @inline(__always) public mutating func next() -> UInt32 {
    let result = (s0 &+ s3).rotl(7) &+ s0
    let t = s1 << 9
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = s3.rotl(11)
    return result
  }

  /// A uniform double in (0, 1), from 32 bits.
  @inlinable public mutating func nextOpenUnit() -> Double {
    (Double(next()) + 0.5) * (1.0 / 4_294_967_296.0)
  }
}

extension UInt32 {
  @inlinable @inline(__always) func rotl(_ k: UInt32) -> UInt32 { (self << k) | (self >> (32 - k)) }
}
