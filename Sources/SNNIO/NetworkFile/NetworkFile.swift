import Foundation
import SNNModel

/// Saving and loading networks in SwiftSNN's network file format (`docs/network-format.md`):
/// a JSON description (`"format": "swiftsnn-network"`, `"version": 1`) and, for arrays
/// longer than ``defaultInlineLimit`` elements, a NumPy `.npz` weights file beside it.
///
/// The format round-trips any ``/SNNModel/Network`` exactly: loading a saved network gives an equal
/// `Network` (every number is written in its shortest exact spelling or stored in the
/// `.npz` with its own precision), and so the same simulation.
///
/// ```swift
/// try NetworkFile.save(NetworkDocument(network: net, metadata: ["dt": "0.001"]), to: url)
/// let doc = try NetworkFile.load(url: url)   // doc.network == net
/// ```
public enum NetworkFile {
  /// The value of the `format` field.
  public static let formatName = "swiftsnn-network"
  /// The version this library writes.
  public static let currentVersion = 1
  /// The versions this library reads.
  public static let supportedVersions = [1]
  /// Arrays with more elements than this are written to the weights `.npz`; smaller ones
  /// stay inline in the JSON.
  public static let defaultInlineLimit = 64
  /// The largest JSON file accepted (bytes): 64 MiB. Larger arrays belong in the `.npz`.
  public static let maxJSONBytes = 64 << 20

  /// Saves `doc` to `url` (a `.json` file), atomically.
  ///
  /// Arrays longer than `inlineLimit` go to a weights file beside `url`, named after it
  /// (`net.json` -> `net.npz`; `net.npz` would collide, so `x.npz` -> `x.weights.npz`),
  /// which the JSON names in `"weights"` together with its CRC-32. The weights file is
  /// written first and the JSON second, each atomically (``writeAtomically(_:to:)``), so an
  /// interrupted save leaves either the old pair or a new weights file that the old JSON
  /// refuses by its CRC-32, never a JSON pointing to a missing or partial weights file.
  ///
  /// - Parameters:
  ///   - doc: The network and its metadata.
  ///   - url: The JSON file to write; its directory must exist.
  ///   - inlineLimit: Arrays with more elements than this go to the `.npz`.
  /// - Throws: ``DataFormatError`` naming the path when a file cannot be written, or
  ///   naming the object the format cannot store yet (a decoded connection's function or
  ///   solver, an ensemble's eval points, a learning rule): never a file that silently
  ///   drops them.
  public static func save(_ doc: NetworkDocument, to url: URL, inlineLimit: Int = defaultInlineLimit) throws {
    for c in doc.network.connections where c.function != .identity || c.solver != .default {
      throw DataFormatError(
        file: url.path, object: c.label,
        "the network file format cannot store a decoded connection's function or solver yet")
    }
    for c in doc.network.connections where c.learningRule != nil {
      throw DataFormatError(file: url.path, object: c.label, "learning rules cannot be stored yet")
    }
    for n in doc.network.nodes {
      if case .time = n.source {
        throw DataFormatError(
          file: url.path, object: n.label, "the network file format cannot store a node's function of time yet")
      }
    }
    for e in doc.network.ensembles where e.evalPoints != nil {
      throw DataFormatError(file: url.path, object: e.label, "the network file format cannot store eval points yet")
    }
    var encoder = NetworkEncoder(inlineLimit: inlineLimit)
    let body = encoder.members(of: doc)
    var top: [(key: String, value: JSONValue)] = [
      ("format", .string(formatName)), ("version", .number(currentVersion)),
    ]
    top += body.prefix(2)  // label, seed
    if !encoder.arrays.isEmpty {
      let weightsURL = weightsURL(for: url)
      let data = try NPZ.encode(encoder.arrays, compressed: false)
      try writeAtomically(data, to: weightsURL)
      top.append(("weights", .string(weightsURL.lastPathComponent)))
      top.append(("weights_crc32", .string(hex(CRC32.checksum(data)))))
    }
    top += body.dropFirst(2)
    try writeAtomically(Data(JSONWriter.text(.object(top)).utf8), to: url)
  }

