import ArgumentParser
import Foundation

/// Nengo 4.1's figures and timings of the NEF examples, as `scripts/nengo_examples.py`
/// writes them (`docs/nengo-examples.json`): per example the mean and std over its seeds
/// of every figure and of `build_s`, `run_s`.
struct NengoExampleResults {
  /// Per example: its mean and std of each figure and timing.
  let examples: [String: (mean: [String: Double], std: [String: Double])]
  /// The file read.
  let file: String

  /// Reads `url`.
  /// - Throws: a `ValidationError` naming the file when it cannot be read or parsed.
  init(url: URL) throws {
    struct Entry: Decodable {
      let mean: [String: Double]
      let std: [String: Double]
    }
    file = url.path
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw ValidationError("--nengo \(url.path): cannot be read (\(error.localizedDescription))")
    }
    guard let top = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw ValidationError("--nengo \(url.path): not a JSON object (expected scripts/nengo_examples.py's output)")
    }
    var examples: [String: (mean: [String: Double], std: [String: Double])] = [:]
    for key in top.keys where !key.hasPrefix("_") {
      guard let value = top[key], let json = try? JSONSerialization.data(withJSONObject: value),
        let entry = try? JSONDecoder().decode(Entry.self, from: json)
      else {
        throw ValidationError("--nengo \(url.path): example '\(key)' has no numeric 'mean' and 'std' objects")
      }
      examples[key] = (entry.mean, entry.std)
    }
    self.examples = examples
  }
}
