import Foundation

/// gzip files (RFC 1952) in memory: detection, bounded decompression, and compression.
///
/// A thin layer over ``Zlib`` with the gzip container selected. Decompression accepts
/// several concatenated gzip members (as `gzip -d` does) and rejects anything else after
/// the last one.
enum Gzip {
  /// The two bytes every gzip member starts with.
  static let magic: [UInt8] = [0x1f, 0x8b]

  /// Whether `data` starts with the gzip magic bytes `1f 8b`.
  static func hasMagic(_ data: Data) -> Bool {
    data.count >= 2 && data[data.startIndex] == magic[0] && data[data.startIndex + 1] == magic[1]
  }

  /// Decompresses a whole gzip file held in memory.
  ///
  /// - Parameters:
  ///   - data: The gzip bytes.
  ///   - maxOutputBytes: The largest decompressed size accepted; more is an error, found
  ///     without decompressing past the limit.
  ///   - source: The file name used in error messages.
  /// - Returns: The decompressed bytes.
  /// - Throws: ``DataFormatError`` if `data` is not gzip, is corrupt or truncated (a CRC-32
  ///   or length mismatch included), has stray bytes after the last member, or exceeds
  ///   `maxOutputBytes`.
  static func decompress(_ data: Data, maxOutputBytes: Int, source: String) throws -> Data {
    try requireMagic(data, source: source)
    return try Zlib.inflate(
      data, windowBits: Zlib.gzipFormat, maxOutputBytes: maxOutputBytes, source: source)
  }

  /// Decompresses only the first `byteCount` bytes of a gzip file held in memory.
  ///
  /// The rest of the stream is neither decoded nor checked; if the file holds fewer bytes,
  /// it is decoded and checked in full (see ``Zlib/inflatePrefix(_:windowBits:byteCount:source:)``).
  ///
  /// - Parameters:
  ///   - data: The gzip bytes.
  ///   - byteCount: How many decompressed bytes to return at most.
  ///   - source: The file name used in error messages.
  /// - Returns: `min(byteCount, decompressed size)` bytes.
  /// - Throws: ``DataFormatError`` if `data` is not gzip or the decoded part is invalid.
  static func decompressPrefix(_ data: Data, byteCount: Int, source: String) throws -> Data {
    try requireMagic(data, source: source)
    return try Zlib.inflatePrefix(
      data, windowBits: Zlib.gzipFormat, byteCount: byteCount, source: source)
  }

  /// Compresses `data` into a single gzip member.
  ///
  /// - Parameters:
  ///   - data: The bytes to compress.
  ///   - level: zlib's compression level, 0 (store) to 9 (smallest); 6 by default.
  ///   - source: The file name used in error messages.
  /// - Returns: A complete gzip file.
  /// - Throws: ``DataFormatError`` if zlib rejects the level or fails.
  static func compress(_ data: Data, level: Int32 = 6, source: String = "gzip output") throws
    -> Data
  {
    try Zlib.deflate(data, windowBits: Zlib.gzipFormat, level: level, source: source)
  }

  /// Throws unless `data` starts with the gzip magic bytes.
  private static func requireMagic(_ data: Data, source: String) throws {
    guard hasMagic(data) else {
      let head = data.prefix(2).map { String(format: "%02x", $0) }.joined(separator: " ")
      throw DataFormatError(
        file: source, offset: 0,
        data.isEmpty
          ? "file is empty, expected gzip data"
          : "not gzip data: starts with \(head), expected 1f 8b")
    }
  }
}
