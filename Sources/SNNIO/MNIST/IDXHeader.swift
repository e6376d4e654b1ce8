import Foundation

/// The header of an IDX file (LeCun's format for MNIST), validated.
///
/// Layout, all integers big-endian:
///
///     offset 0: 0x00 0x00           (magic, two zero bytes)
///     offset 2: element type code   (0x08 unsigned byte, 0x09 signed byte, 0x0B int16,
///                                    0x0C int32, 0x0D float32, 0x0E float64)
///     offset 3: number of dimensions
///     offset 4: one UInt32 size per dimension
///     then the elements, row-major (last index fastest)
///
/// Only unsigned bytes (0x08, what MNIST uses) are supported; the other codes are
/// recognised and rejected by name. A header is accepted only if it has 1 to 4
/// dimensions, each at least 1, whose product does not overflow and stays within a caller's
/// byte limit, so a hostile header can never make a reader allocate without bound.
public struct IDXHeader: Sendable, Equatable {
  /// The size of each dimension, outermost first (for MNIST images: count, rows, columns).
  public let dimensions: [Int]

  /// The header's size in bytes: 4 + 4 x number of dimensions.
  public var byteCount: Int { 4 + 4 * dimensions.count }

  /// The number of data bytes the header declares (the product of the dimensions).
  public var payloadByteCount: Int { dimensions.reduce(1, *) }

  /// The largest header any IDX file can have (4 dimensions), in bytes.
  public static let maxByteCount = 20

  /// The largest number of data bytes accepted by default: 2 GiB.
  public static let defaultMaxPayloadBytes = 1 << 31

  /// The element type code for unsigned bytes, the only type supported.
  public static let unsignedByteCode: UInt8 = 0x08

  /// Parses and validates the header at the start of `bytes`.
  ///
  /// Only the header bytes are read; whatever follows is not looked at.
  ///
  /// - Parameters:
  ///   - bytes: The start of an (uncompressed) IDX file; at least the header.
  ///   - source: The file name used in error messages.
  ///   - maxPayloadBytes: The largest number of data bytes accepted.
  /// - Returns: The header.
  /// - Throws: ``DataFormatError`` for an empty or short input, a bad magic number, an
  ///   unsupported element type, a number of dimensions outside 1...4, a zero dimension, or
  ///   dimensions whose product overflows or exceeds `maxPayloadBytes`.
  public static func parse(_ bytes: Data, source: String, maxPayloadBytes: Int = defaultMaxPayloadBytes)
    throws -> IDXHeader
  {
    let b = [UInt8](bytes.prefix(maxByteCount))
    guard !b.isEmpty else { throw DataFormatError(file: source, "file is empty, expected an IDX header") }
    guard b.count >= 4 else {
      throw DataFormatError(
        file: source, offset: 0, "file is \(b.count) bytes long, too short for an IDX header (4 bytes)")
    }
    guard b[0] == 0 && b[1] == 0 else {
      let magic = b[0..<4].map { String(format: "%02x", $0) }.joined()
      throw DataFormatError(
        file: source, offset: 0,
        "bad magic number 0x\(magic): an IDX file starts with two zero bytes (0x0000TTNN)")
    }
    guard b[2] == unsignedByteCode else {
      let code = String(format: "0x%02X", b[2])
      let known = elementTypeNames[b[2]].map { "element type \(code) (\($0)) is not supported" }
      throw DataFormatError(
        file: source, offset: 2,
        (known ?? "unknown element type code \(code)") + "; only 0x08 (unsigned byte) is")
    }
    let ndims = Int(b[3])
    guard (1...4).contains(ndims) else {
      throw DataFormatError(file: source, offset: 3, "has \(ndims) dimensions; only 1 to 4 are supported")
    }
    let headerSize = 4 + 4 * ndims
    guard b.count >= headerSize else {
      throw DataFormatError(
        file: source, offset: b.count,
        "header is truncated: \(ndims) dimensions need \(headerSize) header bytes, "
          + "but the file has only \(b.count)")
    }
    let dims = (0..<ndims).map { d -> Int in
      let o = 4 + 4 * d
      return Int(b[o]) << 24 | Int(b[o + 1]) << 16 | Int(b[o + 2]) << 8 | Int(b[o + 3])
    }
    if let zero = dims.firstIndex(of: 0) {
      throw DataFormatError(
        file: source, offset: 4 + 4 * zero, "dimension \(zero) of \(describe(dims)) has size 0")
    }
    var product = 1
    for size in dims {
      let (next, overflow) = product.multipliedReportingOverflow(by: size)
      guard !overflow && next <= maxPayloadBytes else {
        throw DataFormatError(
          file: source, offset: 4,
          "dimensions \(describe(dims)) declare more than the limit of "
            + "\(maxPayloadBytes) data bytes")
      }
      product = next
    }
    return IDXHeader(dimensions: dims)
  }

  /// Reads and validates only the header of an IDX file, raw or gzipped.
  ///
  /// - Parameters:
  ///   - url: The file.
  ///   - maxPayloadBytes: The largest number of data bytes accepted.
  /// - Returns: The header; the data after it is not checked.
  /// - Throws: ``DataFormatError`` naming the file if it cannot be read or its header (or
  ///   the start of its gzip stream) is invalid.
  public static func read(contentsOf url: URL, maxPayloadBytes: Int = defaultMaxPayloadBytes)
    throws -> IDXHeader
  {
    let data = try IDXFile.contents(of: url)
    let head =
      Gzip.hasMagic(data)
      ? try Gzip.decompressPrefix(data, byteCount: maxByteCount, source: url.path)
      : data.prefix(maxByteCount)
    return try parse(head, source: url.path, maxPayloadBytes: maxPayloadBytes)
  }

  /// The big-endian header bytes for `dimensions` (unsigned byte elements); the caller has
  /// checked there are 1 to 4 dimensions, each in `1...UInt32.max`.
  static func encode(dimensions: [Int]) -> Data {
    var out: [UInt8] = [0, 0, unsignedByteCode, UInt8(dimensions.count)]
    for size in dimensions {
      let v = UInt32(size)
      out += [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)]
    }
    return Data(out)
  }

  /// Dimensions written as `10000x28x28`.
  static func describe(_ dims: [Int]) -> String {
    dims.map(String.init).joined(separator: "x")
  }

  /// Names of the IDX element type codes, for error messages.
  private static let elementTypeNames: [UInt8: String] = [
    0x08: "unsigned byte", 0x09: "signed byte", 0x0B: "16-bit integer",
    0x0C: "32-bit integer", 0x0D: "32-bit float", 0x0E: "64-bit float",
  ]
}