  /// Loads the network file at `url` (and the weights file it names).
  /// - Throws: ``DataFormatError`` naming the file and the JSON path or array at fault: not
  ///   JSON, another format or an unsupported version, unknown or missing fields, wrong
  ///   types, absurd sizes, references to missing objects, a missing or mismatched weights
  ///   file, NaN or infinite weights (with their count and first index), and every model
  ///   check of ``/SNNModel/Network`` (shapes, parameters), prefixed with the object's path.
  public static func load(url: URL) throws -> NetworkDocument {
    let file = url.path
    let bytes = [UInt8](try readFile(url, maxBytes: maxJSONBytes))
    let root: JSONValue
    do { root = try JSONParser.parse(bytes) } catch {
      throw DataFormatError(file: file, "not valid JSON: \(error.description)")
    }
    guard case .object(let members) = root else {
      throw DataFormatError(
        file: file, "not a SwiftSNN network file: the top level is \(root.kindDescription), not an object")
    }
    let top = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    try checkFormatAndVersion(top, file: file)
    let bare = JSONFields(file: file, weights: nil)
    _ = try bare.object(root, "", allowed: NetworkDecoder.topLevelFields, kind: "a network file")
    let weights = try loadWeights(top, fields: bare, jsonURL: url)
    var decoder = NetworkDecoder(fields: JSONFields(file: file, weights: weights))
    return try decoder.document(top)
  }

  private static func checkFormatAndVersion(_ top: [String: JSONValue], file: String) throws {
    guard case .string(let format)? = top["format"] else {
      throw DataFormatError(
        file: file, "not a SwiftSNN network file: no \"format\": \"\(formatName)\" field")
    }
    guard format == formatName else {
      throw DataFormatError(
        file: file, object: "format", "is \"\(format)\"; a SwiftSNN network file has \"\(formatName)\"")
    }
    guard let v = top["version"] else {
      throw DataFormatError(file: file, "missing required field \"version\"")
    }
    let supported = supportedVersions.map(String.init).joined(separator: ", ")
    guard case .number(let text) = v, let version = Int(text) else {
      throw DataFormatError(file: file, object: "version", "expected an integer, got \(v.kindDescription)")
    }
    guard supportedVersions.contains(version) else {
      throw DataFormatError(
        file: file, object: "version", "version \(version) is not supported; this SwiftSNN reads version \(supported)")
    }
  }

  /// Reads the weights file named by `"weights"`, checking `"weights_crc32"` when given.
  private static func loadWeights(_ top: [String: JSONValue], fields: JSONFields, jsonURL: URL) throws
    -> (file: String, arrays: [String: NDArray])?
  {
    guard let w = top["weights"] else {
      if top["weights_crc32"] != nil { throw fields.fail("weights_crc32", "is given without \"weights\"") }
      return nil
    }
    let name = try fields.string(w, "weights")
    guard !name.isEmpty else { throw fields.fail("weights", "is empty; name the .npz file or leave the field out") }
    let url =
      name.hasPrefix("/")
      ? URL(fileURLWithPath: name) : jsonURL.deletingLastPathComponent().appendingPathComponent(name)
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw fields.fail("weights", "the weights file \(name) does not exist (looked for \(url.path))")
    }
    let data = try readFile(url, maxBytes: NPZ.defaultMaxBytes)
    if let c = top["weights_crc32"] {
      let expected = try fields.string(c, "weights_crc32")
      let actual = hex(CRC32.checksum(data))
      guard expected.lowercased() == actual else {
        throw fields.fail(
          "weights_crc32",
          "\(name) has CRC-32 \(actual), not \(expected): it was not written by the same save as this file "
            + "(re-save the network, or remove \"weights_crc32\" if you changed the weights on purpose)")
      }
    }
    return (url.path, try NPZ.read(data: data, name: url.path))
  }

  /// The weights file written beside `url`.
  static func weightsURL(for url: URL) -> URL {
    let stem = url.deletingPathExtension()
    let npz = stem.appendingPathExtension("npz")
    return npz.lastPathComponent == url.lastPathComponent
      ? stem.appendingPathExtension("weights.npz") : npz
  }

  private static func hex(_ crc: UInt32) -> String {
    let s = String(crc, radix: 16)
    return String(repeating: "0", count: 8 - s.count) + s
  }
}
