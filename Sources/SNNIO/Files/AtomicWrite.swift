import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes `data` to `url` so that a regular file at `url` is, at every instant, either its
/// old content (or absent) or the complete new content: never a half-written file. What
/// the path points to is never replaced by something else.
///
/// What happens depends on what `url` names:
/// - **A regular file, or nothing:** the bytes go to a temporary file in the same directory
///   (`.<name>.tmp-<pid>-<random>`), which is flushed to disk with `fsync` and then renamed
///   over the target (`rename(2)` is atomic within one file system); finally the directory
///   is synced so that the rename itself survives a power loss. If the target exists, the
///   new file gets its permission bits; otherwise the mode is `0666` minus the umask.
/// - **A symbolic link:** the whole chain of links is followed and the file it ends at is
///   replaced as above, with the temporary file in *that* file's directory; the links stay
///   links. A dangling link (its final target does not exist) creates the target when the
///   target's directory exists, as `echo > link` does.
/// - **A character device or a FIFO**, or a link to one (`/dev/null`, a named pipe,
///   `/dev/stdout` when it is a terminal or a pipe): the data is written through, as a
///   shell's `>` does: opened, written, closed; no temporary file, no rename. Opening a FIFO waits until a reader opens it; a reader that closes it
///   early ends the process with `SIGPIPE`, as for any Unix tool, unless the program
///   ignores that signal (then the write fails with "broken pipe").
/// - **A directory, a block device or a socket** is refused.
///
/// If the process dies before the rename, the target is untouched and only the temporary
/// file may be left behind; every error this function reports removes it first.
///
/// - Parameters:
///   - data: The complete new content.
///   - url: A file URL; its directory (or, for a link, its final target's) must exist and
///     be writable.
/// - Throws: ``DataFormatError`` naming the path (and the link's target) and the system's
///   reason (for example "permission denied" or "no space left on device") when any step
///   fails; the temporary file is removed and the target is left as it was.
public func writeAtomically(_ data: Data, to url: URL) throws {
  try AtomicFileWriter.write(
    data, to: url,
    chunkWriter: { fd, chunk in
      write(fd, chunk.baseAddress, chunk.count)
    })
}

/// The steps of ``writeAtomically(_:to:)``, with the `write(2)` and `fsync(2)` calls
/// injectable so that tests can make a write fail or stall midway, or the flush fail.
enum AtomicFileWriter {
  /// Writes one chunk to a file descriptor; returns the number of bytes written or -1
  /// with `errno` set, like `write(2)`.
  typealias ChunkWriter = (_ fd: Int32, _ chunk: UnsafeRawBufferPointer) -> Int

  /// The largest chunk handed to one `write(2)` call (bytes).
  static let chunkSize = 1 << 20

  /// The most symbolic links followed before giving up (Linux's own limit, `ELOOP`).
  static let maxLinks = 40

  static func write(
    _ data: Data, to url: URL, chunkWriter: ChunkWriter, sync: (_ fd: Int32) -> Int32 = { fsync($0) }
  ) throws {
    let requested = url.standardizedFileURL.path
    let name = (requested as NSString).lastPathComponent
    guard !name.isEmpty, name != "/" else {
      throw DataFormatError(file: requested, "cannot write: the path does not name a file")
    }
    // stat() follows the links (the kernel's "magic" ones in /proc included: /dev/stdout
    // -> /proc/self/fd/1 -> "pipe:[...]" has no path to resolve by hand) and says what
    // they end at; a dangling link or a missing file makes it fail.
    var info = stat()
    let exists = stat(requested, &info) == 0
    let kind = exists ? info.st_mode & S_IFMT : S_IFREG
    if kind == S_IFCHR || kind == S_IFIFO {
      // open() follows the links itself, magic ones included.
      return try writeThrough(requested, data, chunkWriter: chunkWriter)
    }
    let target = try finalTarget(of: requested)
    let place = target == requested ? "" : " (the link's target \(target))"
    switch kind {
    case S_IFREG:
      try replace(
        target, with: data, mode: exists ? info.st_mode & 0o7777 : nil, reportedAs: requested, place: place,
        chunkWriter: chunkWriter, sync: sync)
    case S_IFDIR:
      throw DataFormatError(file: requested, "cannot write\(place): it is a directory")
    default:
      throw DataFormatError(
        file: requested, "cannot write\(place): it is neither a regular file, a character device nor a FIFO")
    }
  }

