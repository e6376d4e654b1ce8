import Foundation

/// Reading and writing NumPy `.npy` files (format versions 1.0, 2.0 and 3.0; see
/// `numpy.lib.format`).
///
/// A file is the magic `\x93NUMPY`, a version, a header length (2 bytes in version 1, 4
/// bytes after), a Python dict literal giving `descr`, `fortran_order` and `shape`, and the
/// raw elements. Reading accepts little-endian (`<`), big-endian (`>`) and byte-order-free
/// (`|`) types and Fortran order (converted to C order); it never trusts the header: the
/// shape's element count is checked for overflow, against `maxBytes` and against the bytes
/// actually present before anything is allocated. Writing always produces a version 1.0
/// (or 2.0 if the header needs it), little-endian, C-ordered file with the header padded to
/// a multiple of 64 bytes, byte-for-byte what `numpy.save` writes.
public enum NPY {
  /// The default largest array (bytes of element data) a reader accepts: 2 GiB.
  public static let defaultMaxBytes = 1 << 31

  /// The largest header accepted (bytes). NumPy itself refuses headers over 10,000 bytes
  /// by default.
  static let maxHeaderBytes = 1 << 20

  private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

  /// Parses a `.npy` file held in `data`.
  /// - Parameters:
  ///   - data: The whole file.
  ///   - name: The file's name, used in error messages.
  ///   - maxBytes: The largest array (bytes of element data) accepted.
  /// - Throws: ``DataFormatError`` naming `name` and the problem (wrong magic, unsupported
  ///   version or dtype, malformed header, shape too large or not matching the data).
  public static func read(data: Data, name: String, maxBytes: Int = defaultMaxBytes) throws
    -> NDArray
  {
    try read(data: data, file: name, object: nil, maxBytes: maxBytes)
  }

  /// Reads the `.npy` file at `url`.
  /// - Parameters:
  ///   - url: A file URL.
  ///   - maxBytes: The largest array (bytes of element data) accepted; larger files are
  ///     refused before they are read.
  /// - Throws: ``DataFormatError`` naming the path and the problem.
  public static func read(url: URL, maxBytes: Int = defaultMaxBytes) throws -> NDArray {
    let fileCap =
      maxBytes > Int.max - maxHeaderBytes - 12 ? Int.max : maxBytes + maxHeaderBytes + 12
    let data = try readFile(url, maxBytes: fileCap)
    return try read(data: data, file: url.path, object: nil, maxBytes: maxBytes)
  }

  /// The `.npy` encoding of `array` (little-endian, C order).
  public static func encode(_ array: NDArray) -> Data {
    var header = NPYHeader.text(dtype: array.dtype, shape: array.shape)
    // Pad (with spaces, then "\n") so the data starts at a multiple of 64 bytes. Version 1
    // has a 10-byte prefix and a 2-byte length; longer headers need version 2 (12 bytes).
    func padded(prefix: Int) -> Int {
      let unpadded = prefix + header.utf8.count + 1
      return header.utf8.count + 1 + (64 - unpadded % 64) % 64
    }
    let needsVersion2 = padded(prefix: 10) > Int(UInt16.max)
    let length = padded(prefix: needsVersion2 ? 12 : 10)
    header += String(repeating: " ", count: length - header.utf8.count - 1) + "\n"
    var out = Data(magic)
    out.append(contentsOf: [needsVersion2 ? 2 : 1, 0])
    if needsVersion2 {
      out.appendLittleEndian(UInt32(header.utf8.count))
    } else {
      out.appendLittleEndian(UInt16(header.utf8.count))
    }
    out.append(contentsOf: Array(header.utf8))
    out.append(array.storage.littleEndianBytes())
    return out
  }

  /// Writes `array` to `url` as a `.npy` file, atomically (see ``writeAtomically(_:to:)``).
  /// - Throws: ``DataFormatError`` naming the path when it cannot be written.
  public static func write(_ array: NDArray, to url: URL) throws {
    try writeAtomically(encode(array), to: url)
  }

  /// Parses `data`; errors name `file` and, inside an archive, `object`.
  static func read(data: Data, file: String, object: String?, maxBytes: Int) throws -> NDArray {
    func fail(_ problem: String, at offset: Int? = nil) -> DataFormatError {
      DataFormatError(file: file, object: object, offset: offset, problem)
    }
    let reader = ByteReader(data)
    guard data.count >= 10 else {
      throw fail("too short for a .npy file (\(data.count) bytes)")
    }
    guard reader.bytes(at: 0, count: 6) == magic else {
      throw fail("not a .npy file (the magic \\x93NUMPY is missing)", at: 0)
    }
    let major = reader.bytes(at: 6, count: 1)[0]
    let minor = reader.bytes(at: 7, count: 1)[0]
    let headerStart: Int
    let headerLength: Int
    switch major {
    case 1:
      headerStart = 10
      headerLength = Int(reader.uint16(at: 8))
    case 2, 3:
      headerStart = 12
      guard data.count >= 12 else { throw fail("too short for a version \(major) .npy file") }
      headerLength = Int(reader.uint32(at: 8))
    default:
      throw fail("unsupported .npy format version \(major).\(minor)", at: 6)
    }
    guard headerLength <= maxHeaderBytes else {
      throw fail("header length \(headerLength) exceeds the \(maxHeaderBytes)-byte limit", at: 8)
    }
    guard headerLength <= data.count - headerStart else {
      throw fail(
        "header length \(headerLength) runs past the end of the file (\(data.count) bytes)", at: 8)
    }
    let header = try NPYHeader.parse(
      reader.bytes(at: headerStart, count: headerLength), file: file, object: object)

    let shapeText = NDArray.describe(header.shape)
    guard let count = NDArray.elementCount(of: header.shape) else {
      throw fail("shape \(shapeText) has more elements than a 64-bit count can hold")
    }
    let (byteCount, overflow) = count.multipliedReportingOverflow(by: header.dtype.itemSize)
    guard !overflow, byteCount <= maxBytes else {
      throw fail(
        "shape \(shapeText) of \(header.dtype) needs \(overflow ? "over 2^63" : String(byteCount)) "
          + "bytes, more than the \(maxBytes)-byte limit"
      )
    }
    let dataStart = headerStart + headerLength
    let available = data.count - dataStart
    guard available == byteCount else {
      throw fail(
        "shape \(shapeText) of \(header.dtype) needs \(byteCount) bytes of data, the file has "
          + "\(available)"
          + (available < byteCount ? " (truncated)" : ""),
        at: dataStart)
    }
    let storage = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
      NDArray.Storage.decode(
        UnsafeRawBufferPointer(rebasing: raw[dataStart...]), dtype: header.dtype, count: count,
        bigEndian: header.bigEndian)
    }
    let ordered = header.fortranOrder ? storage.fortranToC(shape: header.shape) : storage
    do {
      return try NDArray(shape: header.shape, storage: ordered)
    } catch {
      throw fail(error.description)
    }
  }
}
