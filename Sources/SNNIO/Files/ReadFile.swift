import Foundation

/// Reads `url` whole, after checking that it is a regular file of at most `maxBytes`.
/// - Throws: ``DataFormatError`` naming the path when it is missing, unreadable or too big.
func readFile(_ url: URL, maxBytes: Int) throws -> Data {
  let path = url.path
  let attributes: [FileAttributeKey: Any]
  do {
    attributes = try FileManager.default.attributesOfItem(atPath: path)
  } catch {
    throw DataFormatError(file: path, "cannot read: no such file or not accessible")
  }
  if let type = attributes[.type] as? FileAttributeType, type == .typeDirectory {
    throw DataFormatError(file: path, "cannot read: is a directory")
  }
  let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
  guard size <= maxBytes else {
    throw DataFormatError(file: path, "file is \(size) bytes, more than the \(maxBytes)-byte limit")
  }
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
