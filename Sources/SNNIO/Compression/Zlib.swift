import CZlib
import Foundation

/// zlib's inflate and deflate over in-memory buffers, with bounded output.
///
/// The `windowBits` parameter selects the container exactly as zlib's `inflateInit2` and
/// `deflateInit2` do: ``rawDeflate`` (-15) for bare deflate data as stored in `.zip` and
/// `.npz` entries, ``zlibFormat`` (15) for a zlib header and Adler-32 trailer,
/// ``gzipFormat`` (31) for a gzip header and CRC-32 trailer, and ``autoDetect`` (47, inflate
/// only) to accept either zlib or gzip.
///
/// Decompression never trusts its input: the output is capped (a few hundred bytes of
/// input can claim gigabytes, a "decompression bomb"), a stream that stops before its end
/// marker is reported as truncated, and bytes after the end of the stream are an error
/// (except further gzip members, which are decoded and appended as `gzip -d` does).
enum Zlib {
  /// `windowBits` for raw deflate data, with no header or trailer (`.zip` / `.npz` entries).
  static let rawDeflate: Int32 = -15
  /// `windowBits` for the zlib container (RFC 1950).
  static let zlibFormat: Int32 = 15
  /// `windowBits` for the gzip container (RFC 1952).
  static let gzipFormat: Int32 = 31
  /// `windowBits` that makes inflate accept either a zlib or a gzip container.
  static let autoDetect: Int32 = 47

  /// Decompresses a whole deflate stream.
  ///
  /// - Parameters:
  ///   - input: The compressed bytes; the stream must end exactly at the end of `input`
  ///     (for gzip, further complete gzip members may follow and are appended).
  ///   - windowBits: The container, one of ``rawDeflate``, ``zlibFormat``, ``gzipFormat``,
  ///     ``autoDetect`` (or any value zlib's `inflateInit2` accepts).
  ///   - maxOutputBytes: The largest output accepted; a stream that would decompress to
  ///     more is rejected as soon as it passes the limit, without decoding the rest.
  ///   - source: The file or object name used in error messages.
  /// - Returns: The decompressed bytes.
  /// - Throws: ``DataFormatError`` if the data is corrupt, truncated, followed by stray
  ///   bytes, or would decompress to more than `maxOutputBytes`.
  static func inflate(
    _ input: Data, windowBits: Int32, maxOutputBytes: Int, source: String
  ) throws -> Data {
    let result = try inflateCore(
      input, windowBits: windowBits, limit: maxOutputBytes, stopAtLimit: false, source: source)
    return result.output
  }

  /// Decompresses only the first `byteCount` bytes of a deflate stream.
  ///
  /// Decoding stops as soon as `byteCount` bytes are out, so the rest of the stream is
  /// neither decoded nor checked. If the stream is shorter, it is decoded and checked in
  /// full, exactly as ``inflate(_:windowBits:maxOutputBytes:source:)`` does.
  ///
  /// - Parameters:
  ///   - input: The compressed bytes.
  ///   - windowBits: The container (see ``inflate(_:windowBits:maxOutputBytes:source:)``).
  ///   - byteCount: How many decompressed bytes to return at most.
  ///   - source: The file or object name used in error messages.
  /// - Returns: `min(byteCount, decompressed size)` bytes.
  /// - Throws: ``DataFormatError`` if the part of the stream that was decoded is corrupt,
  ///   or if the stream is shorter than `byteCount` and truncated or followed by stray bytes.
  static func inflatePrefix(
    _ input: Data, windowBits: Int32, byteCount: Int, source: String
  ) throws -> Data {
    let result = try inflateCore(
      input, windowBits: windowBits, limit: byteCount, stopAtLimit: true, source: source)
    return result.output
  }

