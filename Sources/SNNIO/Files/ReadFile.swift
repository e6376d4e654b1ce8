import Foundation

/// Reads `url` whole, after checking that it is a regular file of at most `maxBytes`.
/// Symbolic links are followed before the checks, so the size checked is the target's; a
/// device, pipe or socket (`/dev/zero`, a FIFO) is refused rather than read without end.
/// - Throws: ``DataFormatError`` naming the path when it is missing, unreadable, not a
///   regular file or too big.
func readFile(_ url: URL, maxBytes: Int) throws -> Data {
  let path = url.path
  let attributes: [FileAttributeKey: Any]
  do {
    attributes = try FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
  } catch {
    throw DataFormatError(file: path, "cannot read: no such file or not accessible")
  }
  let type = attributes[.type] as? FileAttributeType
  if type == .typeDirectory {
    throw DataFormatError(file: path, "cannot read: is a directory")
  }
  guard type == .typeRegular else {
    throw DataFormatError(file: path, "cannot read: not a regular file (a device, pipe or socket)")
  }
  let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
  guard size <= maxBytes else {
    throw DataFormatError(file: path, "file is \(size) bytes, more than the \(maxBytes)-byte limit")
  }
  // An empty file needs no read (and Foundation's Data(contentsOf:) leaks a page on one,
  // found by the network-file fuzzer).
  if size == 0 { return Data() }
  do {
    return try Data(contentsOf: url)
  } catch {
    throw DataFormatError(file: path, "cannot read: \(error.localizedDescription)")
  }
}

/// The first `count` bytes of the file at `url` (fewer if it is shorter).
/// - Throws: ``DataFormatError`` naming the path when it is missing, a directory or
///   unreadable.
func readPrefix(_ url: URL, count: Int) throws -> Data {
  let path = url.path
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
    throw DataFormatError(file: path, "cannot read: no such file")
  }
  guard !isDirectory.boolValue else {
    throw DataFormatError(file: path, "cannot read: is a directory")
  }
  do {
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    return try handle.read(upToCount: count) ?? Data()
  } catch {
    throw DataFormatError(file: path, "cannot read: \(error.localizedDescription)")
  }
}
