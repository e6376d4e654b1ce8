/// A network that cannot be compiled or simulated as given (Nengo's `BuildError`): names
/// the object and the problem.
public struct BuildError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The object at fault.
  public let object: String
  /// What is wrong, in words.
  public let problem: String

  /// Creates an error about `object`.
  public init(object: String, _ problem: String) {
    self.object = object
    self.problem = problem
  }

  /// One line: `object: problem`.
  public var description: String { "\(object): \(problem)" }
}
