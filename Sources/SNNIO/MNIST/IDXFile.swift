import Foundation

/// An IDX file of unsigned bytes (the MNIST image and label format), read raw or gzipped.
///
/// Reading never trusts the header: it is validated (see ``IDXHeader``) and the number of
/// data bytes it declares must be exactly the number present, checked before any buffer of
/// that size is allocated. A gzipped file is recognised by its magic bytes (`1f 8b`), not
/// its name, and is decompressed with a limit derived from its own header, so a corrupt or
/// hostile `.gz` cannot expand past the size the header declares.
public struct IDXFile: Sendable, Equatable {
  /// The size of each dimension, outermost first (for MNIST images: count, rows, columns).
  public let dimensions: [Int]
  /// The elements, row-major (last index fastest); `dimensions.reduce(1, *)` of them.
  public let bytes: [UInt8]

  /// The number of items: the size of the outermost dimension.
  public var itemCount: Int { dimensions[0] }

  /// Creates a file from its dimensions and elements.
  ///
  /// - Throws: ``DataFormatError`` (file `"IDX data"`) unless there are 1 to 4 dimensions,
  ///   each in `1...UInt32.max`, whose product is `bytes.count`.
  public init(dimensions: [Int], bytes: [UInt8]) throws {
    let source = "IDX data"
    guard (1...4).contains(dimensions.count) else {
      throw DataFormatError(
        file: source, "has \(dimensions.count) dimensions; only 1 to 4 are supported")
    }
    guard dimensions.allSatisfy({ (1...Int(UInt32.max)).contains($0) }) else {
      throw DataFormatError(
        file: source,
        "dimensions \(IDXHeader.describe(dimensions)) must each be in 1...\(UInt32.max)")
    }
    var product = 1
    for size in dimensions {
      let (next, overflow) = product.multipliedReportingOverflow(by: size)
      guard !overflow else {
        throw DataFormatError(
          file: source, "dimensions \(IDXHeader.describe(dimensions)) overflow")
      }
      product = next
    }
    guard product == bytes.count else {
      throw DataFormatError(
        file: source,
        "dimensions \(IDXHeader.describe(dimensions)) need \(product) bytes, "
          + "got \(bytes.count)")
    }
    self.init(validatedDimensions: dimensions, bytes: bytes)
  }

  /// Creates a file from values already known to be consistent.
  private init(validatedDimensions: [Int], bytes: [UInt8]) {
    self.dimensions = validatedDimensions
    self.bytes = bytes
  }

  /// The file's bytes in IDX format, uncompressed (header then elements).
  public func encoded() -> Data {
    var data = IDXHeader.encode(dimensions: dimensions)
    data.append(contentsOf: bytes)
    return data
  }

  /// Reads an IDX file, raw or gzipped.
  ///
  /// - Parameters:
  ///   - url: The file.
  ///   - maxItems: If set, only the first `maxItems` items (outermost index) are returned
  ///     and ``dimensions``[0] says how many that is. For a gzipped file only that part is
  ///     decompressed, so the rest of the stream is not checked; for a raw file the total
  ///     size is still checked against the header.
  ///   - maxPayloadBytes: The largest number of data bytes the header may declare.
  /// - Returns: The file's dimensions and elements.
  /// - Throws: ``DataFormatError`` naming the file if it cannot be read, its header is
  ///   invalid, its data is shorter or longer than the header declares (with both sizes),
  ///   or its gzip stream is corrupt or truncated.
  public static func read(
    contentsOf url: URL, maxItems: Int? = nil,
    maxPayloadBytes: Int = IDXHeader.defaultMaxPayloadBytes
  ) throws -> IDXFile {
    let data = try contents(of: url)
    return try decode(data, source: url.path, maxItems: maxItems, maxPayloadBytes: maxPayloadBytes)
  }

  /// Decodes an IDX file held in memory, raw or gzipped (detected by its magic bytes).
  ///
  /// - Parameters:
  ///   - data: The file's bytes.
  ///   - source: The file name used in error messages.
  ///   - maxItems: If set, keep only the first `maxItems` items (see
  ///     ``read(contentsOf:maxItems:maxPayloadBytes:)``).
  ///   - maxPayloadBytes: The largest number of data bytes the header may declare.
  /// - Returns: The file's dimensions and elements.
  /// - Throws: ``DataFormatError`` as ``read(contentsOf:maxItems:maxPayloadBytes:)`` does.
  public static func decode(
    _ data: Data, source: String, maxItems: Int? = nil,
    maxPayloadBytes: Int = IDXHeader.defaultMaxPayloadBytes
  ) throws -> IDXFile {
    if let maxItems, maxItems < 0 {
      throw DataFormatError(file: source, "item limit must not be negative, got \(maxItems)")
    }
    guard Gzip.hasMagic(data) else {
      let header = try IDXHeader.parse(data, source: source, maxPayloadBytes: maxPayloadBytes)
      try checkPayload(
        present: data.count - header.byteCount, header: header, source: source,
        decompressed: false)
      return slice(data, header: header, maxItems: maxItems)
    }
    let head = try Gzip.decompressPrefix(data, byteCount: IDXHeader.maxByteCount, source: source)
    let header = try IDXHeader.parse(head, source: source, maxPayloadBytes: maxPayloadBytes)
    let itemBytes = header.payloadByteCount / header.dimensions[0]
    let items = min(maxItems ?? header.dimensions[0], header.dimensions[0])
    // Whole file: one byte beyond the declared size reveals trailing data without
    // decompressing it. Partial read: stop at the last wanted item.
    let wanted =
      items < header.dimensions[0]
      ? header.byteCount + items * itemBytes
      : header.byteCount + header.payloadByteCount + 1
    let content = try Gzip.decompressPrefix(data, byteCount: wanted, source: source)
    if content.count < wanted || items == header.dimensions[0] {
      try checkPayload(
        present: content.count - header.byteCount, header: header, source: source,
        decompressed: true)
    }
    return slice(content, header: header, maxItems: maxItems)
  }

  /// The bytes of the file at `url` (memory-mapped where the system allows it).
  static func contents(of url: URL) throws -> Data {
    do {
      return try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
      throw DataFormatError(file: url.path, "cannot read the file: \(error.localizedDescription)")
    }
  }

  /// Throws unless `present` data bytes are exactly what `header` declares.
  private static func checkPayload(
    present: Int, header: IDXHeader, source: String, decompressed: Bool
  ) throws {
    let declared = header.payloadByteCount
    let shape = IDXHeader.describe(header.dimensions)
    let note = decompressed ? " (after decompression)" : ""
    if present < declared {
      throw DataFormatError(
        file: source, offset: header.byteCount + present,
        "data is truncated\(note): the header declares \(shape) = \(declared) bytes, "
          + "but only \(present) bytes are present")
    }
    if present > declared {
      let extra = decompressed ? "trailing data" : "\(present - declared) trailing bytes"
      throw DataFormatError(
        file: source, offset: header.byteCount + declared,
        "\(extra) after the \(declared) data bytes (\(shape)) the header declares\(note)")
    }
  }

  /// The first `maxItems` items of a buffer holding the header and at least that much data.
  private static func slice(_ content: Data, header: IDXHeader, maxItems: Int?) -> IDXFile {
    let count = min(maxItems ?? header.dimensions[0], header.dimensions[0])
    let itemBytes = header.payloadByteCount / header.dimensions[0]
    let start = content.startIndex + header.byteCount
    let bytes = [UInt8](content[start..<start + count * itemBytes])
    return IDXFile(validatedDimensions: [count] + header.dimensions.dropFirst(), bytes: bytes)
  }
}
