import Foundation

/// The `snn compare` report: one table for people, or a JSON list of rows for programs.
///
/// Speed is compared per image (the frameworks run different numbers of images):
/// `ratio = seconds_per_image / SwiftSNN's seconds_per_image`, so 3.0 means three times
/// slower than SwiftSNN.
struct CompareTable {
  /// SwiftSNN's own row (the reference of the ratio).
  var reference: CompareRow
  /// Every row, SwiftSNN's first.
  var rows: [CompareRow]

  /// Seconds per image of `row` over SwiftSNN's.
  func ratio(_ row: CompareRow) -> Double { row.secondsPerImage / max(reference.secondsPerImage, 1e-12) }

  /// The table's cells, the header first.
  func cells() -> [[String]] {
    var table = [
      [
        "framework", "version", "configuration", "images", "accuracy", "wall s", "images/s", "s/image",
        "vs SwiftSNN",
      ]
    ]
    for row in rows {
      table.append([
        row.framework, row.version, row.configuration, "\(row.images)", Output.fixed(row.accuracy, 4),
        Output.fixed(row.seconds, 2), Output.fixed(Double(row.images) / max(row.seconds, 1e-9), 1),
        String(format: "%.5f", row.secondsPerImage), Output.fixed(ratio(row), 2) + "x",
      ])
    }
    return table
  }

  /// The rows as JSON objects: the table's fields under snake_case keys, then whatever
  /// else the peer reported.
  func jsonRows() -> [[String: JSONValue]] {
    rows.map { row in
      var object = row.extras
      let fields: [String: JSONValue] = [
        "framework": .string(row.framework), "version": .string(row.version),
        "configuration": .string(row.configuration), "images": .number(Double(row.images)),
        "accuracy": .number(row.accuracy), "seconds": .number(row.seconds),
        "seconds_per_image": .number(row.secondsPerImage),
        "images_per_second": .number(Double(row.images) / max(row.seconds, 1e-9)),
        "ratio_to_swiftsnn": .number(ratio(row)),
      ]
      object.merge(fields) { _, ours in ours }
      return object
    }
  }

  /// The JSON text of ``jsonRows()`` (pretty, keys sorted).
  func json() throws -> String {
    String(decoding: try Output.jsonData(jsonRows()), as: UTF8.self)
  }
}
