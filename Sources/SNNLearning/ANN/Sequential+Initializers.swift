import Foundation
import SNNCore

extension Sequential {
  /// The MNIST classifier of the forum post: `Flatten(28x28) -> Dense(hidden, ReLU, no bias)
  /// -> Dense(10, softmax, no bias)`, initialised like Keras (Glorot uniform).
  /// - Parameters:
  ///   - hidden: number of hidden ReLU units (128 in the post), at least 1.
  ///   - seed: seed of the initial weights; the same seed gives the same model.
  /// - Throws: ``/SNNCore/ShapeError`` when `hidden < 1`.
  public static func mnist(hidden: Int = 128, seed: UInt64) throws(ShapeError) -> Sequential {
    try glorotUniform(sizes: [784, hidden, 10], useBias: false, seed: seed)
  }

  /// A fully connected model with Keras's default initialisation: kernels Glorot uniform,
  /// biases zero.
  ///
  /// Glorot uniform (Glorot & Bengio 2010) draws each weight of a layer with `fanIn` inputs
  /// and `fanOut` units uniformly from `[-limit, limit)`, `limit = sqrt(6 / (fanIn + fanOut))`.
  /// Layer `l` draws from its own stream, `deriveSeed(seed, l)`.
  /// - Parameters:
  ///   - sizes: the input size followed by each layer's number of units (at least two
  ///     sizes, each at least 1).
  ///   - hiddenActivation: activation of every layer but the last.
  ///   - outputActivation: activation of the last layer.
  ///   - useBias: whether layers have a bias.
  ///   - seed: seed of the initial weights.
  /// - Throws: ``/SNNCore/ShapeError`` when fewer than two sizes are given or a size is below 1.
  public static func glorotUniform(
    sizes: [Int], hiddenActivation: Activation = .relu, outputActivation: Activation = .softmax,
    useBias: Bool = false, seed: UInt64
  ) throws(ShapeError) -> Sequential {
    guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 }) else {
      throw ShapeError(
        "Sequential: layer sizes \(sizes) must be at least two sizes, each at least 1")
    }
    var layers = [Dense]()
    for l in 0..<(sizes.count - 1) {
      let (fanIn, fanOut) = (sizes[l], sizes[l + 1])
      let limit = Float((6.0 / Double(fanIn + fanOut)).squareRoot())
      var rng = SplitMix64(seed: deriveSeed(seed, UInt64(l)))
      var kernel = Matrix(rows: fanIn, cols: fanOut)
      for i in kernel.values.indices { kernel.values[i] = (rng.nextUnitFloat() * 2 - 1) * limit }
      let activation = l == sizes.count - 2 ? outputActivation : hiddenActivation
      layers.append(
        try Dense(
          kernel: kernel, bias: useBias ? [Float](repeating: 0, count: fanOut) : nil,
          activation: activation))
    }
    return try Sequential(layers: layers)
  }
}
