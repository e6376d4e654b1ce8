import Foundation
import _SNNTestSupport

/// A trace of `Fixtures/` (made by real Nengo 4.1, `scripts/nengo_example_fixtures.py`):
/// `t`, the output columns and the ideal (or reference) columns, one row per step.
struct SharedTrace {
  let t: [Double]
  let output: [[Double]]
  let ideal: [[Double]]?

  static let folder = TestPaths.packageRoot.appendingPathComponent("Tests/SNNExamplesTests/Fixtures")

  init(_ example: String) throws {
    let text = try String(contentsOf: Self.folder.appendingPathComponent("\(example).csv"), encoding: .utf8)
    var lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    let header = lines.removeFirst().split(separator: ",").map(String.init)
    let outputColumns = header.indices.filter { header[$0].hasPrefix("output") }
    let idealColumns = header.indices.filter { header[$0].hasPrefix("ideal") }
    let rows = try lines.map { line in
      try line.split(separator: ",").map { cell in
        guard let x = Double(cell) else { throw CocoaError(.fileReadCorruptFile) }
        return x
      }
    }
    t = rows.map { $0[0] }
    output = rows.map { row in outputColumns.map { row[$0] } }
    ideal = idealColumns.isEmpty ? nil : rows.map { row in idealColumns.map { row[$0] } }
  }

  /// The figures scripts/nef_figures.py computed from the same values, by example.
  static func pythonFigures() throws -> [String: [String: Double]] {
    let data = try Data(contentsOf: folder.appendingPathComponent("figures.json"))
    return try JSONDecoder().decode([String: [String: Double]].self, from: data)
  }
}
