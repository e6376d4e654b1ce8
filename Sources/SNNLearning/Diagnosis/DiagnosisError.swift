/// A diagnosis that cannot run as asked: the message names the object and the problem.
public struct DiagnosisError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What is wrong.
  public let description: String
  /// Creates the error.
  public init(_ description: String) { self.description = description }
}
