/// Lane-mask helpers that compile to a few vector instructions. The standard library's
/// `any(_:)` and mask comparisons against a scalar are not reliably inlined for 8-lane
/// masks (a generic call, or a store-and-reload per lane, in the hottest loops), so the
/// kernels use these and compare vectors against vectors.
extension SIMDMask where Storage == SIMD8<Int32> {
  /// Whether any lane is set.
  @inline(__always)
  var anySet: Bool { lanes01.wrappedSum() != 0 }

  /// 1 in set lanes, 0 elsewhere.
  @inline(__always)
  var lanes01: SIMD8<Int32> { SIMD8<Int32>(repeating: 1).replacing(with: 0, where: .!self) }
}

extension SIMD8 where Scalar == Float {
  /// `|x|` lane by lane.
  @inline(__always)
  var magnitudes: SIMD8<Float> { replacing(with: -self, where: self .< 0) }
}
