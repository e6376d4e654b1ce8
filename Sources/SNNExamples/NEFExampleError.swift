/// Why an NEF example could not be found, run or scored.
public enum NEFExampleError: Error, Equatable, CustomStringConvertible {
  /// No example has this name; `known` lists those that do.
  case unknownExample(String, known: [String])
  /// A trace cannot be scored (the reason).
  case badTrace(String)

  public var description: String {
    switch self {
    case .unknownExample(let name, let known):
      return "no NEF example is named '\(name)'; the examples are: \(known.joined(separator: ", "))"
    case .badTrace(let problem): return "cannot score the trace: \(problem)"
    }
  }
}
