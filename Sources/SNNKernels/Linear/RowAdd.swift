/// The event-driven synaptic update: `dest += sum over events e of value_e * W[index_e, :]`.
///
/// This is where spike sparsity pays: the cost is one row of `width` multiply-adds per
/// active input, independent of how many inputs are silent. Columns are processed in tiles
/// of 128 (then 64, 16) held in SIMD16 accumulators across all events, so `dest` is loaded
/// and stored once per tile while the weight rows stream from cache.
enum RowAdd {
  @inline(__always)
  static func accumulate(
    rows w: UnsafePointer<Float>, width: Int, eventIndex: UnsafePointer<Int32>,
    eventValue: UnsafePointer<Float>, count: Int, into dest: UnsafeMutablePointer<Float>
  ) {
    if count == 0 { return }
    typealias V = SIMD16<Float>
    var col = 0
    while col + 128 <= width {
      let d = UnsafeMutableRawPointer(dest + col)
      var a0 = d.loadUnaligned(fromByteOffset: 0, as: V.self)
      var a1 = d.loadUnaligned(fromByteOffset: 64, as: V.self)
      var a2 = d.loadUnaligned(fromByteOffset: 128, as: V.self)
      var a3 = d.loadUnaligned(fromByteOffset: 192, as: V.self)
      var a4 = d.loadUnaligned(fromByteOffset: 256, as: V.self)
      var a5 = d.loadUnaligned(fromByteOffset: 320, as: V.self)
      var a6 = d.loadUnaligned(fromByteOffset: 384, as: V.self)
      var a7 = d.loadUnaligned(fromByteOffset: 448, as: V.self)
      for e in 0..<count {
        let r = UnsafeRawPointer(w + Int(eventIndex[e]) * width + col)
        let s = V(repeating: eventValue[e])
        a0 += r.loadUnaligned(fromByteOffset: 0, as: V.self) * s
        a1 += r.loadUnaligned(fromByteOffset: 64, as: V.self) * s
        a2 += r.loadUnaligned(fromByteOffset: 128, as: V.self) * s
        a3 += r.loadUnaligned(fromByteOffset: 192, as: V.self) * s
        a4 += r.loadUnaligned(fromByteOffset: 256, as: V.self) * s
        a5 += r.loadUnaligned(fromByteOffset: 320, as: V.self) * s
        a6 += r.loadUnaligned(fromByteOffset: 384, as: V.self) * s
        a7 += r.loadUnaligned(fromByteOffset: 448, as: V.self) * s
      }
      d.storeBytes(of: a0, toByteOffset: 0, as: V.self)
      d.storeBytes(of: a1, toByteOffset: 64, as: V.self)
      d.storeBytes(of: a2, toByteOffset: 128, as: V.self)
      d.storeBytes(of: a3, toByteOffset: 192, as: V.self)
      d.storeBytes(of: a4, toByteOffset: 256, as: V.self)
      d.storeBytes(of: a5, toByteOffset: 320, as: V.self)
      d.storeBytes(of: a6, toByteOffset: 384, as: V.self)
      d.storeBytes(of: a7, toByteOffset: 448, as: V.self)
      col += 128
    }
    while col + 64 <= width {
      let d = UnsafeMutableRawPointer(dest + col)
      var a0 = d.loadUnaligned(fromByteOffset: 0, as: V.self)
      var a1 = d.loadUnaligned(fromByteOffset: 64, as: V.self)
      var a2 = d.loadUnaligned(fromByteOffset: 128, as: V.self)
      var a3 = d.loadUnaligned(fromByteOffset: 192, as: V.self)
      for e in 0..<count {
        let r = UnsafeRawPointer(w + Int(eventIndex[e]) * width + col)
        let s = V(repeating: eventValue[e])
        a0 += r.loadUnaligned(fromByteOffset: 0, as: V.self) * s
        a1 += r.loadUnaligned(fromByteOffset: 64, as: V.self) * s
        a2 += r.loadUnaligned(fromByteOffset: 128, as: V.self) * s
        a3 += r.loadUnaligned(fromByteOffset: 192, as: V.self) * s
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
        a0 += r.loadUnaligned(as: V.self) * V(repeating: eventValue[e])
      }
      d.storeBytes(of: a0, as: V.self)
      col += 16
    }
    if col < width {
      for e in 0..<count {
        let r = w + Int(eventIndex[e]) * width
        let s = eventValue[e]
        for c in col..<width { dest[c] += r[c] * s }
      }
    }
  }
}
