import Foundation

/// Little-endian integer reads at byte offsets of a `Data` (whatever its `startIndex`).
///
/// Callers check offsets against ``count`` first so that they can report the problem; as a
/// last line of defence a read that would fall outside the data returns 0 instead of
/// trapping.
struct ByteReader {
  private let data: Data
  /// Number of bytes.
  let count: Int

  init(_ data: Data) {
    self.data = data
    self.count = data.count
  }

  /// The unsigned integer of `T`'s width stored little-endian at `offset`.
  func integer<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, at offset: Int) -> T {
    let width = MemoryLayout<T>.size
    guard offset >= 0, offset <= count - width else { return 0 }
    var value: T = 0
    let base = data.startIndex + offset
    for i in 0..<width {
      value |= T(data[base + i]) << (8 * i)
    }
    return value
  }

  /// The 16-bit little-endian integer at `offset`.
  func uint16(at offset: Int) -> UInt16 { integer(UInt16.self, at: offset) }
  /// The 32-bit little-endian integer at `offset`.
  func uint32(at offset: Int) -> UInt32 { integer(UInt32.self, at: offset) }
  /// The 64-bit little-endian integer at `offset`.
  func uint64(at offset: Int) -> UInt64 { integer(UInt64.self, at: offset) }

  /// `count` bytes from `offset` (fewer if the data ends first).
  func bytes(at offset: Int, count n: Int) -> [UInt8] {
    guard offset >= 0, offset < count, n > 0 else { return [] }
    let start = data.startIndex + offset
    return [UInt8](data[start..<(start + min(n, count - offset))])
  }
}
