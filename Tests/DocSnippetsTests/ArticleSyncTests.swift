import Foundation
import XCTest

/// The Swift code in the DocC articles and the README is the code these tests run: every
/// ```swift block of an article or the README must equal a region of this folder's files
/// between `// snippet: NAME` and `// snippet-end` (indentation removed), and every region
/// must appear in an article or the README.
/// Only a block whose first line is `// Package.swift` (a manifest excerpt) is exempt.
final class ArticleSyncTests: XCTestCase {
  static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
  static let catalog = packageRoot.appendingPathComponent("Sources/SwiftSNN/SwiftSNN.docc")
  /// The widest code line the documentation's code column shows without scrolling.
  static let columns = 78

  func testEveryArticleCodeBlockIsARunSnippet() throws {
    let snippets = try Self.snippets()
    XCTAssertFalse(snippets.isEmpty)
    var used = Set<String>()
    let articles = try Self.files(in: Self.catalog, ending: ".md")
    XCTAssertGreaterThanOrEqual(articles.count, 5, "the catalog's articles")
    for article in articles + [Self.packageRoot.appendingPathComponent("README.md")] {
      let text = try String(contentsOf: article, encoding: .utf8)
      for block in Self.swiftBlocks(text) where !block.hasPrefix("// Package.swift") {
        if let name = snippets.first(where: { $0.value == block })?.key {
          used.insert(name)
        } else {
          XCTFail("\(article.lastPathComponent): this code block is no snippet of Tests/DocSnippetsTests:\n\(block)")
        }
      }
    }
    for (name, code) in snippets {
      for line in code.split(separator: "\n") where line.count > Self.columns {
        XCTFail("snippet '\(name)': a line of \(line.count) > \(Self.columns) characters: \(line)")
      }
    }
    for name in Set(snippets.keys).subtracting(used).sorted() {
      XCTFail("snippet '\(name)' appears in no article and not in the README")
    }
  }

  func testSnippetExtraction_RemovesIndentation_AndSplitsRegions() {
    let (open, close) = ("// snip" + "pet: a", "// snip" + "pet-end")  // not a region of this file
    let source = "  func f() {\n    \(open)\n    let x = 1\n      let y = 2\n    \(close)\n  }"
    XCTAssertEqual(Self.regions(in: source), ["a": "let x = 1\n  let y = 2"])
    XCTAssertEqual(Self.swiftBlocks("text\n```swift\nlet x = 1\n```\n```python\nx\n```\n"), ["let x = 1"])
  }

  // MARK: - Parsing

  /// Every snippet region of the folder's Swift files, by name (names are unique).
  static func snippets() throws -> [String: String] {
    var all: [String: String] = [:]
    for file in try files(in: testsFolder, ending: ".swift") {
      for (name, code) in regions(in: try String(contentsOf: file, encoding: .utf8)) {
        precondition(all[name] == nil, "snippet '\(name)' is defined twice")
        all[name] = code
      }
    }
    return all
  }

  static func regions(in source: String) -> [String: String] {
    var out: [String: String] = [:]
    var name: String?
    var lines: [Substring] = []
    for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("// snippet: ") {
        name = String(trimmed.dropFirst("// snippet: ".count))
        lines = []
      } else if trimmed == "// snippet-end", let n = name {
        let filled = lines.filter { !$0.allSatisfy(\.isWhitespace) }
        let indent = filled.map { $0.prefix(while: { $0 == " " }).count }.min() ?? 0
        out[n] = lines.map { String($0.dropFirst(min(indent, $0.count))) }.joined(separator: "\n")
        name = nil
      } else if name != nil {
        lines.append(line)
      }
    }
    return out
  }

  static func swiftBlocks(_ markdown: String) -> [String] {
    var blocks: [String] = []
    var current: [Substring]?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      if current == nil, line.trimmingCharacters(in: .whitespaces) == "```swift" {
        current = []
      } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
        blocks.append(current!.joined(separator: "\n"))
        current = nil
      } else if current != nil {
        current!.append(line)
      }
    }
    return blocks
  }

  static func files(in folder: URL, ending suffix: String) throws -> [URL] {
    try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
      .filter { $0.lastPathComponent.hasSuffix(suffix) }.sorted { $0.path < $1.path }
  }
}
