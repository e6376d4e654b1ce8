import Foundation

/// Writing results: aligned tables for people, one JSON object for programs.
enum Output {
  /// Prints rows as a table with aligned columns.
  static func table(_ rows: [[String]]) {
    guard let first = rows.first else { return }
    var widths = [Int](repeating: 0, count: first.count)
    for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
    for row in rows {
      let cells = row.enumerated().map { i, cell in
        i == 0 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
          : String(repeating: " ", count: widths[i] - cell.count) + cell
      }
      print(cells.joined(separator: "  "))
    }
  }

  /// Prints `object` as pretty, key-sorted JSON.
  static func json(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    print(String(decoding: data, as: UTF8.self))
  }

  /// A number with `digits` decimals.
  static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}
