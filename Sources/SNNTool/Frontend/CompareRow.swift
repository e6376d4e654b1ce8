import Foundation

/// One framework's result on the shared export: a row of the `snn compare` table.
struct CompareRow {
  /// Framework name (`SwiftSNN`, `numpy`, `nengo`, ...).
  var framework: String
  /// The framework's version.
  var version: String
  /// `correct` (the converted network) or `user` (the forum user's Nengo network).
  var configuration: String
  /// Test images run (the first `images` of the export).
  var images: Int
  /// Fraction of those images classified correctly.
  var accuracy: Double
  /// Wall-clock seconds of the simulation (the peers exclude imports, loading, Nengo's
  /// build and Brian2's compilation; SwiftSNN includes building the simulator).
  var seconds: Double
  /// Further fields the peer reported (threads, output spikes per image, ...), passed
  /// through to `--json` as they came.
  var extras: [String: JSONValue] = [:]

  /// Seconds per image.
  var secondsPerImage: Double { seconds / Double(max(images, 1)) }

  /// The fields every peer's JSON object must have (compare/README.md).
  private struct Fields: Decodable {
    let framework: String
    let version: String
    let configuration: String
    let images: Double
    let accuracy: Double
    let seconds: Double
  }

  /// The keys read into the row's fields (the others go to ``extras``).
  static let requiredKeys = ["framework", "version", "configuration", "images", "accuracy", "seconds"]

  /// Reads a peer's standard output: the last line that is a JSON object is the result
  /// (a library may print warnings on stdout before it).
  /// - Parameter peer: the peer's name, for messages.
  /// - Throws: ``ComparePeerError`` when no line is a JSON object or a required field is
  ///   missing, of the wrong type or out of range.
  static func parse(stdout: String, peer: String) throws -> CompareRow {
    let lines = stdout.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
    var found: (object: [String: JSONValue], data: Data)?
    for line in lines.reversed() where line.hasPrefix("{") {
      let data = Data(line.utf8)
      if let parsed = try? JSONDecoder().decode([String: JSONValue].self, from: data) {
        found = (parsed, data)
        break
      }
    }
    guard let found else {
      let last = lines.last.map { ": last line '\($0.prefix(200))'" } ?? ": nothing"
      throw ComparePeerError("\(peer) printed no JSON object on stdout\(last)")
    }
    let object = found.object
    let fields: Fields
    do {
      fields = try JSONDecoder().decode(Fields.self, from: found.data)
    } catch DecodingError.keyNotFound(let key, _) {
      throw ComparePeerError("\(peer): the JSON result has no '\(key.stringValue)'")
    } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
      DecodingError.dataCorrupted(let context)
    {
      let key = context.codingPath.last?.stringValue ?? "?"
      throw ComparePeerError(
        "\(peer): '\(key)' has the wrong type (\(object[key].map { String(decoding: (try? JSONEncoder().encode($0)) ?? Data(), as: UTF8.self) } ?? "null"))"
      )
    } catch {
      throw ComparePeerError("\(peer): unreadable JSON result (\(error))")
    }
    guard !fields.framework.isEmpty, !fields.version.isEmpty, !fields.configuration.isEmpty else {
      throw ComparePeerError("\(peer): 'framework', 'version' and 'configuration' must not be empty")
    }
    let wholeImages = (1...1e9).contains(fields.images) && fields.images == fields.images.rounded()
    guard wholeImages, (0...1).contains(fields.accuracy), fields.seconds >= 0, fields.seconds.isFinite else {
      throw ComparePeerError(
        "\(peer): out of range: images \(fields.images) (a whole number >= 1), accuracy \(fields.accuracy) (0 to 1), "
          + "seconds \(fields.seconds) (>= 0)")
    }
    var row = CompareRow(
      framework: fields.framework, version: fields.version, configuration: fields.configuration,
      images: Int(fields.images), accuracy: fields.accuracy, seconds: fields.seconds)
    row.extras = object.filter { !requiredKeys.contains($0.key) && $0.key != "seconds_per_image" }
    return row
  }
}

/// A peer that could not run or whose output could not be read; the message names the
/// peer and says why.
struct ComparePeerError: Error, CustomStringConvertible {
  /// What went wrong.
  let description: String
  init(_ description: String) { self.description = description }
}
