import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Downloads the four official MNIST `.gz` files and checks them against their published
/// MD5 checksums.
///
/// Each file is fetched into memory (at most ``maxDownloadBytes``), its checksum is
/// verified, and only then is it written, atomically (a temporary file in the same
/// directory, renamed into place), so the directory never holds a partial or unverified
/// file. Mirrors are tried in order; a file fails only when every mirror failed, and the
/// error lists what went wrong with each. Local copies are never checked against these
/// checksums: only what is downloaded is.
public enum MNISTDownload {
  /// A file to download and the MD5 it must have.
  public struct RemoteFile: Sendable, Equatable {
    /// The file name, appended to each mirror's base URL and used for the local copy.
    public let name: String
    /// The expected MD5 of the file as served, 32 hexadecimal digits.
    public let md5: String

    /// Creates a remote file description.
    public init(name: String, md5: String) {
      self.name = name
      self.md5 = md5
    }
  }

  /// The four official gzipped IDX files with the checksums published with MNIST.
  public static let officialFiles: [RemoteFile] = [
    RemoteFile(name: "train-images-idx3-ubyte.gz", md5: "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
    RemoteFile(name: "train-labels-idx1-ubyte.gz", md5: "d53e105ee54ea40749a09fcbcd1e9432"),
    RemoteFile(name: "t10k-images-idx3-ubyte.gz", md5: "9fb629c4189551a2d022fa330f9573f3"),
    RemoteFile(name: "t10k-labels-idx1-ubyte.gz", md5: "ec29112dd5afa0611ce80d1b7f02629c"),
  ]

  /// Public mirrors of the original files, tried in this order.
  public static let defaultMirrors: [URL] = [
    URL(string: "https://ossci-datasets.s3.amazonaws.com/mnist/"),
    URL(string: "https://storage.googleapis.com/cvdf-datasets/mnist/"),
  ].compactMap { $0 }

  /// The largest response accepted for one file: 64 MiB (the largest MNIST file is 9.9 MB).
  public static let maxDownloadBytes = 64 << 20

  /// How long a transfer may stay idle, in seconds, before it is abandoned.
  public static let idleTimeout: TimeInterval = 30

  /// How long one file's transfer may take in all, in seconds.
  public static let transferTimeout: TimeInterval = 600

  /// Downloads every file in `files` that `directory` does not already hold.
  ///
  /// - Parameters:
  ///   - directory: Where to put the files; created (with its parents) if needed.
  ///   - files: What to fetch, with expected checksums; the official files by default.
  ///   - mirrors: Base URLs (ending in `/`) to try in order for each file.
  ///   - log: Receives one line per transfer started or failed (for progress output).
  /// - Throws: ``DataFormatError`` naming the file if every mirror failed (listing each
  ///   mirror's failure: network error, HTTP status, size limit, or checksum mismatch with
  ///   the expected and actual MD5), or if the directory cannot be created or written.
  public static func download(
    into directory: URL, files: [RemoteFile] = officialFiles, mirrors: [URL] = defaultMirrors,
    log: ((String) -> Void)? = nil
  ) throws {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw DataFormatError(
        file: directory.path, "cannot create the directory: \(error.localizedDescription)")
    }
    for file in files {
      let destination = directory.appendingPathComponent(file.name)
      if FileManager.default.fileExists(atPath: destination.path) { continue }
      let data = try fetchVerified(file, mirrors: mirrors, log: log)
      // A temporary file beside the destination, renamed over it (a link is followed).
      try writeAtomically(data, to: destination)
    }
  }

  /// Checks that the file at `file` has the MD5 checksum `expectedMD5`.
  ///
  /// - Parameters:
  ///   - file: A local file.
  ///   - expectedMD5: 32 hexadecimal digits, either case.
  /// - Throws: ``DataFormatError`` naming the file if it cannot be read or its checksum
  ///   differs (giving both checksums).
  public static func verify(file: URL, expectedMD5: String) throws {
    let data: Data
    do {
      data = try Data(contentsOf: file, options: .mappedIfSafe)
    } catch {
      throw DataFormatError(file: file.path, "cannot read the file: \(error.localizedDescription)")
    }
    try verify(data: data, expectedMD5: expectedMD5, source: file.path)
  }

  /// Checks that `data` has the MD5 checksum `expectedMD5`.
  ///
  /// - Parameters:
  ///   - data: The bytes to check.
  ///   - expectedMD5: 32 hexadecimal digits, either case.
  ///   - source: The file or URL named in the error.
  /// - Throws: ``DataFormatError`` giving the expected and actual checksums if they differ.
  public static func verify(data: Data, expectedMD5: String, source: String) throws {
    let actual = MD5.hexDigest(of: data)
    guard actual == expectedMD5.lowercased() else {
      throw DataFormatError(
        file: source,
        "MD5 checksum mismatch: expected \(expectedMD5.lowercased()), got \(actual) "
          + "(\(data.count) bytes)")
    }
  }

  /// Fetches `file` from the first mirror that serves it with the right checksum.
  private static func fetchVerified(
    _ file: RemoteFile, mirrors: [URL], log: ((String) -> Void)?
  ) throws -> Data {
    var failures: [String] = []
    for mirror in mirrors {
      let url = mirror.appendingPathComponent(file.name)
      log?("downloading \(url.absoluteString)")
      do {
        let data = try HTTPFetch.get(
          url, maxBytes: maxDownloadBytes, idleTimeout: idleTimeout,
          transferTimeout: transferTimeout)
        try verify(data: data, expectedMD5: file.md5, source: url.absoluteString)
        return data
      } catch let error as DataFormatError {
        log?("failed: \(error)")
        failures.append(error.description)
      }
    }
    throw DataFormatError(
      file: file.name,
      "download failed from every mirror: " + (failures.isEmpty ? "no mirrors given" : failures.joined(separator: "; "))
    )
  }
}
