/// A Markdown document built block by block (CommonMark with GitHub tables).
struct MarkdownDocument: Sendable, Equatable {
  /// The blocks, each already rendered.
  private(set) var blocks: [String] = []

  /// An empty document.
  init() {}

  /// The complete text: blocks separated by blank lines.
  var text: String { blocks.joined(separator: "\n\n") + "\n" }

  /// A heading of `level` 1-6.
  mutating func heading(_ title: String, level: Int = 1) {
    blocks.append(String(repeating: "#", count: min(6, max(1, level))) + " " + Self.inline(title))
  }

  /// A paragraph (kept as written: it may hold inline Markdown).
  mutating func paragraph(_ text: String) { blocks.append(text) }

  /// A bulleted list.
  mutating func list(_ items: [String]) { blocks.append(items.map { "- " + $0 }.joined(separator: "\n")) }

  /// A fenced code block.
  mutating func code(_ text: String, language: String = "") {
    blocks.append("```\(language)\n\(text)\n```")
  }

  /// A table; `alignRight` marks the columns to right-align (numbers).
  mutating func table(header: [String], rows: [[String]], alignRight: Set<Int> = []) {
    func row(_ cells: [String]) -> String { "| " + cells.map(Self.cell).joined(separator: " | ") + " |" }
    let rule = "|" + header.indices.map { alignRight.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|"
    blocks.append(([row(header), rule] + rows.map(row)).joined(separator: "\n"))
  }

  /// An image referenced by a relative path.
  mutating func image(_ path: String, alt: String) { blocks.append("![\(Self.inline(alt))](\(path))") }

  /// A table cell: pipes escaped, line breaks as spaces.
  static func cell(_ s: String) -> String {
    s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  /// Text on one line.
  static func inline(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: " ") }
}
