import Foundation

/// A read-only view of a zip archive held in memory (.npz files, Keras 3 `.keras` files).
///
/// Only what those writers produce is supported: a single-disk archive whose entries are
/// stored (method 0) or deflated (method 8), unencrypted. Sizes and offsets come from the
/// central directory (numpy's writer puts ZIP64 sizes in the local headers, and Python's
/// `zipfile` may put them in the central directory: both are understood); an archive that
/// needs a ZIP64 end-of-central-directory record (more than 65,535 entries or a directory
/// beyond 4 GiB) is refused. Every size and offset is checked against the archive's length
/// before it is used, and an entry's declared size against a cap before any allocation.
///
/// ## Why not ZIPFoundation
/// ZIPFoundation 0.9.20 (the newest release, `weichsel/ZIPFoundation`) was tried in its
/// place, on the corpus (`Tests/SNNIOTests/Fixtures/corpus/npz`) and on hostile archives,
/// reading from `Data` and from a file. It cannot keep this reader's guarantees:
/// - **A hang.** On Linux its inflate loop (`Data.decode` in `Data+Compression.swift`)
///   reads the archive in fixed chunks regardless of the entry's compressed size and runs
///   `while result != Z_STREAM_END`: a deflate stream cut short by the end of the file
///   yields empty chunks forever, without calling the consumer, so no cap or cancellation
///   from outside can stop it (`testRead_TruncatedDeflateStream_ThrowsTruncated` is that
///   kind of archive; ZIPFoundation spun until killed).
/// - **Entries silently dropped.** Its entry iterator (`Archive.makeIterator`) ends without
///   an error at the first central-directory header it cannot read, and at the first
///   encrypted entry, so a damaged `.npz` loads with arrays missing
///   (`testRead_DamagedSecondCentralHeader_...`, `testRead_EncryptedEntry_...`).
/// - **Reads past the entry.** A stored entry declaring more bytes than the file holds is
///   returned with whatever follows it (the central directory) and no error; a symbolic
///   link entry allocates its declared size (up to 4 GiB) before reading.
/// Its errors (`ArchiveError.missingEndOfCentralDirectoryRecord`, `CompressionError`) also
/// name neither the file nor the entry. The caps themselves could be kept (its `extract`
/// consumer sees each inflated chunk and can stop at a limit), but not the three points
/// above, so the format stays here, with its writer (``ZipWriter``): one zip implementation,
/// fuzzed (`Fuzz/`, target `fuzz-npz`), whose every error the corpus tests check.
struct ZipArchive {
  /// One file inside the archive, as the central directory describes it.
  struct Entry {
    /// The entry's path inside the archive.
    let name: String
    /// 0 (stored) or 8 (deflated).
    let method: UInt16
    /// CRC-32 of the uncompressed bytes.
    let crc32: UInt32
    /// Size of the stored bytes (bytes).
    let compressedSize: Int
    /// Size once decompressed (bytes).
    let uncompressedSize: Int
    /// Offset of the entry's local header (bytes from the start of the archive).
    let localHeaderOffset: Int
  }

  /// The archive's name in error messages.
  let file: String
  /// The entries in central-directory order.
  let entries: [Entry]
  private let bytes: Data

  private static let endOfDirectorySignature: UInt32 = 0x0605_4b50
  private static let zip64LocatorSignature: UInt32 = 0x0706_4b50
  private static let centralHeaderSignature: UInt32 = 0x0201_4b50
  private static let localHeaderSignature: UInt32 = 0x0403_4b50

  /// Whether `data` starts like a zip archive (a local file header or an empty archive).
  static func hasSignature(_ data: Data) -> Bool {
    guard data.count >= 4 else { return false }
    let signature = ByteReader(data).uint32(at: 0)
    return signature == localHeaderSignature || signature == endOfDirectorySignature
  }

  /// Reads the archive at `url`, refusing files larger than `maxBytes`.
  /// - Throws: ``DataFormatError`` when the file cannot be read or is not a valid archive.
  init(url: URL, maxBytes: Int) throws {
    let data = try readFile(url, maxBytes: maxBytes)
    try self.init(data: data, file: url.path)
  }

