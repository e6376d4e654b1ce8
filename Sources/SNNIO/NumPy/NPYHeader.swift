/// The header of a `.npy` file: a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (784, 128), }`.
///
/// Parsed by hand with a small recursive-descent reader of exactly the literals NumPy
/// writes (strings in single or double quotes, `True`/`False`, tuples of non-negative
/// integers with an optional Python 2 `L` suffix); like `numpy.lib.format`, the keys must
/// be exactly `descr`, `fortran_order` and `shape`. Structured (list) dtypes, object,
/// string, float16 and complex dtypes are refused with a message naming them.
struct NPYHeader: Equatable {
  /// The element type.
  var dtype: NDArray.DType
  /// Whether multi-byte elements are stored big-endian (`>`).
  var bigEndian: Bool
  /// Whether the data is in Fortran (column-major) order.
  var fortranOrder: Bool
  /// The shape.
  var shape: [Int]

  /// The header text NumPy 2 writes for a C-ordered little-endian array (without the
  /// padding and newline), for example
  /// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
  static func text(dtype: NDArray.DType, shape: [Int]) -> String {
    let shapeText = NDArray.describe(shape)
    return "{'descr': '\(descr(of: dtype))', 'fortran_order': False, 'shape': \(shapeText), }"
  }

  /// NumPy's little-endian type string for `dtype` (`|u1`, `<f4`, ...).
  static func descr(of dtype: NDArray.DType) -> String {
    switch dtype {
    case .bool: "|b1"
    case .int8: "|i1"
    case .uint8: "|u1"
    case .int16: "<i2"
    case .uint16: "<u2"
    case .int32: "<i4"
    case .uint32: "<u4"
    case .int64: "<i8"
    case .uint64: "<u8"
    case .float32: "<f4"
    case .float64: "<f8"
    }
  }

  /// Parses the header text `bytes`.
  /// - Throws: ``DataFormatError`` naming `file` and `object` and what is wrong.
  static func parse(_ bytes: [UInt8], file: String, object: String?) throws -> NPYHeader {
    var parser = DictParser(bytes: bytes, file: file, object: object)
    let entries = try parser.parseDict()
    let keys = Set(entries.map(\.key))
    let expected: Set<String> = ["descr", "fortran_order", "shape"]
    guard keys == expected, entries.count == 3 else {
      throw parser.error(
        "header keys are \(entries.map(\.key).sorted()), expected descr, fortran_order and shape")
    }
    var descr = ""
    var fortranOrder = false
    var shape: [Int] = []
    for (key, value) in entries {
      switch (key, value) {
      case ("descr", .string(let s)): descr = s
      case ("fortran_order", .bool(let b)): fortranOrder = b
      case ("shape", .tuple(let t)): shape = t
      default: throw parser.error("header value of '\(key)' has the wrong type")
      }
    }
    let (dtype, bigEndian) = try parseDescr(descr, parser: parser)
    return NPYHeader(dtype: dtype, bigEndian: bigEndian, fortranOrder: fortranOrder, shape: shape)
  }

  /// Splits a type string such as `>f8` into a dtype and a byte order.
  private static func parseDescr(_ descr: String, parser: DictParser) throws -> (
    NDArray.DType, Bool
  ) {
    var rest = Substring(descr)
    var bigEndian = false
    if let first = rest.first, "<>|=".contains(first) {
      bigEndian = first == ">"
      rest = rest.dropFirst()
    }
    let kind = rest.first
    let size = Int(rest.dropFirst())
    let dtype: NDArray.DType? =
      switch (kind, size) {
      case ("b", 1), ("?", 1): .bool
      case ("i", 1): .int8
      case ("u", 1): .uint8
      case ("i", 2): .int16
      case ("u", 2): .uint16
      case ("i", 4): .int32
      case ("u", 4): .uint32
      case ("i", 8): .int64
      case ("u", 8): .uint64
      case ("f", 4): .float32
      case ("f", 8): .float64
      default: nil
      }
    guard let dtype else {
      throw parser.error(
        "dtype '\(descr)' is not supported (bool, int8-64, uint8-64, float32 and float64 are)")
    }
    return (dtype, bigEndian)
  }
}

