import ArgumentParser

/// Checks of path-valued options, for the commands' `validate()`.
enum PathOptions {
  /// Throws for the first option whose value is an empty string: an empty path would
  /// silently name the working directory. `options` pairs an option's spelling
  /// (`--data`, or `NETWORK` for an argument) with its value; `nil` (not given) passes.
  static func requireNonEmpty(_ options: KeyValuePairs<String, String?>) throws {
    for case let (name, value?) in options where value.isEmpty {
      throw ValidationError("\(name) must be a path, got an empty string")
    }
  }
}
