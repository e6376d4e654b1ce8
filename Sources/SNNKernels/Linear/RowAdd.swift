/// The event-driven synaptic update: `dest += sum over events e of value_e * W[index_e, :]`.
///
/// This is where spike sparsity pays: the cost is one row of `width` multiply-adds per
/// active input, independent of how many inputs are silent. Columns are processed in tiles
/// of 64 held in four SIMD16 accumulators across all events (eight AVX2 registers plus the
/// broadcast value: no spills, one fused multiply-add per loaded vector), so `dest` is
/// loaded and stored once per tile while the weight rows stream from cache. A last partial
/// tile (`width % 16` columns, e.g. a 10-neuron output layer) is accumulated in one
/// SIMD16 register too and only its valid lanes are stored.
enum RowAdd {
  /// Floats a weight buffer must hold past its last row: a partial tile loads 16 floats
  /// from where it starts.
  static let slack = 16

  /// - Precondition: `w` is readable for `slack` floats past the last row it indexes.
  @inline(__always)
  static func accumulate(
    rows w: UnsafePointer<Float>, width: Int, eventIndex: UnsafePointer<Int32>,
    eventValue: UnsafePointer<Float>, count: Int, into dest: UnsafeMutablePointer<Float>
  ) {
    if count == 0 { return }
    typealias V = SIMD16<Float>
    var col = 0
    while col + 64 <= width {
      let d = UnsafeMutableRawPointer(dest + col)
      var a0 = d.loadUnaligned(fromByteOffset: 0, as: V.self)
      var a1 = d.loadUnaligned(fromByteOffset: 64, as: V.self)
      var a2 = d.loadUnaligned(fromByteOffset: 128, as: V.self)
      var a3 = d.loadUnaligned(fromByteOffset: 192, as: V.self)
      for e in 0..<count {
        let r = UnsafeRawPointer(w + Int(eventIndex[e]) * width + col)
        let s = V(repeating: eventValue[e])
        a0 = a0.addingProduct(r.loadUnaligned(fromByteOffset: 0, as: V.self), s)
        a1 = a1.addingProduct(r.loadUnaligned(fromByteOffset: 64, as: V.self), s)
        a2 = a2.addingProduct(r.loadUnaligned(fromByteOffset: 128, as: V.self), s)
        a3 = a3.addingProduct(r.loadUnaligned(fromByteOffset: 192, as: V.self), s)
      }
      d.storeBytes(of: a0, toByteOffset: 0, as: V.self)
      d.storeBytes(of: a1, toByteOffset: 64, as: V.self)
      d.storeBytes(of: a2, toByteOffset: 128, as: V.self)
      d.storeBytes(of: a3, toByteOffset: 192, as: V.self)
      col += 64
    }
    while col + 16 <= width {
      let d = UnsafeMutableRawPointer(dest + col)
      var a0 = d.loadUnaligned(as: V.self)
      for e in 0..<count {
        let r = UnsafeRawPointer(w + Int(eventIndex[e]) * width + col)
        a0 = a0.addingProduct(r.loadUnaligned(as: V.self), V(repeating: eventValue[e]))
      }
      d.storeBytes(of: a0, as: V.self)
      col += 16
    }
    if col < width {
      var a0 = V(repeating: 0)
      for e in 0..<count {
        let r = UnsafeRawPointer(w + Int(eventIndex[e]) * width + col)
        a0 = a0.addingProduct(r.loadUnaligned(as: V.self), V(repeating: eventValue[e]))
      }
      for c in col..<width { dest[c] += a0[c - col] }
    }
  }
}
