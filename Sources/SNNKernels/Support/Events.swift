/// Spike events: the (neuron index, output value) pairs a spiking population publishes
/// each step, which event-driven connections consume (``RowAdd``).
enum Events {
  /// Entries an event buffer must hold past the population size: ``append(_:index:value:to:_:count:)``
  /// writes all eight lanes before advancing by the spiking ones.
  static let slack = 8

  /// Appends the lanes of `spiked` (1 = spiked, 0 = not) in lane order, without a branch
  /// per lane: every lane is written at the current end, and the end moves past it only
  /// if it spiked (so an unpredictable spike pattern costs no mispredicted branches).
  /// - Precondition: `index` and `value` have room for `count + 8` entries.
  /// - Returns: the new count.
  @inline(__always)
  static func append(
    _ spiked: SIMD8<Int32>, index: SIMD8<Int32>, value: SIMD8<Float>,
    to eventIndex: UnsafeMutablePointer<Int32>, _ eventValue: UnsafeMutablePointer<Float>, count: Int
  ) -> Int {
    var c = count
    for l in 0..<8 {
      eventIndex[c] = index[l]
      eventValue[c] = value[l]
      c &+= Int(spiked[l])
    }
    return c
  }
}