  /// Parses the end-of-central-directory record and the central directory of `data`.
  /// - Throws: ``DataFormatError`` naming `file` and the offending record.
  init(data: Data, file: String) throws {
    self.file = file
    self.bytes = data
    let reader = ByteReader(data)
    guard let end = Self.findEndOfDirectory(reader) else {
      throw DataFormatError(
        file: file, "not a zip archive, or a truncated one (no end-of-central-directory record)")
    }
    let diskNumber = reader.uint16(at: end + 4)
    let directoryDisk = reader.uint16(at: end + 6)
    let entriesOnDisk = Int(reader.uint16(at: end + 8))
    let entryCount = Int(reader.uint16(at: end + 10))
    let directorySize = Int(reader.uint32(at: end + 12))
    let directoryOffset = Int(reader.uint32(at: end + 16))
    if end >= 20 && reader.uint32(at: end - 20) == Self.zip64LocatorSignature {
      throw DataFormatError(
        file: file, offset: end - 20,
        "ZIP64 archives (over 65,535 entries or 4 GiB) are not supported")
    }
    guard diskNumber == 0, directoryDisk == 0, entriesOnDisk == entryCount else {
      throw DataFormatError(file: file, offset: end, "multi-disk zip archives are not supported")
    }
    guard directoryOffset <= end, directorySize <= end - directoryOffset else {
      throw DataFormatError(
        file: file, offset: end,
        "central directory (\(directorySize) bytes at \(directoryOffset)) lies outside the archive")
    }
    guard entryCount <= directorySize / 46 else {
      throw DataFormatError(
        file: file, offset: end,
        "\(entryCount) entries cannot fit in a \(directorySize)-byte central directory")
    }
    var entries: [Entry] = []
    entries.reserveCapacity(entryCount)
    var position = directoryOffset
    let directoryEnd = directoryOffset + directorySize
    for index in 0..<entryCount {
      let (entry, next) = try Self.parseCentralHeader(
        reader, at: position, limit: directoryEnd, index: index, file: file,
        dataLimit: directoryOffset)
      entries.append(entry)
      position = next
    }
    self.entries = entries
  }

  /// The uncompressed bytes of `entry`, after checking its declared size against
  /// `maxBytes` (before allocating) and its CRC-32 (after).
  /// - Throws: ``DataFormatError`` naming the archive and the entry.
  func contents(of entry: Entry, maxBytes: Int) throws -> Data {
    guard entry.uncompressedSize <= maxBytes else {
      throw DataFormatError(
        file: file, object: entry.name,
        "declares \(entry.uncompressedSize) uncompressed bytes, more than the \(maxBytes)-byte "
          + "limit"
      )
    }
    let reader = ByteReader(bytes)
    let local = entry.localHeaderOffset
    guard reader.count >= 30, local <= reader.count - 30,
      reader.uint32(at: local) == Self.localHeaderSignature
    else {
      throw DataFormatError(
        file: file, object: entry.name, offset: local, "missing local file header")
    }
    let start = local + 30 + Int(reader.uint16(at: local + 26)) + Int(reader.uint16(at: local + 28))
    guard start <= reader.count, entry.compressedSize <= reader.count - start else {
      throw DataFormatError(
        file: file, object: entry.name, offset: local,
        "data (\(entry.compressedSize) bytes) runs past the end of the archive")
    }
    let stored = bytes.subdata(
      in: (bytes.startIndex + start)..<(bytes.startIndex + start + entry.compressedSize))
    let contents: Data
    switch entry.method {
    case 0:
      guard entry.compressedSize == entry.uncompressedSize else {
        throw DataFormatError(
          file: file, object: entry.name,
          "stored entry has \(entry.compressedSize) bytes but declares \(entry.uncompressedSize)")
      }
      contents = stored
    default:
      // The declared size is the cap: a longer stream fails without decoding past it.
      do {
        contents = try Zlib.inflate(
          stored, windowBits: Zlib.rawDeflate, maxOutputBytes: entry.uncompressedSize,
          source: file)
      } catch let error as DataFormatError {
        throw DataFormatError(
          file: file, object: entry.name, offset: error.offset.map { start + $0 },
          "deflated data: \(error.problem)")
      }
      guard contents.count == entry.uncompressedSize else {
        throw DataFormatError(
          file: file, object: entry.name,
          "decompresses to \(contents.count) bytes, the archive declares \(entry.uncompressedSize)")
      }
    }
    let crc = CRC32.checksum(contents)
    guard crc == entry.crc32 else {
      throw DataFormatError(
        file: file, object: entry.name,
        "CRC-32 mismatch: contents have \(hex(crc)), the archive declares \(hex(entry.crc32))")
    }
    return contents
  }

