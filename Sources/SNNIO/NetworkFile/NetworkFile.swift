import Foundation
import SNNModel

/// Saving and loading networks in SwiftSNN's network file format (`docs/network-format.md`):
/// a JSON description (`"format": "swiftsnn-network"`, `"version": 1` or `2`) and, for arrays
/// longer than ``defaultInlineLimit`` elements, a NumPy `.npz` weights file beside it.
///
/// The format round-trips any ``/SNNModel/Network`` without Swift closures exactly: loading
/// a saved network gives an equal `Network` (every number is written in its shortest exact
/// spelling or stored in the `.npz` with its own precision), and so the same simulation. A
/// decoded connection's closure is stored as its values at the pre ensemble's eval points
/// (stored too): the loaded connection has ``/SNNModel/ConnectionFunction/values(_:)`` and
/// the same decoders, so the same simulation, but is no longer `==` to the original. Swift
/// code run during the simulation cannot be stored: a node's function of t or of (t, x), a
/// closure on a connection from a Direct ensemble (save says what to use instead).
///
/// ```swift
/// try NetworkFile.save(NetworkDocument(network: net, metadata: ["dt": "0.001"]), to: url)
/// let doc = try NetworkFile.load(url: url)   // doc.network == net
/// ```
public enum NetworkFile {
  /// The value of the `format` field.
  public static let formatName = "swiftsnn-network"
  /// The newest version this library writes: 2, for a network with NEF fields (eval
  /// points, a decoded connection's function or solver); others are written as version 1,
  /// which older readers read.
  public static let currentVersion = 2
  /// The versions this library reads.
  public static let supportedVersions = [1, 2]
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
  /// - Throws: ``DataFormatError`` naming the path when a file cannot be written, naming
  ///   the node or connection whose Swift code the format cannot store, the connection
  ///   whose closure cannot be sampled at its eval points: never a file that silently drops
  ///   them.
  public static func save(_ doc: NetworkDocument, to url: URL, inlineLimit: Int = defaultInlineLimit) throws {
    try refuseCode(in: doc.network, file: url.path)
    let functions = try NetworkFunctions(sampling: doc.network, file: url.path)
    var encoder = NetworkEncoder(inlineLimit: inlineLimit, functions: functions)
    let body = encoder.members(of: doc)
    var top: [(key: String, value: JSONValue)] = [
      ("format", .string(formatName)), ("version", .number(encoder.needsVersion2 ? 2 : 1)),
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

  /// Refuses what is Swift code run during the simulation, which a file cannot hold: a
  /// node's function of time or of (t, x), and a closure on a connection from a Direct
  /// ensemble (computed exactly at every step, never sampled at eval points).
  private static func refuseCode(in net: Network, file: String) throws {
    for n in net.nodes {
      switch n.source {
      case .input, .constant, .passthrough, .process: continue
      case .time:
        throw DataFormatError(
          file: file, object: n.label,
          "a node's function of time is Swift code, which a network file cannot hold; give the node a process "
            + "(Piecewise, PresentInput, WhiteSignal) or make it an input node and feed its values at run time "
            + "(snn run --input with a (batch, steps, size) array)")
      case .function:
        throw DataFormatError(
          file: file, object: n.label,
          "a node's function of (t, x) is Swift code, which a network file cannot hold; compute it with an "
            + "ensemble and a decoded connection (whose function is stored as its values at the eval points), "
            + "or sum inputs with a passthrough node")
      }
    }
    for c in net.connections {
      guard case .closure = c.function, case .ensemble(let pre) = c.pre,
        net.ensembles[pre.index].neuronType?.model is Direct
      else { continue }
      throw DataFormatError(
        file: file, object: c.label,
        "a connection from a Direct ensemble runs its function at every step: Swift code, which a network file "
          + "cannot hold; give the ensemble spiking or rate neurons (the function is then stored as its values at "
          + "the eval points)")
    }
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
    let version = try checkFormatAndVersion(top, file: file)
    let bare = JSONFields(file: file, weights: nil)
    _ = try bare.object(root, "", allowed: NetworkDecoder.topLevelFields, kind: "a network file")
    let weights = try loadWeights(top, fields: bare, jsonURL: url)
    var decoder = NetworkDecoder(fields: JSONFields(file: file, weights: weights), version: version)
    return try decoder.document(top)
  }

  /// The file's version, after checking the format and that the version is supported.
  private static func checkFormatAndVersion(_ top: [String: JSONValue], file: String) throws -> Int {
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
    let supported = supportedVersions.map(String.init).joined(separator: " and ")
    guard case .number(let text) = v, let version = Int(text) else {
      throw DataFormatError(file: file, object: "version", "expected an integer, got \(v.kindDescription)")
    }
    guard supportedVersions.contains(version) else {
      throw DataFormatError(
        file: file, object: "version", "version \(version) is not supported; this SwiftSNN reads versions \(supported)")
    }
    return version
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
