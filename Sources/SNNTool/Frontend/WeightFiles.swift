import ArgumentParser
import Foundation
import SwiftSNN

/// Loading and saving an MNIST classifier's weights in the formats users have.
package enum WeightFiles {
  /// Inputs of an MNIST classifier: 28 x 28 pixels.
  package static let mnistInputs = 784
  /// Outputs of an MNIST classifier: one per digit.
  package static let mnistClasses = 10

  /// Loads the Dense layers of `url`: an `.npz` in this process, with the package's own
  /// reader; an HDF5 file (`.h5`, `.keras`) in a child process (``IsolatedWeights``),
  /// because libhdf5 can crash on a corrupt file.
  ///
  /// The format is told by content: a zip archive whose entries are all `.npy` arrays is
  /// an `.npz`; anything else (HDF5, a `.keras` archive holding `model.weights.h5`) may
  /// reach libhdf5 and goes to the child.
  package static func layers(_ url: URL) throws -> [DenseWeights] {
    if isNPZ(url) { return try KerasWeights.load(url: url) }
    return try IsolatedWeights.load(url: url)
  }

  /// Loads an MNIST classifier: a Dense stack (ReLU hidden layers, softmax output) that
  /// maps 784 inputs to 10 classes.
  /// - Throws: an error naming the file and the layer when the shapes do not fit
  ///   (``requireMNISTClassifier(_:file:)``).
  static func load(_ url: URL) throws -> Sequential {
    let dense = try layers(url)
    try requireMNISTClassifier(dense, file: url.path)
    let layers = try dense.enumerated().map { i, w in
      try Dense(kernel: w.kernel, bias: w.bias, activation: i == dense.count - 1 ? .softmax : .relu)
    }
    return try Sequential(layers: layers)
  }

  /// Throws unless `layers` is a non-empty Dense stack from 784 inputs to 10 classes; the
  /// message names `file` and the layer, e.g. `w.npz: layer 2 (dense_1) has 5 outputs;
  /// an MNIST classifier needs 10 (one per class)`. (Inner layers chain: the loader checks it.)
  package static func requireMNISTClassifier(_ layers: [DenseWeights], file: String) throws {
    guard let first = layers.first, let last = layers.last else {
      throw ValidationError("\(file): no Dense layers found")
    }
    guard first.inputs == mnistInputs else {
      throw ValidationError(
        "\(file): layer 1 (\(first.name)) has \(first.inputs) inputs; an MNIST classifier needs \(mnistInputs) "
          + "(28 x 28 pixels)")
    }
    guard last.outputs == mnistClasses else {
      throw ValidationError(
        "\(file): layer \(layers.count) (\(last.name)) has \(last.outputs) outputs; an MNIST classifier needs "
          + "\(mnistClasses) (one per class)")
    }
  }

  /// The network's shape in words, e.g. `784-128-10`.
  static func shape(_ model: Sequential) -> String {
    ([model.inputSize] + model.layers.map(\.outputSize)).map(String.init).joined(separator: "-")
  }

  /// Saves the kernels as `W1`, `W2`, ... (and biases `b1`, ...) in an .npz file, atomically.
  static func save(_ model: Sequential, to url: URL) throws {
    var arrays: [String: NDArray] = [:]
    for (i, layer) in model.layers.enumerated() {
      arrays["W\(i + 1)"] = NDArray(layer.kernel)
      if let b = layer.bias { arrays["b\(i + 1)"] = NDArray(b) }
    }
    try NPZ.write(arrays, to: url)
  }

  /// Whether `url` is a NumPy archive: a zip file that the package's `.npz` reader reads
  /// whole (it refuses any entry that is not a `.npy` array, such as `model.weights.h5`).
  private static func isNPZ(_ url: URL) -> Bool {
    guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
    let head = (try? handle.read(upToCount: 4)) ?? Data()
    try? handle.close()
    guard head.starts(with: [0x50, 0x4B]) else { return false }  // "PK"
    return (try? NPZ.read(url: url)) != nil
  }
}
