/// xoshiro128++ (Blackman & Vigna 2019) in eight independent lanes: the per-example random
/// stream of spiking kernels.
///
/// Each (population, example) pair owns one generator seeded from the simulator seed and
/// the example's id, so the spikes of an example do not depend on the batch it is in or the
/// thread that runs it. The generator steps in C (`snn_xoshiro128x8_next`, and eight lanes
/// per AVX2 instruction inside `snn_poisson_step`): this struct seeds it and has the memory
/// layout of `snn_xoshiro128x8` (four rows of eight lanes).
@frozen package struct Xoshiro128x8: Sendable {
  @usableFromInline var s0, s1, s2, s3: SIMD8<UInt32>

  /// Seeds the 32 state words from a 64-bit seed through SplitMix64 (no lane all zero).
  package init(seed: UInt64) {
    var x = seed
    func next() -> UInt32 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return UInt32(truncatingIfNeeded: (z ^ (z >> 31)) >> 32)
    }
    var a = SIMD8<UInt32>()
    var b = SIMD8<UInt32>()
    var c = SIMD8<UInt32>()
    var d = SIMD8<UInt32>()
    for l in 0..<8 {
      a[l] = next()
      b[l] = next()
      c[l] = next()
      d[l] = next() | 1
    }
    (s0, s1, s2, s3) = (a, b, c, d)
  }
}
