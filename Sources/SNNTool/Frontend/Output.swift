import Foundation

/// Writing results: aligned tables for people, one JSON document for programs.
package enum Output {
  /// Prints rows as a table with aligned columns.
  static func table(_ rows: [[String]]) {
    guard let first = rows.first else { return }
    var widths = [Int](repeating: 0, count: first.count)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    for row in rows {
      let cells = row.enumerated().map { i, cell in
        i == 0
          ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
          : String(repeating: " ", count: widths[i] - cell.count) + cell
      }
      print(cells.joined(separator: "  "))
    }
  }

  /// `value` as pretty JSON: keys sorted and converted to snake_case (`testAccuracy` ->
  /// `test_accuracy`, as `DiagnosisReport.json()` does), slashes not escaped, non-finite
  /// numbers as the strings `inf`, `-inf`, `nan`.
  package static func jsonData(_ value: some Encodable) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try encoder.encode(value)
  }

  /// Prints `value` as pretty JSON (``jsonData(_:)``).
  package static func json(_ value: some Encodable) throws {
    print(String(decoding: try jsonData(value), as: UTF8.self))
  }

  /// A number with `digits` decimals.
  static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}
