/// Writes a ``JSONValue`` as readable JSON: two-space indentation, one member per line,
/// except that arrays of numbers (inline weights) always stay on one line, and any array or
/// object that fits in ``lineWidth`` characters is written on one line.
enum JSONWriter {
  /// Arrays and objects whose one-line text, indented, fits in this many characters are
  /// written on one line.
  static let lineWidth = 100

  /// The text of `value`, ending with a newline.
  static func text(_ value: JSONValue) -> String {
    var out = ""
    write(value, indent: 0, to: &out)
    out += "\n"
    return out
  }

  private static func write(_ value: JSONValue, indent: Int, to out: inout String) {
    switch value {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let text): out += text
    case .string(let s): out += quoted(s)
    case .array(let elements):
      if elements.allSatisfy(\.isScalar) || fitsOnOneLine(value, indent: indent) {
        out += compact(value)
        return
      }
      let pad = String(repeating: " ", count: indent + 2)
      out += "[\n"
      for (i, e) in elements.enumerated() {
        out += pad
        write(e, indent: indent + 2, to: &out)
        out += i + 1 < elements.count ? ",\n" : "\n"
      }
      out += String(repeating: " ", count: indent) + "]"
    case .object(let members):
      if fitsOnOneLine(value, indent: indent) {
        out += compact(value)
        return
      }
      let pad = String(repeating: " ", count: indent + 2)
      out += "{\n"
      for (i, m) in members.enumerated() {
        out += pad + quoted(m.key) + ": "
        write(m.value, indent: indent + 2, to: &out)
        out += i + 1 < members.count ? ",\n" : "\n"
      }
      out += String(repeating: " ", count: indent) + "}"
    }
  }

  private static func fitsOnOneLine(_ value: JSONValue, indent: Int) -> Bool {
    var budget = lineWidth - indent
    return spend(value, &budget)
  }

  /// Subtracts the one-line length of `value` from `budget`, stopping as soon as it runs
  /// out (so that a large array is not written out just to be measured); returns whether
  /// it fits.
  private static func spend(_ value: JSONValue, _ budget: inout Int) -> Bool {
    switch value {
    case .array(let elements):
      budget -= 2
      for (i, e) in elements.enumerated() {
        budget -= i > 0 ? 2 : 0
        guard budget >= 0, spend(e, &budget) else { return false }
      }
    case .object(let members):
      budget -= 2
      for (i, m) in members.enumerated() {
        budget -= (i > 0 ? 2 : 0) + quoted(m.key).count + 2
        guard budget >= 0, spend(m.value, &budget) else { return false }
      }
    default:
      budget -= compact(value).count
    }
    return budget >= 0
  }

  /// One-line text of a value.
  private static func compact(_ value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let text): return text
    case .string(let s): return quoted(s)
    case .array(let elements): return "[" + elements.map(compact).joined(separator: ", ") + "]"
    case .object(let members):
      return "{" + members.map { quoted($0.key) + ": " + compact($0.value) }.joined(separator: ", ") + "}"
    }
  }

  /// `s` in double quotes with JSON escapes (non-ASCII characters are written as UTF-8).
  static func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}

extension JSONValue {
  /// Whether this value has no nested arrays or objects.
  fileprivate var isScalar: Bool {
    switch self {
    case .array, .object: return false
    default: return true
    }
  }
}