/// A value of the header dict.
private enum HeaderValue {
  case string(String)
  case bool(Bool)
  case tuple([Int])
}

/// A cursor over the header bytes.
private struct DictParser {
  let bytes: [UInt8]
  let file: String
  let object: String?
  var position = 0

  init(bytes: [UInt8], file: String, object: String?) {
    self.bytes = bytes
    self.file = file
    self.object = object
  }

  func error(_ problem: String) -> DataFormatError {
    DataFormatError(file: file, object: object, "bad .npy header: \(problem)")
  }

  /// `{ key: value, ... }` followed only by whitespace.
  mutating func parseDict() throws -> [(key: String, value: HeaderValue)] {
    skipSpace()
    try expect(UInt8(ascii: "{"))
    var entries: [(key: String, value: HeaderValue)] = []
    while true {
      skipSpace()
      if peek() == UInt8(ascii: "}") {
        position += 1
        break
      }
      guard let key = try parseValue().stringValue else {
        throw error("a dict key is not a string (at header byte \(position))")
      }
      skipSpace()
      try expect(UInt8(ascii: ":"))
      skipSpace()
      let value = try parseValue()
      entries.append((key, value))
      skipSpace()
      if peek() == UInt8(ascii: ",") {
        position += 1
      } else if peek() != UInt8(ascii: "}") {
        throw error("expected ',' or '}' at header byte \(position)")
      }
    }
    skipSpace()
    guard position == bytes.count else {
      throw error("unexpected text after the dict at header byte \(position)")
    }
    return entries
  }

  private mutating func parseValue() throws -> HeaderValue {
    guard let c = peek() else { throw error("header ends inside the dict") }
    switch c {
    case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try parseString(quote: c))
    case UInt8(ascii: "("): return .tuple(try parseTuple())
    case UInt8(ascii: "["):
      throw error("structured dtypes (a list descr) are not supported")
    default:
      let word = parseWord()
      switch word {
      case "True": return .bool(true)
      case "False": return .bool(false)
      default:
        throw error(
          "unexpected '\(word.isEmpty ? String(UnicodeScalar(c)) : word)' at header byte "
            + "\(position)"
        )
      }
    }
  }

  private mutating func parseString(quote: UInt8) throws -> String {
    position += 1
    let start = position
    while let c = peek(), c != quote {
      guard c != UInt8(ascii: "\\") else {
        throw error("escapes in header strings are not supported")
      }
      position += 1
    }
    guard peek() == quote else { throw error("unterminated string in the header") }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    position += 1
    return text
  }

  /// `()`, `(3,)`, `(2, 3)`, `(2L, 3L)`.
  private mutating func parseTuple() throws -> [Int] {
    position += 1
    var values: [Int] = []
    while true {
      skipSpace()
      if peek() == UInt8(ascii: ")") {
        position += 1
        return values
      }
      values.append(try parseDimension())
      skipSpace()
      if peek() == UInt8(ascii: ",") {
        position += 1
      } else if peek() != UInt8(ascii: ")") {
        throw error("expected ',' or ')' in the shape at header byte \(position)")
      }
    }
  }

  private mutating func parseDimension() throws -> Int {
    guard let first = peek(), isDigit(first) else {
      if peek() == UInt8(ascii: "-") { throw error("the shape has a negative dimension") }
      throw error("expected a dimension at header byte \(position)")
    }
    var value = 0
    while let c = peek(), isDigit(c) {
      let (times10, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times10.addingReportingOverflow(Int(c - UInt8(ascii: "0")))
      guard !o1, !o2 else { throw error("a shape dimension overflows a 64-bit integer") }
      value = sum
      position += 1
    }
    if peek() == UInt8(ascii: "L") { position += 1 }
    return value
  }

  private mutating func parseWord() -> String {
    let start = position
    while let c = peek(),
      (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
        || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
    {
      position += 1
    }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  private mutating func expect(_ c: UInt8) throws {
    guard peek() == c else {
      throw error("expected '\(String(UnicodeScalar(c)))' at header byte \(position)")
    }
    position += 1
  }

  private mutating func skipSpace() {
    while let c = peek(), c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { position += 1 }
  }

  private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

  private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}

extension HeaderValue {
  fileprivate var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }
}
