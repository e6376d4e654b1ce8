import ArgumentParser
import Foundation

/// Checks of the options and arguments that name files, run by the commands' `validate()`
/// before any work starts, so that a bad path fails in a second rather than after the
/// simulation it was meant to save.
///
/// Each pair is an option's spelling (`--out`, or `NETWORK` for an argument) and its
/// value; `nil` (not given) passes.
package enum FileArguments {
  /// Throws for the first value that is an empty string: an empty path would silently
  /// name the working directory.
  package static func requireNonEmpty(_ options: KeyValuePairs<String, String?>) throws {
    for case (let name, let value?) in options where value.isEmpty {
      throw ValidationError("\(name) must be a path, got an empty string")
    }
  }

  /// Throws unless each value can be written as a file: it is not a directory, and its
  /// parent is an existing, writable directory.
  package static func requireWritableFiles(_ options: KeyValuePairs<String, String?>) throws {
    for case (let name, let path?) in options {
      let url = URL(fileURLWithPath: path)
      if isDirectory(url.path) {
        throw ValidationError("\(name) \(path): is a directory; give a file name")
      }
      try requireWritableDirectory(url.deletingLastPathComponent(), option: name, path: path)
    }
  }

  /// Throws unless each value is a directory that exists and is writable, or can be
  /// created: its nearest existing ancestor is a writable directory.
  package static func requireWritableDirectories(_ options: KeyValuePairs<String, String?>) throws {
    for case (let name, let path?) in options {
      var url = URL(fileURLWithPath: path).standardizedFileURL
      while !exists(url.path), url.path != "/" { url = url.deletingLastPathComponent() }
      try requireWritableDirectory(url, option: name, path: path)
    }
  }

  private static func requireWritableDirectory(_ directory: URL, option: String, path: String) throws {
    let dir = directory.path
    guard exists(dir) else { throw ValidationError("\(option) \(path): the directory \(dir) does not exist") }
    guard isDirectory(dir) else { throw ValidationError("\(option) \(path): \(dir) is not a directory") }
    guard access(dir, W_OK) == 0 else {
      throw ValidationError("\(option) \(path): the directory \(dir) is not writable")
    }
  }

  private static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  private static func isDirectory(_ path: String) -> Bool {
    var directory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
  }
}
