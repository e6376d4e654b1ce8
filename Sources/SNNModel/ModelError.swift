/// A model description that is invalid: raised while building a ``Network``, naming the
/// object and the attribute at fault (Nengo's `ValidationError` with `obj` and `attr`).
public struct ModelError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The object at fault (its label, or kind and index).
  public let object: String
  /// The attribute at fault (for example `transform` or `max_rates`).
  public let attribute: String
  /// What is wrong, in words.
  public let problem: String

  /// Creates an error about `attribute` of `object`.
  public init(object: String, attribute: String, _ problem: String) {
    self.object = object
    self.attribute = attribute
    self.problem = problem
  }

  /// One line: `object.attribute: problem`.
  public var description: String { "\(object).\(attribute): \(problem)" }
}
