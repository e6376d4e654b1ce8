import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes `data` to `url` so that the file at `url` is, at every instant, either its old
/// content (or absent) or the complete new content: never a half-written file.
///
/// The bytes go to a temporary file in the same directory (`.<name>.tmp-<pid>-<random>`),
/// which is flushed to disk with `fsync` and then renamed over the target (`rename(2)` is
/// atomic within one file system); finally the directory is synced so that the rename
/// itself survives a power loss. If the process dies before the rename, the target is
/// untouched and only the temporary file may be left behind. If the target exists, the new
/// file gets its permission bits; otherwise the mode is `0666` minus the umask.
///
/// A symbolic link at `url` is replaced by a regular file (the link's target is not
/// written).
///
/// - Parameters:
///   - data: The complete new content.
///   - url: A file URL; its directory must exist and be writable.
/// - Throws: ``DataFormatError`` naming the path and the system's reason (for example
///   "permission denied" or "no space left on device") when any step fails; the
///   temporary file is removed and the target is left as it was.
public func writeAtomically(_ data: Data, to url: URL) throws {
  try AtomicFileWriter.write(
    data, to: url,
    chunkWriter: { fd, chunk in
      write(fd, chunk.baseAddress, chunk.count)
    })
}

/// The steps of ``writeAtomically(_:to:)``, with the `write(2)` call injectable so that
/// tests can make a write fail or stall midway.
enum AtomicFileWriter {
  /// Writes one chunk to a file descriptor; returns the number of bytes written or -1
  /// with `errno` set, like `write(2)`.
  typealias ChunkWriter = (_ fd: Int32, _ chunk: UnsafeRawBufferPointer) -> Int

  /// The largest chunk handed to one `write(2)` call (bytes).
  static let chunkSize = 1 << 20

  static func write(_ data: Data, to url: URL, chunkWriter: ChunkWriter) throws {
    let target = url.standardizedFileURL.path
    let directory = (target as NSString).deletingLastPathComponent
    let name = (target as NSString).lastPathComponent
    guard !name.isEmpty, name != "/" else {
      throw DataFormatError(file: target, "cannot write: the path does not name a file")
    }
    let temporary = (directory as NSString).appendingPathComponent(
      ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")

    var existing = stat()
    let targetExists = stat(target, &existing) == 0
    let mode: mode_t = targetExists ? existing.st_mode & 0o7777 : 0o666
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard fd >= 0 else {
      throw failure(target, "cannot create a temporary file in \(directory)")
    }
    var renamed = false
    defer {
      if !renamed { unlink(temporary) }
    }
    do {
      defer { close(fd) }
      if targetExists {
        // open() applied the umask; give the new file exactly the old file's mode.
        _ = fchmod(fd, mode)
      }
      try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
        var offset = 0
        while offset < bytes.count {
          let end = min(bytes.count, offset + chunkSize)
          let chunk = UnsafeRawBufferPointer(rebasing: bytes[offset..<end])
          let written = chunkWriter(fd, chunk)
          if written < 0 {
            if errno == EINTR { continue }
            throw failure(target, "cannot write \(bytes.count) bytes (wrote \(offset))")
          }
          if written == 0 {
            throw DataFormatError(
              file: target, "cannot write \(bytes.count) bytes (wrote \(offset)): no progress")
          }
          offset += written
        }
      }
      guard fsync(fd) == 0 else { throw failure(target, "cannot flush the data to disk") }
    }
    guard rename(temporary, target) == 0 else {
      throw failure(target, "cannot move the temporary file over the target")
    }
    renamed = true
    let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
    if directoryFD >= 0 {
      // Best effort: the new content is complete either way; this makes the rename durable.
      _ = fsync(directoryFD)
      close(directoryFD)
    }
  }

  /// An error naming `path`, the failed step and `errno`'s message.
  private static func failure(_ path: String, _ step: String) -> DataFormatError {
    let code = errno
    let reason = String(cString: strerror(code)).lowercased()
    return DataFormatError(file: path, "\(step): \(reason) (errno \(code))")
  }
}
