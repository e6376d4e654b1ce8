import SNNCore
import SNNKernels

/// A feed-forward stack of ``Dense`` layers, like a Keras `Sequential` model whose input is
/// flattened (an MNIST image is its 784 pixels, row after row).
///
/// Inputs are the rows of a `batch x inputSize` matrix. Inference runs in chunks of
/// ``inferenceChunkRows`` rows, so the memory it needs beyond its result does not grow
/// with the number of examples. All matrix products go through `GEMM` (OpenBLAS).
///
/// ```swift
/// var model = try Sequential.mnist(seed: 0)          // 784 -> 128 ReLU -> 10 softmax
/// let history = try train(&model, inputs: x, labels: y, options: TrainingOptions())
/// let accuracy = try model.accuracy(testX, labels: testY)
/// ```
public struct Sequential: Sendable, Hashable {
  /// The layers, input side first.
  public internal(set) var layers: [Dense]

  /// Rows per chunk in ``forward(_:)``, ``activations(_:)``, ``predict(_:)`` and the other
  /// inference methods.
  public static let inferenceChunkRows = 1024

  /// Creates a model from layers whose sizes chain.
  /// - Throws: ``/SNNCore/ShapeError`` when there is no layer, or a layer's input size is not the
  ///   previous layer's number of units.
  public init(layers: [Dense]) throws(ShapeError) {
    guard !layers.isEmpty else { throw ShapeError("Sequential: a model needs at least one layer") }
    for i in layers.indices.dropFirst() where layers[i].inputSize != layers[i - 1].outputSize {
      throw ShapeError(
        "Sequential: layer \(i) expects \(layers[i].inputSize) inputs but layer \(i - 1) "
          + "has \(layers[i - 1].outputSize) units")
    }
    self.layers = layers
  }

  /// Number of inputs of the first layer.
  public var inputSize: Int { layers[0].inputSize }
  /// Number of units of the last layer (classes, for a classifier).
  public var outputSize: Int { layers[layers.count - 1].outputSize }
  /// Number of trainable values in all layers.
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

  // MARK: - Inference

  /// The model's output for each row of `x`, with every activation applied (probabilities
  /// when the last layer is softmax).
  /// - Parameter x: `batch x inputSize`.
  /// - Returns: `batch x outputSize`.
  /// - Throws: ``/SNNCore/ShapeError`` when `x` does not have `inputSize` columns.
  public func forward(_ x: Matrix) throws(ShapeError) -> Matrix {
    try checkInput(x)
    var out = Matrix(rows: x.rows, cols: outputSize)
    try forEachChunk(of: x, applyOutputSoftmax: true) { range, outputs in
      out.values.replaceSubrange(
        range.lowerBound * outputSize..<range.upperBound * outputSize,
        with: outputs[outputs.count - 1].values)
    }
    return out
  }

  /// Every layer's output for each row of `x`, as used for data-based normalization when
  /// converting the model to a spiking network.
  ///
  /// Element `l` is layer `l`'s output after its activation (ReLU outputs for ReLU layers),
  /// except that the softmax of the last layer is NOT applied: its element holds the
  /// logits `x W + b`.
  /// - Returns: one `batch x units` matrix per layer.
  /// - Throws: ``/SNNCore/ShapeError`` when `x` does not have `inputSize` columns.
  public func activations(_ x: Matrix) throws(ShapeError) -> [Matrix] {
    try checkInput(x)
    var result = layers.map { Matrix(rows: x.rows, cols: $0.outputSize) }
    try forEachChunk(of: x, applyOutputSoftmax: false) { range, outputs in
      for l in layers.indices {
        let n = layers[l].outputSize
        result[l].values.replaceSubrange(
          range.lowerBound * n..<range.upperBound * n, with: outputs[l].values)
      }
    }
    return result
  }

  /// The predicted class of each row: the index of its largest output (the first one on a
  /// tie, like NumPy's `argmax`).
  /// - Throws: ``/SNNCore/ShapeError`` when `x` does not have `inputSize` columns.
  public func predict(_ x: Matrix) throws(ShapeError) -> [Int] {
    try checkInput(x)
    var classes = [Int]()
    classes.reserveCapacity(x.rows)
    try forEachChunk(of: x, applyOutputSoftmax: false) { _, outputs in
      let logits = outputs[outputs.count - 1]
      for r in 0..<logits.rows {
        classes.append(Sequential.argmax(logits.values, row: r, cols: logits.cols))
      }
    }
    return classes
  }

