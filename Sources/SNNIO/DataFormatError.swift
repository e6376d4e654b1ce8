/// A file that cannot be read as what it claims to be: every parser and loader in SNNIO
/// throws this, naming the file, the object inside it (a layer, a dataset, an array) and
/// the problem, with the byte offset where one applies.
public struct DataFormatError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file (path or name) the error is about.
  public let file: String
  /// The object inside the file (a dataset path, an array name), if any.
  public let object: String?
  /// The byte offset where the problem was found, if the format has one.
  public let offset: Int?
  /// What is wrong, in words (lower case, no trailing period).
  public let problem: String

  /// Creates an error about `file` (and optionally `object` at `offset`).
  public init(file: String, object: String? = nil, offset: Int? = nil, _ problem: String) {
    self.file = file
    self.object = object
    self.offset = offset
    self.problem = problem
  }

  /// One line: `file: object: problem (at byte N)`.
  public var description: String {
    var s = file
    if let object { s += ": \(object)" }
    s += ": \(problem)"
    if let offset { s += " (at byte \(offset))" }
    return s
  }
}
