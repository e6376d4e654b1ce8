import Foundation
import SNNCore
import SNNModel

/// Strict access to the values of a network file's JSON, each failing with a
/// ``DataFormatError`` that names the file and the JSON path of the value
/// (`ensembles[1].neuron_type.tau_rc`).
///
/// Arrays may be written inline (`[1, 2, 3]`, matrices as a list of rows) or refer to an
/// array of the weights `.npz` (`{"npz": "connections.0.transform"}`).
struct JSONFields {
  /// The network file, for messages.
  let file: String
  /// The weights file's arrays, if the network file names one.
  let weights: (file: String, arrays: [String: NDArray])?

  /// An error about the value at `path`.
  func fail(_ path: String, _ problem: String) -> DataFormatError {
    DataFormatError(file: file, object: path.isEmpty ? nil : path, problem)
  }

  // MARK: - Objects

  /// The members of the object at `path`, after checking that every key is one of
  /// `allowed` (`kind` names the object in the message about an unknown key).
  func object(_ value: JSONValue, _ path: String, allowed: [String], kind: String) throws -> [String: JSONValue] {
    guard case .object(let members) = value else {
      throw fail(path, "expected \(kind) (a JSON object), got \(value.kindDescription)")
    }
    var out: [String: JSONValue] = [:]
    for m in members {
      guard allowed.contains(m.key) else {
        throw fail(
          join(path, m.key),
          "unknown field; the fields of \(kind) are \(allowed.joined(separator: ", "))")
      }
      out[m.key] = m.value
    }
    return out
  }

  /// The value of a required member.
  func required(_ members: [String: JSONValue], _ key: String, _ path: String) throws -> JSONValue {
    guard let v = members[key] else { throw fail(path, "missing required field \"\(key)\"") }
    return v
  }

  /// `path.key` (or `key` at the top level).
  func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

  // MARK: - Scalars

  func string(_ v: JSONValue, _ path: String) throws -> String {
    guard case .string(let s) = v else { throw fail(path, "expected a string, got \(v.kindDescription)") }
    return s
  }

  /// An integer in `range`.
  func int(_ v: JSONValue, _ path: String, in range: ClosedRange<Int>) throws -> Int {
    guard case .number(let text) = v else { throw fail(path, "expected an integer, got \(v.kindDescription)") }
    guard let n = Int(text) else {
      let isInteger = text.allSatisfy { $0.isNumber || $0 == "-" }
      throw fail(path, isInteger ? "integer \(text) is out of range" : "expected an integer, got \(text)")
    }
    guard range.contains(n) else {
      throw fail(path, "\(n) is out of range: must be in \(range.lowerBound)...\(range.upperBound)")
    }
    return n
  }

  /// A non-negative 64-bit integer (a seed).
  func uint64(_ v: JSONValue, _ path: String) throws -> UInt64 {
    guard case .number(let text) = v, let n = UInt64(text) else {
      throw fail(path, "expected an integer in 0...\(UInt64.max), got \(describe(v))")
    }
    return n
  }

  /// A finite number, read exactly as a `Double`.
  func double(_ v: JSONValue, _ path: String) throws -> Double {
    guard case .number(let text) = v else { throw fail(path, "expected a number, got \(v.kindDescription)") }
    guard let x = Double(text), x.isFinite else { throw fail(path, "\(text) is not a finite 64-bit float") }
    return x
  }

  private func describe(_ v: JSONValue) -> String {
    if case .number(let text) = v { return text }
    return v.kindDescription
  }

  // MARK: - Arrays

  /// A vector of `Double`s: inline numbers or a 1-D float array of the weights file.
  func doubles(_ v: JSONValue, _ path: String) throws -> [Double] {
    switch v {
    case .array(let elements):
      return try elements.enumerated().map { i, e in try double(e, "\(path)[\(i)]") }
    case .object:
      let a = try npzArray(v, path, dimensions: 1)
      if case .float64(let values) = a.storage { return values }
      return a.floats().map(Double.init)
    default:
      throw fail(path, "expected an array of numbers or {\"npz\": \"<key>\"}, got \(v.kindDescription)")
    }
  }

  /// A matrix: inline rows of equal length, or a 2-D float array of the weights file (a
  /// float32 array's values held exactly).
  func matrix(_ v: JSONValue, _ path: String) throws -> DoubleMatrix {
    switch v {
    case .array(let rows):
      var values: [Double] = []
      var cols = 0
      for (r, row) in rows.enumerated() {
        guard case .array = row else {
          throw fail("\(path)[\(r)]", "expected a row (an array of numbers), got \(row.kindDescription)")
        }
        let numbers = try doubles(row, "\(path)[\(r)]")
        if r == 0 { cols = numbers.count }
        guard numbers.count == cols else {
          throw fail("\(path)[\(r)]", "row has \(numbers.count) values, but row 0 has \(cols)")
        }
        values += numbers
      }
      do { return try DoubleMatrix(rows: rows.count, cols: cols, values: values) } catch {
        throw fail(path, error.description)
      }
    case .object:
      let array = try npzArray(v, path, dimensions: 2)
      let values: [Double]
      if case .float64(let v64) = array.storage { values = v64 } else { values = array.floats().map(Double.init) }
      do { return try DoubleMatrix(rows: array.shape[0], cols: array.shape[1], values: values) } catch {
        throw fail(path, error.description)
      }
    default:
      throw fail(path, "expected an array of rows or {\"npz\": \"<key>\"}, got \(v.kindDescription)")
    }
  }

  /// The weights-file array that `{"npz": "<key>"}` at `path` refers to, checked to be a
  /// float array of `dimensions` dimensions with only finite values.
  private func npzArray(_ v: JSONValue, _ path: String, dimensions: Int) throws -> NDArray {
    let members = try object(v, path, allowed: ["npz"], kind: "an array reference")
    let key = try string(required(members, "npz", path), join(path, "npz"))
    guard let weights else {
      throw fail(path, "refers to the npz array \"\(key)\", but the file names no weights file (\"weights\")")
    }
    guard let array = weights.arrays[key] else {
      let name = URL(fileURLWithPath: weights.file).lastPathComponent
      throw fail(path, "refers to the npz array \"\(key)\", which \(name) does not have")
    }
    let object = "array \"\(key)\" (\(path))"
    guard array.shape.count == dimensions else {
      throw DataFormatError(
        file: weights.file, object: object,
        "has shape \(NDArray.describe(array.shape)); expected a \(dimensions)-D array")
    }
    let bad: (count: Int, first: Int)?
    switch array.storage {
    case .float32(let values): bad = Self.nonFinite(values)
    case .float64(let values): bad = Self.nonFinite(values)
    default:
      throw DataFormatError(
        file: weights.file, object: object, "has dtype \(array.dtype.rawValue); expected float32 or float64")
    }
    if let bad {
      throw DataFormatError(
        file: weights.file, object: object,
        "\(bad.count) NaN or infinite values, the first at flat index \(bad.first)")
    }
    return array
  }

  /// How many values are NaN or infinite, and the index of the first, if any.
  static func nonFinite<T: BinaryFloatingPoint>(_ values: [T]) -> (count: Int, first: Int)? {
    var count = 0
    var first = -1
    for (i, x) in values.enumerated() where !x.isFinite {
      if first < 0 { first = i }
      count += 1
    }
    return count == 0 ? nil : (count, first)
  }
}
