import CZlib
import Foundation

/// The CRC-32 of zip and gzip (ISO 3309, polynomial 0xEDB88320), computed by zlib.
enum CRC32 {
  /// The CRC-32 of `data`.
  static func checksum(_ data: Data) -> UInt32 {
    data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
      var crc = crc32(0, nil, 0)
      guard let base = bytes.baseAddress else { return UInt32(truncatingIfNeeded: crc) }
      var offset = 0
      while offset < bytes.count {
        // zlib takes 32-bit lengths: feed at most 1 GiB per call.
        let n = min(bytes.count - offset, 1 << 30)
        crc = crc32(crc, base.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(n))
        offset += n
      }
      return UInt32(truncatingIfNeeded: crc)
    }
  }
}
