import Foundation

/// Reading and writing NumPy `.npz` archives: a zip file with one `.npy` entry per array
/// (`numpy.savez` stores them, `numpy.savez_compressed` deflates them).
///
/// Array names are the entry names without `.npy`. Reading checks each entry's CRC-32 and
/// refuses an entry whose declared uncompressed size (or whose actual inflated size) goes
/// beyond what is left of `maxBytes`, before inflating it, so a decompression bomb costs at
/// most `maxBytes` of memory. Entries may be stored or deflated; ZIP64 sizes in numpy's
/// local headers and in the central directory are understood, but an archive needing a
/// ZIP64 end record (over 65,535 entries or 4 GiB) and encrypted entries are refused.
public enum NPZ {
  /// The default cap on an archive's size and on the total size of its uncompressed
  /// entries: 2 GiB.
  public static let defaultMaxBytes = NPY.defaultMaxBytes

  /// Reads every array of the `.npz` file at `url`.
  /// - Parameters:
  ///   - url: A file URL.
  ///   - maxBytes: The largest archive, and the largest total of uncompressed entries,
  ///     accepted (bytes).
  /// - Returns: The arrays by name (`"W1"` for the entry `W1.npy`).
  /// - Throws: ``DataFormatError`` naming the path, the entry and the problem.
  public static func read(url: URL, maxBytes: Int = defaultMaxBytes) throws -> [String: NDArray] {
    try read(data: readFile(url, maxBytes: maxBytes), name: url.path, maxBytes: maxBytes)
  }

  /// Reads every array of a `.npz` archive held in `data`.
  /// - Parameters:
  ///   - data: The whole archive.
  ///   - name: The archive's name, used in error messages.
  ///   - maxBytes: The largest total of uncompressed entries accepted (bytes).
  /// - Throws: ``DataFormatError`` naming `name`, the entry and the problem.
  public static func read(data: Data, name: String, maxBytes: Int = defaultMaxBytes) throws
    -> [String: NDArray]
  {
    try read(archive: ZipArchive(data: data, file: name), maxBytes: maxBytes)
  }

  /// Reads every `.npy` entry of `archive`, with at most `maxBytes` uncompressed in all.
  static func read(archive: ZipArchive, maxBytes: Int) throws -> [String: NDArray] {
    let name = archive.file
    var arrays: [String: NDArray] = [:]
    var budget = maxBytes
    for entry in archive.entries where !entry.name.hasSuffix("/") {
      guard entry.name.hasSuffix(".npy") else {
        throw DataFormatError(
          file: name, object: entry.name, "is not a .npy entry: not a NumPy .npz archive")
      }
      let arrayName = String(entry.name.dropLast(4))
      guard arrays[arrayName] == nil else {
        throw DataFormatError(file: name, object: entry.name, "appears twice in the archive")
      }
      let contents = try archive.contents(of: entry, maxBytes: budget)
      budget -= contents.count
      arrays[arrayName] = try NPY.read(
        data: contents, file: name, object: entry.name, maxBytes: contents.count)
    }
    return arrays
  }

  /// The `.npz` encoding of `arrays`, entries in name order.
  /// - Parameters:
  ///   - arrays: The arrays by name (each becomes the entry `<name>.npy`).
  ///   - compressed: Deflate the entries (like `numpy.savez_compressed`) or store them
  ///     (like `numpy.savez`).
  /// - Throws: ``DataFormatError`` when a name is empty or the archive would need ZIP64
  ///   (over 4 GiB or 65,535 entries).
  public static func encode(_ arrays: [String: NDArray], compressed: Bool) throws -> Data {
    try encode(arrays, compressed: compressed, file: "<npz>")
  }

  private static func encode(_ arrays: [String: NDArray], compressed: Bool, file: String) throws
    -> Data
  {
    var writer = ZipWriter(file: file)
    for name in arrays.keys.sorted() {
      guard !name.isEmpty, let array = arrays[name] else {
        throw DataFormatError(file: file, "an array name is empty")
      }
      try writer.add(name: name + ".npy", contents: NPY.encode(array), compressed: compressed)
    }
    return try writer.finish()
  }

  /// Writes `arrays` to `url` as a `.npz` file, atomically (see
  /// ``writeAtomically(_:to:)``).
  /// - Parameters:
  ///   - arrays: The arrays by name.
  ///   - url: A file URL.
  ///   - compressed: Deflate the entries (`numpy.savez_compressed`) or store them
  ///     (`numpy.savez`, the default).
  /// - Throws: ``DataFormatError`` naming the path when it cannot be written.
  public static func write(_ arrays: [String: NDArray], to url: URL, compressed: Bool = false)
    throws
  {
    try writeAtomically(encode(arrays, compressed: compressed, file: url.path), to: url)
  }
}
