import Foundation

/// One of the two halves of MNIST: 60,000 training or 10,000 test examples.
public enum MNISTSplit: String, Sendable, CaseIterable {
  /// The 60,000 training examples (`train-*-ubyte`).
  case train
  /// The 10,000 test examples (`t10k-*-ubyte`).
  case test

  /// The standard name of the images file, without `.gz`: `train-images-idx3-ubyte` or
  /// `t10k-images-idx3-ubyte`.
  public var imagesFileName: String { "\(stem)-images-idx3-ubyte" }

  /// The standard name of the labels file, without `.gz`: `train-labels-idx1-ubyte` or
  /// `t10k-labels-idx1-ubyte`.
  public var labelsFileName: String { "\(stem)-labels-idx1-ubyte" }

  /// The number of examples in the official files.
  public var officialCount: Int {
    switch self {
    case .train: 60_000
    case .test: 10_000
    }
  }

  /// The prefix of the split's file names.
  private var stem: String {
    switch self {
    case .train: "train"
    case .test: "t10k"
    }
  }

  /// The names of all four standard files, without `.gz`.
  public static var allFileNames: [String] {
    allCases.flatMap { [$0.imagesFileName, $0.labelsFileName] }
  }

  /// Finds the file named `name` in `directory`: raw first (faster to read), then `.gz`,
  /// then the same two with the dotted spelling some copies use (`train-images.idx3-ubyte`).
  ///
  /// - Returns: The file's URL, or nil when none of the spellings exists.
  public static func findFile(named name: String, in directory: URL) -> URL? {
    let dotted = name.replacingOccurrences(of: "-idx", with: ".idx")
    let candidates = [name, name + ".gz", dotted, dotted + ".gz"]
    var isDirectory: ObjCBool = false
    for candidate in candidates {
      let url = directory.appendingPathComponent(candidate)
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        return url
      }
    }
    return nil
  }
}
