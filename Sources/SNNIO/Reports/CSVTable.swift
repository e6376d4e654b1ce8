import Foundation

/// A table written as CSV (RFC 4180): a header row, then one row per record; fields that
/// hold a comma, a quote or a line break are quoted, quotes doubled; lines end in CRLF.
struct CSVTable: Sendable, Equatable {
  /// Column names.
  var header: [String]
  /// Records, each with one field per column.
  var rows: [[String]]

  /// Creates a table.
  init(header: [String], rows: [[String]] = []) {
    self.header = header
    self.rows = rows
  }

  /// The CSV text.
  var text: String {
    ([header] + rows).map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
  }

  /// Writes the CSV text to `url` atomically.
  /// - Throws: ``DataFormatError`` when the file cannot be written.
  func write(to url: URL) throws {
    try writeAtomically(Data(text.utf8), to: url)
  }

  static func field(_ value: String) -> String {
    guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