  /// The path the chain of symbolic links starting at `path` ends at (`path` itself when it
  /// is not a link), which may not exist (a dangling link).
  private static func finalTarget(of path: String) throws -> String {
    var current = path
    for _ in 0...maxLinks {
      var info = stat()
      guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let length = readlink(current, &buffer, buffer.count - 1)
      guard length >= 0 else { throw failure(path, "cannot read the symbolic link \(current)") }
      let link = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current =
        link.hasPrefix("/")
        ? link
        : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(link)
    }
    throw DataFormatError(
      file: path, "cannot write: more than \(maxLinks) symbolic links (a loop?)")
  }

  /// Replaces the regular file (or nothing) at `target` by a temporary file and a rename.
  /// - Parameter mode: The existing file's permission bits, if it exists.
  private static func replace(
    _ target: String, with data: Data, mode: mode_t?, reportedAs path: String, place: String,
    chunkWriter: ChunkWriter, sync: (_ fd: Int32) -> Int32
  ) throws {
    let directory = (target as NSString).deletingLastPathComponent
    let name = (target as NSString).lastPathComponent
    let temporary = (directory as NSString).appendingPathComponent(
      ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode ?? 0o666)
    guard fd >= 0 else {
      throw failure(path, "cannot create a temporary file in \(directory)\(place)")
    }
    var renamed = false
    defer {
      if !renamed { unlink(temporary) }
    }
    do {
      defer { close(fd) }
      if let mode {
        // open() applied the umask; give the new file exactly the old file's mode.
        _ = fchmod(fd, mode)
      }
      try writeAll(data, to: fd, reportedAs: path, place: place, chunkWriter: chunkWriter)
      guard sync(fd) == 0 else { throw failure(path, "cannot flush the data to disk\(place)") }
    }
    guard rename(temporary, target) == 0 else {
      throw failure(path, "cannot move the temporary file over the target\(place)")
    }
    renamed = true
    let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
    if directoryFD >= 0 {
      // Best effort: the new content is complete either way; this makes the rename durable.
      _ = fsync(directoryFD)
      close(directoryFD)
    }
  }

  /// Writes `data` straight into the character device or FIFO that `path` is or links to.
  private static func writeThrough(_ path: String, _ data: Data, chunkWriter: ChunkWriter) throws {
    var fd: Int32
    repeat { fd = open(path, O_WRONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
    guard fd >= 0 else { throw failure(path, "cannot open for writing") }
    defer { close(fd) }
    try writeAll(data, to: fd, reportedAs: path, place: "", chunkWriter: chunkWriter)
  }

  /// Hands `data` to `chunkWriter` in chunks of at most ``chunkSize`` bytes, retrying
  /// after `EINTR` and continuing after short writes.
  private static func writeAll(
    _ data: Data, to fd: Int32, reportedAs path: String, place: String,
    chunkWriter: ChunkWriter
  ) throws {
    try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
      var offset = 0
      while offset < bytes.count {
        let end = min(bytes.count, offset + chunkSize)
        let chunk = UnsafeRawBufferPointer(rebasing: bytes[offset..<end])
        let written = chunkWriter(fd, chunk)
        if written < 0 {
          if errno == EINTR { continue }
          throw failure(path, "cannot write \(bytes.count) bytes (wrote \(offset))\(place)")
        }
        if written == 0 {
          throw DataFormatError(
            file: path, "cannot write \(bytes.count) bytes (wrote \(offset))\(place): no progress")
        }
        offset += written
      }
    }
  }

  /// An error naming `path`, the failed step and `errno`'s message.
  private static func failure(_ path: String, _ step: String) -> DataFormatError {
    let code = errno
    let reason = String(cString: strerror(code)).lowercased()
    return DataFormatError(file: path, "\(step): \(reason) (errno \(code))")
  }
}