  /// The entry called `name`, if any.
  func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

  /// The offset of the end-of-central-directory record, searched backwards over the
  /// largest possible comment (65,535 bytes).
  private static func findEndOfDirectory(_ reader: ByteReader) -> Int? {
    guard reader.count >= 22 else { return nil }
    let lowest = max(0, reader.count - 22 - 65_535)
    var position = reader.count - 22
    while position >= lowest {
      if reader.uint32(at: position) == endOfDirectorySignature,
        position + 22 + Int(reader.uint16(at: position + 20)) == reader.count
      {
        return position
      }
      position -= 1
    }
    return nil
  }

  /// Parses the central header at `position`; returns it and the next header's offset.
  private static func parseCentralHeader(
    _ reader: ByteReader, at position: Int, limit: Int, index: Int, file: String,
    dataLimit: Int
  ) throws -> (Entry, Int) {
    guard position <= limit - 46, reader.uint32(at: position) == centralHeaderSignature else {
      throw DataFormatError(
        file: file, offset: position, "central directory entry \(index) is missing or truncated")
    }
    let flags = reader.uint16(at: position + 8)
    let method = reader.uint16(at: position + 10)
    let crc = reader.uint32(at: position + 16)
    var compressed = Int(reader.uint32(at: position + 20))
    var uncompressed = Int(reader.uint32(at: position + 24))
    let nameLength = Int(reader.uint16(at: position + 28))
    let extraLength = Int(reader.uint16(at: position + 30))
    let commentLength = Int(reader.uint16(at: position + 32))
    var localOffset = Int(reader.uint32(at: position + 42))
    let next = position + 46 + nameLength + extraLength + commentLength
    guard next <= limit else {
      throw DataFormatError(
        file: file, offset: position, "central directory entry \(index) runs past the directory")
    }
    let nameBytes = reader.bytes(at: position + 46, count: nameLength)
    let name = String(decoding: nameBytes, as: UTF8.self)

    // ZIP64 extended information (header id 1): the 64-bit values of the fields that are
    // 0xFFFFFFFF above, in this order.
    let extraStart = position + 46 + nameLength
    var cursor = extraStart
    while cursor + 4 <= extraStart + extraLength {
      let id = reader.uint16(at: cursor)
      let size = Int(reader.uint16(at: cursor + 2))
      guard cursor + 4 + size <= extraStart + extraLength else { break }
      if id == 1 {
        var field = cursor + 4
        func next64() throws -> Int {
          guard field + 8 <= cursor + 4 + size else {
            throw DataFormatError(
              file: file, object: name, offset: field, "ZIP64 extra field is too short")
          }
          let value = reader.uint64(at: field)
          field += 8
          guard value <= UInt64(Int.max) else {
            throw DataFormatError(
              file: file, object: name, offset: field - 8, "ZIP64 size out of range")
          }
          return Int(value)
        }
        if uncompressed == 0xFFFF_FFFF { uncompressed = try next64() }
        if compressed == 0xFFFF_FFFF { compressed = try next64() }
        if localOffset == 0xFFFF_FFFF { localOffset = try next64() }
      }
      cursor += 4 + size
    }

    guard flags & 1 == 0 else {
      throw DataFormatError(file: file, object: name, "encrypted zip entries are not supported")
    }
    guard method == 0 || method == 8 else {
      throw DataFormatError(
        file: file, object: name,
        "compression method \(method) is not supported (only stored and deflated)")
    }
    guard localOffset <= dataLimit, compressed <= dataLimit - localOffset else {
      throw DataFormatError(
        file: file, object: name, offset: position,
        "entry (\(compressed) bytes at \(localOffset)) lies outside the archive's data")
    }
    let entry = Entry(
      name: name, method: method, crc32: crc, compressedSize: compressed,
      uncompressedSize: uncompressed, localHeaderOffset: localOffset)
    return (entry, next)
  }
}

/// `0x` and eight hex digits.
private func hex(_ value: UInt32) -> String {
  let digits = String(value, radix: 16)
  return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
