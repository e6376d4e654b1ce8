/// A strict JSON (RFC 8259) parser for network files: rejects duplicate keys, NaN and
/// other non-JSON literals, invalid UTF-8 and lone surrogates, and nesting deeper than
/// ``maxDepth``; errors give the line and column.
struct JSONParser {
  /// A syntax error at a position in the text.
  struct SyntaxError: Error, Equatable {
    /// 1-based line.
    let line: Int
    /// 1-based column, in bytes.
    let column: Int
    /// What was expected or found.
    let problem: String

    var description: String { "line \(line), column \(column): \(problem)" }
  }

  /// The deepest nesting of arrays and objects accepted (network files nest about 6 deep).
  static let maxDepth = 64

  private let bytes: [UInt8]
  private var position = 0

  /// Parses `bytes` as one JSON value (a UTF-8 byte order mark is skipped).
  static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
    var parser = JSONParser(bytes: bytes)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
    parser.skipWhitespace()
    let value = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    guard parser.position == bytes.count else {
      throw parser.error("unexpected text after the end of the JSON value")
    }
    return value
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }

  private func error(_ problem: String, at offset: Int? = nil) -> SyntaxError {
    let end = min(offset ?? position, bytes.count)
    var line = 1
    var lineStart = 0
    for i in 0..<end where bytes[i] == UInt8(ascii: "\n") {
      line += 1
      lineStart = i + 1
    }
    return SyntaxError(line: line, column: end - lineStart + 1, problem: problem)
  }

  private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  private mutating func skipWhitespace() {
    while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { position += 1 }
  }

  private func found() -> String {
    guard let c = current else { return "the end of the file" }
    if c >= 0x20 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
    return "byte 0x\(String(c, radix: 16))"
  }

  private mutating func parseValue(depth: Int) throws(SyntaxError) -> JSONValue {
    guard let c = current else { throw error("expected a value, found the end of the file") }
    switch c {
    case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
    case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
    case UInt8(ascii: "t"):
      try expectLiteral("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectLiteral("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectLiteral("null")
      return .null
    default:
      let hint = c == UInt8(ascii: "N") || c == UInt8(ascii: "I") ? " (NaN and Infinity are not JSON)" : ""
      throw error("expected a value, found \(found())\(hint)")
    }
  }

  private mutating func expectLiteral(_ word: String) throws(SyntaxError) {
    let w = Array(word.utf8)
    guard position + w.count <= bytes.count, Array(bytes[position..<(position + w.count)]) == w else {
      throw error("expected a value, found \(found())")
    }
    position += w.count
  }

  private mutating func parseObject(depth: Int) throws(SyntaxError) -> JSONValue {
    guard depth <= JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
    position += 1
    var members: [(key: String, value: JSONValue)] = []
    var keys = Set<String>()
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      position += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      let keyStart = position
      guard current == UInt8(ascii: "\"") else { throw error("expected a key in double quotes, found \(found())") }
      let key = try parseString()
      guard keys.insert(key).inserted else { throw error("duplicate key \"\(key)\"", at: keyStart) }
      skipWhitespace()
      guard current == UInt8(ascii: ":") else { throw error("expected ':' after the key, found \(found())") }
      position += 1
      skipWhitespace()
      members.append((key, try parseValue(depth: depth)))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "}"):
        position += 1
        return .object(members)
      default: throw error("expected ',' or '}' in an object, found \(found())")
      }
    }
  }

  private mutating func parseArray(depth: Int) throws(SyntaxError) -> JSONValue {
    guard depth <= JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
    position += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      position += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue(depth: depth))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "]"):
        position += 1
        return .array(elements)
      default: throw error("expected ',' or ']' in an array, found \(found())")
      }
    }
  }

  private mutating func parseNumber() throws(SyntaxError) -> String {
    let start = position
    func digits(_ p: inout Int) -> Int {
      let s = p
      while p < bytes.count, bytes[p] >= UInt8(ascii: "0"), bytes[p] <= UInt8(ascii: "9") { p += 1 }
      return p - s
    }
    var p = position
    if bytes[p] == UInt8(ascii: "-") { p += 1 }
    let intStart = p
    let intDigits = digits(&p)
    guard intDigits > 0 else { throw error("a number needs digits after '-'", at: p) }
    if intDigits > 1 && bytes[intStart] == UInt8(ascii: "0") {
      throw error("a number cannot start with 0 followed by digits", at: intStart)
    }
    if p < bytes.count, bytes[p] == UInt8(ascii: ".") {
      p += 1
      guard digits(&p) > 0 else { throw error("a number needs digits after '.'", at: p) }
    }
    if p < bytes.count, bytes[p] == UInt8(ascii: "e") || bytes[p] == UInt8(ascii: "E") {
      p += 1
      if p < bytes.count, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") { p += 1 }
      guard digits(&p) > 0 else { throw error("a number needs digits in its exponent", at: p) }
    }
    position = p
    return String(decoding: bytes[start..<p], as: UTF8.self)
  }

  private mutating func parseString() throws(SyntaxError) -> String {
    let start = position
    position += 1
    var buffer: [UInt8] = []
    while true {
      guard let c = current else { throw error("unterminated string", at: start) }
      switch c {
      case UInt8(ascii: "\""):
        position += 1
        guard let s = String(validating: buffer, as: UTF8.self) else {
          throw error("string is not valid UTF-8", at: start)
        }
        return s
      case UInt8(ascii: "\\"):
        position += 1
        guard let e = current else { throw error("unterminated string", at: start) }
        position += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(e)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"): buffer.append(contentsOf: try parseUnicodeEscape())
        default: throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: position - 2)
        }
      case 0..<0x20:
        throw error("control character 0x\(String(c, radix: 16)) must be escaped in a string")
      default:
        buffer.append(c)
        position += 1
      }
    }
  }

  /// Reads the `XXXX` of `\uXXXX` (and a following low surrogate) and returns UTF-8 bytes.
  private mutating func parseUnicodeEscape() throws(SyntaxError) -> [UInt8] {
    let escapeStart = position - 2
    let high = try hex4()
    var scalarValue = high
    if (0xD800..<0xDC00).contains(high) {
      guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
      else { throw error("lone surrogate \\u\(String(high, radix: 16)) in a string", at: escapeStart) }
      position += 2
      let low = try hex4()
      guard (0xDC00..<0xE000).contains(low) else {
        throw error("lone surrogate \\u\(String(high, radix: 16)) in a string", at: escapeStart)
      }
      scalarValue = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    } else if (0xDC00..<0xE000).contains(high) {
      throw error("lone surrogate \\u\(String(high, radix: 16)) in a string", at: escapeStart)
    }
    guard let scalar = Unicode.Scalar(scalarValue) else {
      throw error("invalid \\u escape", at: escapeStart)
    }
    return Array(String(Character(scalar)).utf8)
  }

  private mutating func hex4() throws(SyntaxError) -> UInt32 {
    guard position + 4 <= bytes.count,
      let v = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16),
      bytes[position..<(position + 4)].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
    else { throw error("\\u must be followed by 4 hex digits") }
    position += 4
    return v
  }
}
