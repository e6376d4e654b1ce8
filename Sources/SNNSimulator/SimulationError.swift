/// A simulation that cannot go on (Nengo's `SimulationError`): a node function's output of
/// the wrong size or with NaN or infinite values. Names the object and the problem.
public struct SimulationError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The object at fault (a node's label, or a connection's for the function of a
  /// connection from a Direct ensemble).
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
