import Foundation
import SwiftSNN

/// The files a command writes after its work, and the saves that failed. A failed save
/// does not stop the command: its results are printed first, then ``finish()`` reports
/// every failure and makes the exit status non-zero.
package final class SavedFiles {
  /// The files written, in order.
  package private(set) var written: [String] = []

  package init() {}
  private var failures: [String] = []

  /// Runs `save`, which writes the files it returns, for the option `option` (`--report`,
  /// ...) and `path`; a failure is recorded, not thrown.
  package func save(_ option: String, _ path: String, _ save: () throws -> [URL]) {
    do {
      written += try save().map(\.path)
    } catch {
      failures.append("\(option) \(path): \(error)")
    }
  }

  /// Saves `doc` as a network file at `path` (and its weights beside it).
  package func saveNetwork(_ doc: NetworkDocument, option: String, path: String) {
    save(option, path) {
      let url = URL(fileURLWithPath: path)
      try NetworkFile.save(doc, to: url)
      return [url] + Self.weightsFile(of: url)
    }
  }

  /// Throws ``SaveFailure`` when a save failed.
  package func finish() throws {
    guard !failures.isEmpty else { return }
    throw SaveFailure(description: "could not save: " + failures.joined(separator: "; "))
  }

  /// The weights file a saved network file names (its `weights` field), if any.
  private static func weightsFile(of url: URL) -> [URL] {
    struct Top: Decodable { let weights: String? }
    guard let data = try? Data(contentsOf: url), let name = try? JSONDecoder().decode(Top.self, from: data).weights
    else { return [] }
    return [url.deletingLastPathComponent().appendingPathComponent(name)]
  }
}

/// Results were computed but one or more files could not be written.
struct SaveFailure: Error, CustomStringConvertible {
  /// Every failed save: the option, the path and why.
  let description: String
}