  /// Compresses `input` into one deflate stream.
  ///
  /// - Parameters:
  ///   - input: The bytes to compress.
  ///   - windowBits: The container: ``rawDeflate``, ``zlibFormat`` or ``gzipFormat``.
  ///   - level: zlib's compression level, 0 (store) to 9 (smallest), or -1 for its default (6).
  ///   - source: The file or object name used in error messages.
  /// - Returns: The compressed stream.
  /// - Throws: ``DataFormatError`` if zlib rejects the parameters or fails.
  static func deflate(
    _ input: Data, windowBits: Int32, level: Int32 = Z_DEFAULT_COMPRESSION, source: String
  ) throws -> Data {
    var stream = z_stream()
    let initStatus = czlib_deflate_init2(&stream, level, windowBits)
    guard initStatus == Z_OK else {
      throw DataFormatError(
        file: source,
        "zlib refused to start compressing (level \(level), windowBits \(windowBits)): "
          + "status \(initStatus)")
    }
    defer { deflateEnd(&stream) }

    var output = Data()
    var chunk = [UInt8](repeating: 0, count: chunkSize)
    try input.withUnsafeBytes { (inBytes: UnsafeRawBufferPointer) in
      var fed = 0
      while true {
        if stream.avail_in == 0 && fed < inBytes.count, let base = inBytes.baseAddress {
          let piece = min(inBytes.count - fed, maxPieceBytes)
          stream.next_in = UnsafeMutablePointer(
            mutating: base.advanced(by: fed).assumingMemoryBound(to: Bytef.self))
          stream.avail_in = uInt(piece)
          fed += piece
        }
        let flush = fed == inBytes.count ? Z_FINISH : Z_NO_FLUSH
        let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
          stream.next_out = out.baseAddress
          stream.avail_out = uInt(out.count)
          let status = CZlib.deflate(&stream, flush)
          return (status, out.count - Int(stream.avail_out))
        }
        output.append(contentsOf: chunk[0..<produced])
        switch status {
        case Z_STREAM_END:
          return
        case Z_OK, Z_BUF_ERROR:
          continue
        default:
          throw DataFormatError(file: source, "zlib failed while compressing: status \(status)")
        }
      }
    }
    return output
  }

  // MARK: - Implementation

  /// Output is produced in chunks of this many bytes.
  private static let chunkSize = 1 << 16
  /// zlib's `avail_in` is 32-bit: larger inputs are fed in pieces of at most this size.
  private static let maxPieceBytes = 1 << 30

  /// The shared inflate loop.
  ///
  /// With `stopAtLimit`, reaching `limit` output bytes ends decoding and returns them;
  /// without it, producing more than `limit` bytes throws.
  private static func inflateCore(
    _ input: Data, windowBits: Int32, limit: Int, stopAtLimit: Bool, source: String
  ) throws -> (output: Data, reachedLimit: Bool) {
    guard limit >= 0 else {
      throw DataFormatError(file: source, "output limit must not be negative, got \(limit)")
    }
    guard !input.isEmpty else {
      throw DataFormatError(file: source, "compressed stream is empty (0 bytes)")
    }
    var stream = z_stream()
    let initStatus = czlib_inflate_init2(&stream, windowBits)
    guard initStatus == Z_OK else {
      throw DataFormatError(
        file: source,
        "zlib refused to start decompressing (windowBits \(windowBits)): status \(initStatus)")
    }
    defer { inflateEnd(&stream) }

    // Whether a gzip member may be followed by another one (`gzip -d` accepts that).
    let allowsMembers = windowBits > 15
    var output = Data()
    var chunk = [UInt8](repeating: 0, count: chunkSize)
    return try input.withUnsafeBytes { (inBytes: UnsafeRawBufferPointer) in
      guard let base = inBytes.baseAddress else {
        throw DataFormatError(file: source, "compressed stream is empty (0 bytes)")
      }
      var fed = 0
      // Bytes of `input` consumed by zlib so far (for error offsets).
      var consumed: Int { fed - Int(stream.avail_in) }
      while true {
        if stream.avail_in == 0 && fed < inBytes.count {
          let piece = min(inBytes.count - fed, maxPieceBytes)
          stream.next_in = UnsafeMutablePointer(
            mutating: base.advanced(by: fed).assumingMemoryBound(to: Bytef.self))
          stream.avail_in = uInt(piece)
          fed += piece
        }
        // One byte of room beyond the limit tells "exactly at the limit" from "over it".
        let room = min(chunkSize, limit - output.count + 1)
        let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
          stream.next_out = out.baseAddress
          stream.avail_out = uInt(room)
          let status = CZlib.inflate(&stream, Z_NO_FLUSH)
          return (status, room - Int(stream.avail_out))
        }
        output.append(contentsOf: chunk[0..<produced])
        if output.count > limit {
          if stopAtLimit {
            output.removeLast(output.count - limit)
            return (output, true)
          }
          throw DataFormatError(
            file: source,
            "decompressed data is larger than the limit of \(limit) bytes "
              + "(corrupt file or decompression bomb)")
        }
        switch status {
        case Z_OK:
          continue
        case Z_STREAM_END:
          let remaining = inBytes.count - consumed
          if remaining == 0 { return (output, false) }
          let next = consumed
          if allowsMembers && remaining >= 2 && inBytes[next] == 0x1f && inBytes[next + 1] == 0x8b {
            inflateReset(&stream)
            continue
          }
          throw DataFormatError(
            file: source, offset: next,
            "\(remaining) unexpected bytes after the end of the compressed stream")
        case Z_BUF_ERROR:
          // No progress was possible although output room was available: input ran out.
          throw DataFormatError(
            file: source, offset: consumed,
            "compressed stream is truncated: input ended after \(inBytes.count) bytes, "
              + "before the end-of-stream marker (\(output.count) bytes decompressed)")
        case Z_NEED_DICT:
          throw DataFormatError(
            file: source, offset: consumed, "compressed stream needs a preset dictionary")
        case Z_DATA_ERROR:
          throw DataFormatError(
            file: source, offset: consumed,
            "corrupt compressed data: \(zlibMessage(stream) ?? "invalid deflate stream")")
        case Z_MEM_ERROR:
          throw DataFormatError(file: source, "zlib ran out of memory while decompressing")
        default:
          throw DataFormatError(
            file: source, offset: consumed, "zlib failed while decompressing: status \(status)")
        }
      }
    }
  }

  /// zlib's own error message for the stream's last failure, if it set one.
  private static func zlibMessage(_ stream: z_stream) -> String? {
    guard let msg = stream.msg else { return nil }
    return String(cString: msg)
  }
}
