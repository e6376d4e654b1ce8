import Foundation

extension NDArray.Storage {
  /// Decodes `count` elements of `dtype` from `bytes` (which holds at least
  /// `count * dtype.itemSize` bytes), stored big-endian when `bigEndian`.
  static func decode(
    _ bytes: UnsafeRawBufferPointer, dtype: NDArray.DType, count: Int, bigEndian: Bool
  ) -> NDArray.Storage {
    switch dtype {
    case .bool: .bool(integers(UInt8.self, bytes, count, bigEndian).map { $0 != 0 })
    case .int8: .int8(integers(Int8.self, bytes, count, bigEndian))
    case .uint8: .uint8(integers(UInt8.self, bytes, count, bigEndian))
    case .int16: .int16(integers(Int16.self, bytes, count, bigEndian))
    case .uint16: .uint16(integers(UInt16.self, bytes, count, bigEndian))
    case .int32: .int32(integers(Int32.self, bytes, count, bigEndian))
    case .uint32: .uint32(integers(UInt32.self, bytes, count, bigEndian))
    case .int64: .int64(integers(Int64.self, bytes, count, bigEndian))
    case .uint64: .uint64(integers(UInt64.self, bytes, count, bigEndian))
    case .float32:
      .float32(integers(UInt32.self, bytes, count, bigEndian).map(Float.init(bitPattern:)))
    case .float64:
      .float64(integers(UInt64.self, bytes, count, bigEndian).map(Double.init(bitPattern:)))
    }
  }

  /// The elements as little-endian bytes, in storage order.
  func littleEndianBytes() -> Data {
    switch self {
    case .bool(let v): Self.bytes(v.map { UInt8($0 ? 1 : 0) })
    case .int8(let v): Self.bytes(v)
    case .uint8(let v): Self.bytes(v)
    case .int16(let v): Self.bytes(v)
    case .uint16(let v): Self.bytes(v)
    case .int32(let v): Self.bytes(v)
    case .uint32(let v): Self.bytes(v)
    case .int64(let v): Self.bytes(v)
    case .uint64(let v): Self.bytes(v)
    case .float32(let v): Self.bytes(v.map(\.bitPattern))
    case .float64(let v): Self.bytes(v.map(\.bitPattern))
    }
  }

  /// The elements of a Fortran-ordered (column-major) array of `shape`, rearranged into
  /// C (row-major) order.
  func fortranToC(shape: [Int]) -> NDArray.Storage {
    guard shape.count > 1 else { return self }
    switch self {
    case .bool(let v): return .bool(Self.reorder(v, shape))
    case .int8(let v): return .int8(Self.reorder(v, shape))
    case .uint8(let v): return .uint8(Self.reorder(v, shape))
    case .int16(let v): return .int16(Self.reorder(v, shape))
    case .uint16(let v): return .uint16(Self.reorder(v, shape))
    case .int32(let v): return .int32(Self.reorder(v, shape))
    case .uint32(let v): return .uint32(Self.reorder(v, shape))
    case .int64(let v): return .int64(Self.reorder(v, shape))
    case .uint64(let v): return .uint64(Self.reorder(v, shape))
    case .float32(let v): return .float32(Self.reorder(v, shape))
    case .float64(let v): return .float64(Self.reorder(v, shape))
    }
  }

  private static func integers<T: FixedWidthInteger>(
    _: T.Type, _ bytes: UnsafeRawBufferPointer, _ count: Int, _ bigEndian: Bool
  ) -> [T] {
    let width = MemoryLayout<T>.size
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      #if _endian(little)
        if !bigEndian, count > 0, let source = bytes.baseAddress, let target = buffer.baseAddress {
          UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: count * width)
          initialized = count
          return
        }
      #endif
      for i in 0..<count {
        let raw = bytes.loadUnaligned(fromByteOffset: i * width, as: T.self)
        buffer[i] = bigEndian ? T(bigEndian: raw) : T(littleEndian: raw)
      }
      initialized = count
    }
  }

  private static func bytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
    #if _endian(little)
      return values.withUnsafeBytes { Data($0) }
    #else
      return values.map(\.littleEndian).withUnsafeBytes { Data($0) }
    #endif
  }

  /// Walks C order with an odometer over `shape`, tracking the Fortran offset (strides
  /// 1, shape[0], shape[0] * shape[1], ...) incrementally.
  private static func reorder<T>(_ values: [T], _ shape: [Int]) -> [T] {
    var strides = [Int](repeating: 1, count: shape.count)
    for k in 1..<shape.count { strides[k] = strides[k - 1] * shape[k - 1] }
    var index = [Int](repeating: 0, count: shape.count)
    var offset = 0
    var out: [T] = []
    out.reserveCapacity(values.count)
    for _ in 0..<values.count {
      out.append(values[offset])
      var k = shape.count - 1
      while k >= 0 {
        index[k] += 1
        offset += strides[k]
        if index[k] < shape[k] { break }
        offset -= strides[k] * shape[k]
        index[k] = 0
        k -= 1
      }
    }
    return out
  }
}
