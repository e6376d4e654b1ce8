/// A parsed JSON value that keeps what a strict loader needs: numbers as their source text
/// (so that a 64-bit seed or a `Float` weight converts exactly, with no detour through
/// `Double`) and object members in file order.
enum JSONValue: Equatable, Sendable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number, as written in the file (valid JSON number syntax).
  case number(String)
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object: members in file order, keys unique.
  case object([(key: String, value: JSONValue)])

  static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: return false
    }
  }

  /// What kind of value this is, for messages: "a number", "an object".
  var kindDescription: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  /// A number value written exactly (shortest text that reads back to the same `Double`).
  static func number(_ x: Double) -> JSONValue { .number(x.jsonText) }
  /// A number value written exactly (shortest text that reads back to the same `Float`).
  static func number(_ x: Float) -> JSONValue { .number(x.jsonText) }
  /// An integer value.
  static func number(_ x: Int) -> JSONValue { .number(String(x)) }
}

extension Double {
  /// Swift's shortest round-trip spelling, which is valid JSON for finite values
  /// (`1.0`, `0.001`, `1e-05`).
  var jsonText: String { description }
}

extension Float {
  /// Swift's shortest spelling that reads back to this `Float` (`0.1`, not
  /// `0.10000000149011612`).
  var jsonText: String { description }
}