  /// The fraction of rows of `x` whose predicted class is the label (NaN when `x` has no
  /// rows). A label outside `0..<outputSize` counts as a wrong prediction.
  /// - Throws: ``/SNNCore/ShapeError`` when `x` does not have `inputSize` columns or the number of
  ///   labels is not the number of rows.
  public func accuracy(_ x: Matrix, labels: [UInt8]) throws(ShapeError) -> Double {
    guard labels.count == x.rows else {
      throw ShapeError("Sequential: \(labels.count) labels for \(x.rows) inputs")
    }
    let predicted = try predict(x)
    let correct = zip(predicted, labels).reduce(0) { $0 + ($1.0 == Int($1.1) ? 1 : 0) }
    return Double(correct) / Double(x.rows)
  }

  // MARK: - Internals shared with training

  /// Throws unless `x` has `inputSize` columns; the message names the first layer, e.g.
  /// `Sequential: input (200, 784) must have 100 columns, the inputs of layer 1 (kernel
  /// (100, 128))`.
  func checkInput(_ x: Matrix) throws(ShapeError) {
    guard x.cols == inputSize else {
      throw ShapeError(
        "Sequential: input \(x.shapeDescription) must have \(inputSize) columns, the inputs of layer 1 "
          + "(kernel \(layers[0].kernel.shapeDescription))")
    }
  }

  /// Runs the layers on consecutive chunks of `x`'s rows, handing each chunk's row range
  /// and per-layer outputs to `body`.
  func forEachChunk(
    of x: Matrix, applyOutputSoftmax: Bool,
    _ body: (Range<Int>, [Matrix]) throws(ShapeError) -> Void
  ) throws(ShapeError) {
    var start = 0
    while start < x.rows {
      let end = min(start + Sequential.inferenceChunkRows, x.rows)
      let chunk = start == 0 && end == x.rows ? x : Sequential.rows(start..<end, of: x)
      try body(start..<end, try layerOutputs(chunk, applyOutputSoftmax: applyOutputSoftmax))
      start = end
    }
  }

  /// Each layer's output for a batch: `a_l = activation_l(a_{l-1} W_l + b_l)`, with the
  /// last layer's softmax left out unless `applyOutputSoftmax`.
  func layerOutputs(_ x: Matrix, applyOutputSoftmax: Bool) throws(ShapeError) -> [Matrix] {
    var outputs = [Matrix]()
    outputs.reserveCapacity(layers.count)
    for (l, layer) in layers.enumerated() {
      var z = try GEMM.product(l == 0 ? x : outputs[l - 1], layer.kernel)
      if let bias = layer.bias {
        for r in 0..<z.rows {
          let start = r * z.cols
          for j in 0..<z.cols { z.values[start + j] += bias[j] }
        }
      }
      let isLast = l == layers.count - 1
      if !(isLast && layer.activation == .softmax && !applyOutputSoftmax) {
        layer.activation.apply(&z)
      }
      outputs.append(z)
    }
    return outputs
  }

  /// Rows `range` of `x` as a new matrix.
  static func rows(_ range: Range<Int>, of x: Matrix) -> Matrix {
    var m = Matrix(rows: range.count, cols: x.cols)
    m.values.replaceSubrange(
      m.values.indices, with: x.values[(range.lowerBound * x.cols)..<(range.upperBound * x.cols)])
    return m
  }

  /// The rows of `x` listed in `indices`, in that order, as a new matrix.
  static func gatherRows(_ indices: ArraySlice<Int>, of x: Matrix) -> Matrix {
    var m = Matrix(rows: indices.count, cols: x.cols)
    for (r, source) in indices.enumerated() {
      m.values.replaceSubrange(
        r * x.cols..<(r + 1) * x.cols, with: x.values[(source * x.cols)..<((source + 1) * x.cols)])
    }
    return m
  }

  /// Index of the largest value of row `row` (the first one on a tie; NaN never wins).
  static func argmax(_ values: [Float], row: Int, cols: Int) -> Int {
    let start = row * cols
    var best = 0
    var bestValue = values[start]
    for j in 1..<cols
    where values[start + j] > bestValue || (bestValue.isNaN && !values[start + j].isNaN) {
      best = j
      bestValue = values[start + j]
    }
    return best
  }
}
