import Foundation

/// Builds a zip archive in memory, entry by entry, the way numpy's `savez` lays it out:
/// each entry stored (method 0) or deflated (method 8), a fixed timestamp
/// (1980-01-01 00:00, so equal inputs give byte-identical archives), no ZIP64.
///
/// ZIPFoundation could write these archives, but it cannot read them safely (see
/// ``ZipArchive``); a dependency for the writer alone would leave two zip implementations
/// in the package for one format.
struct ZipWriter {
  /// The archive's name in error messages.
  let file: String
  private var body = Data()
  private var directory = Data()
  private var entryCount = 0

  /// The largest size or offset a non-ZIP64 archive can record.
  private static let limit = Int(UInt32.max) - 1

  init(file: String) { self.file = file }

  /// Appends an entry called `name` holding `contents`, deflated when `compressed`.
  /// - Throws: ``DataFormatError`` when the archive would need ZIP64 (an entry or the
  ///   archive over 4 GiB, or more than 65,535 entries) or zlib fails.
  mutating func add(name: String, contents: Data, compressed: Bool) throws {
    let nameBytes = Data(name.utf8)
    guard nameBytes.count <= Int(UInt16.max), entryCount < Int(UInt16.max) else {
      throw DataFormatError(
        file: file, object: name, "too many entries or too long a name for a zip archive")
    }
    let stored =
      compressed
      ? try Zlib.deflate(contents, windowBits: Zlib.rawDeflate, source: "\(file): \(name)")
      : contents
    let offset = body.count
    guard contents.count <= Self.limit, stored.count <= Self.limit,
      offset + 30 + nameBytes.count + stored.count <= Self.limit
    else {
      throw DataFormatError(
        file: file, object: name, "archive would exceed 4 GiB (ZIP64 is not written)")
    }
    let crc = CRC32.checksum(contents)
    let method: UInt16 = compressed ? 8 : 0
    let isASCII = name.utf8.allSatisfy { $0 < 0x80 }
    let flags: UInt16 = isASCII ? 0 : 0x0800  // bit 11: the name is UTF-8
    let version: UInt16 = 20  // 2.0: deflate

    body.appendLittleEndian(UInt32(0x0403_4b50))
    body.appendLittleEndian(version)
    body.appendLittleEndian(flags)
    body.appendLittleEndian(method)
    body.appendLittleEndian(UInt16(0))  // time 00:00:00
    body.appendLittleEndian(UInt16(0x21))  // date 1980-01-01
    body.appendLittleEndian(crc)
    body.appendLittleEndian(UInt32(stored.count))
    body.appendLittleEndian(UInt32(contents.count))
    body.appendLittleEndian(UInt16(nameBytes.count))
    body.appendLittleEndian(UInt16(0))  // extra field length
    body.append(nameBytes)
    body.append(stored)

    directory.appendLittleEndian(UInt32(0x0201_4b50))
    directory.appendLittleEndian(UInt16(0x0314))  // made by: Unix, 2.0
    directory.appendLittleEndian(version)
    directory.appendLittleEndian(flags)
    directory.appendLittleEndian(method)
    directory.appendLittleEndian(UInt16(0))
    directory.appendLittleEndian(UInt16(0x21))
    directory.appendLittleEndian(crc)
    directory.appendLittleEndian(UInt32(stored.count))
    directory.appendLittleEndian(UInt32(contents.count))
    directory.appendLittleEndian(UInt16(nameBytes.count))
    directory.appendLittleEndian(UInt16(0))  // extra field length
    directory.appendLittleEndian(UInt16(0))  // comment length
    directory.appendLittleEndian(UInt16(0))  // disk number
    directory.appendLittleEndian(UInt16(0))  // internal attributes
    directory.appendLittleEndian(UInt32(0o100644) << 16)  // external: regular file rw-r--r--
    directory.appendLittleEndian(UInt32(offset))
    directory.append(nameBytes)
    entryCount += 1
  }

  /// The complete archive: the entries, the central directory and its end record.
  /// - Throws: ``DataFormatError`` when the directory would lie beyond 4 GiB.
  func finish() throws -> Data {
    guard body.count + directory.count <= Self.limit else {
      throw DataFormatError(file: file, "archive would exceed 4 GiB (ZIP64 is not written)")
    }
    var archive = body
    archive.append(directory)
    archive.appendLittleEndian(UInt32(0x0605_4b50))
    archive.appendLittleEndian(UInt16(0))  // this disk
    archive.appendLittleEndian(UInt16(0))  // disk with the directory
    archive.appendLittleEndian(UInt16(entryCount))
    archive.appendLittleEndian(UInt16(entryCount))
    archive.appendLittleEndian(UInt32(directory.count))
    archive.appendLittleEndian(UInt32(body.count))
    archive.appendLittleEndian(UInt16(0))  // comment length
    return archive
  }
}
