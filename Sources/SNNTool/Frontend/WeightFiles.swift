import ArgumentParser
import Foundation
import SwiftSNN

/// Loading and saving the 784-128-10 ANN's weights in the formats users have.
enum WeightFiles {
  /// Loads a Dense stack (ReLU hidden layers, softmax output) from Keras .h5/.keras or .npz,
  /// in a child process (``IsolatedWeights``: libhdf5 can crash on a corrupt file).
  static func load(_ url: URL) throws -> Sequential {
    let dense = try IsolatedWeights.load(url: url)
    guard !dense.isEmpty else { throw ValidationError("\(url.path): no Dense kernels found") }
    let layers = try dense.enumerated().map { i, w in
      try Dense(kernel: w.kernel, bias: w.bias, activation: i == dense.count - 1 ? .softmax : .relu)
    }
    return try Sequential(layers: layers)
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
}
