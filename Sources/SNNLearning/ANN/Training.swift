import SNNCore

/// Settings of ``train(_:inputs:labels:options:validation:progress:)``; the defaults are
/// Keras's `model.fit` defaults with Adam(1e-3), except `epochs`.
public struct TrainingOptions: Sendable, Hashable {
  /// Passes over the training data (0 trains nothing).
  public var epochs: Int
  /// Examples per gradient step; the last batch of an epoch holds the remainder.
  public var batchSize: Int
  /// The learning rate (step size) of the optimizer.
  public var learningRate: Float
  /// The update rule.
  public var optimizer: Optimizer
  /// Whether the order of examples is reshuffled before each epoch (Keras `shuffle=True`).
  public var shuffle: Bool
  /// Seed of the shuffling: epoch `e` uses `deriveSeed(seed, e)`.
  public var seed: UInt64

  /// Creates training settings.
  public init(
    epochs: Int = 5, batchSize: Int = 128, learningRate: Float = 1e-3,
    optimizer: Optimizer = .adam(), shuffle: Bool = true, seed: UInt64 = 0
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.learningRate = learningRate
    self.optimizer = optimizer
    self.shuffle = shuffle
    self.seed = seed
  }

  /// Throws the first option that is out of range.
  func validate() throws(TrainingError) {
    func check(_ ok: Bool, _ name: String, _ value: String, _ requirement: String)
      throws(TrainingError)
    {
      if !ok { throw .invalidOption(name: name, value: value, requirement: requirement) }
    }
    try check(epochs >= 0, "epochs", "\(epochs)", ">= 0")
    try check(batchSize >= 1, "batchSize", "\(batchSize)", ">= 1")
    try check(
      learningRate.isFinite && learningRate > 0, "learningRate", "\(learningRate)", "finite and > 0"
    )
    switch optimizer {
    case .adam(let beta1, let beta2, let epsilon):
      try check(beta1 >= 0 && beta1 < 1, "beta1", "\(beta1)", "in [0, 1)")
      try check(beta2 >= 0 && beta2 < 1, "beta2", "\(beta2)", "in [0, 1)")
      try check(epsilon.isFinite && epsilon > 0, "epsilon", "\(epsilon)", "finite and > 0")
    case .sgd(let momentum):
      try check(momentum >= 0 && momentum < 1, "momentum", "\(momentum)", "in [0, 1)")
    }
  }
}

/// Where training is, handed to the progress callback after every batch.
public struct TrainingProgress: Sendable, Hashable {
  /// The current epoch, from 1.
  public let epoch: Int
  /// The epochs to train.
  public let epochs: Int
  /// The batch just done, from 1.
  public let batch: Int
  /// Batches per epoch.
  public let batchesPerEpoch: Int
  /// Mean cross-entropy of the batch just done (before its update).
  public let batchLoss: Double
}

/// What one epoch of training achieved.
public struct EpochRecord: Sendable, Hashable {
  /// The epoch, from 1.
  public let epoch: Int
  /// Mean cross-entropy over the epoch's examples, each measured on its batch before that
  /// batch's update (as Keras reports `loss`).
  public let loss: Double
  /// Fraction of the epoch's examples predicted right, measured like `loss`.
  public let accuracy: Double
  /// Mean cross-entropy on the validation data after the epoch, if any was given.
  public let validationLoss: Double?
  /// Accuracy on the validation data after the epoch, if any was given.
  public let validationAccuracy: Double?
  /// Wall-clock time of the epoch's training, in seconds (validation excluded).
  public let seconds: Double
}

/// The per-epoch record of a training run.
public struct TrainingHistory: Sendable, Hashable {
  /// One record per epoch, in order.
  public let epochs: [EpochRecord]
  /// Wall-clock time of the whole run, in seconds (validation included).
  public let seconds: Double
}

/// Trains `model` with mini-batch gradient descent on sparse categorical cross-entropy,
/// like Keras's `model.fit(x, y, batch_size, epochs)` after
/// `compile(optimizer, loss="sparse_categorical_crossentropy")`.
///
/// Each epoch visits every example once, in an order reshuffled from
/// `deriveSeed(options.seed, epoch)` (SplitMix64, Fisher-Yates), in batches of
/// `options.batchSize` (the last batch holds the remainder). The loss is computed from the
/// last layer's logits, which must be softmax or linear.
///
/// Determinism: the same model, data and options give the same weights, bit for bit, as
/// long as OpenBLAS's kernels and thread count stay the same (see `GEMM` for what was
/// measured; with one BLAS thread, `GEMM.setBLASThreads(_:)`, this is the conservative
/// choice).
///
/// Speed (release build, 60,000 MNIST images, 784-128-10, batch 128, one core of the
/// project's 2-core machines, shared): 0.4-0.8 s per epoch with OpenBLAS's AVX-512 kernels
/// (`OPENBLAS_CORETYPE=SkylakeX`, 1 BLAS thread), 1.9-3.8 s with the generic kernels
/// OpenBLAS falls back to on these machines by default (2 BLAS threads; see
/// `GEMM.blasCoreName`). Test accuracy with seeds 0-2: 0.972-0.974 after
/// 5 epochs, 0.976-0.978 after 10 (Keras: 0.9729 after 5).
///
/// - Parameters:
///   - model: the model to train, updated in place.
///   - inputs: `examples x model.inputSize` (MNIST: pixels scaled to [0, 1]).
///   - labels: one class in `0..<model.outputSize` per example.
///   - options: epochs, batch size, optimizer and seed.
///   - validation: data evaluated after every epoch (Keras `validation_data`), or nil.
///   - progress: called after every batch.
/// - Returns: loss, accuracy and time of every epoch.
/// - Throws: ``TrainingError`` when the data does not fit the model, an option is out of
///   range, or the loss becomes NaN or infinite (the model then holds the weights from
///   before the failing batch).
public func train(
  _ model: inout Sequential, inputs: Matrix, labels: [UInt8], options: TrainingOptions,
  validation: (inputs: Matrix, labels: [UInt8])? = nil,
  progress: ((TrainingProgress) -> Void)? = nil
) throws(TrainingError) -> TrainingHistory {
  try options.validate()
  try model.checkLabeledData(inputs, labels: labels)
  if let validation { try model.checkLabeledData(validation.inputs, labels: validation.labels) }

  let clock = ContinuousClock()
  let runStart = clock.now
  let count = inputs.rows
  let batchSize = min(options.batchSize, count)
  let batches = (count + batchSize - 1) / batchSize
  var state = OptimizerState(
    for: model, optimizer: options.optimizer, learningRate: options.learningRate)
  var order = Array(0..<count)
  var records = [EpochRecord]()

  for epoch in stride(from: 1, through: options.epochs, by: 1) {
    let epochStart = clock.now
    if options.shuffle {
      var rng = SplitMix64(seed: deriveSeed(options.seed, UInt64(epoch)))
      shuffleInPlace(&order, using: &rng)
    }
    var lossSum = 0.0
    var correct = 0
    for batch in 0..<batches {
      let rows = order[(batch * batchSize)..<min((batch + 1) * batchSize, count)]
      let x = Sequential.gatherRows(rows, of: inputs)
      let y = rows.map { labels[$0] }
      let result = try model.backpropagate(x, labels: y[...])
      guard result.lossSum.isFinite else { throw .nonFiniteLoss(epoch: epoch, batch: batch + 1) }
      state.update(&model, gradients: result.gradients)
      lossSum += result.lossSum
      correct += result.correct
      progress?(
        TrainingProgress(
          epoch: epoch, epochs: options.epochs, batch: batch + 1, batchesPerEpoch: batches,
          batchLoss: result.lossSum / Double(rows.count)))
    }
    let seconds = seconds(from: epochStart, to: clock.now)
    let validated = try validation.map { (data) throws(TrainingError) in
      try model.evaluate(data.inputs, labels: data.labels)
    }
    records.append(
      EpochRecord(
        epoch: epoch, loss: lossSum / Double(count), accuracy: Double(correct) / Double(count),
        validationLoss: validated?.loss, validationAccuracy: validated?.accuracy, seconds: seconds))
  }
  return TrainingHistory(epochs: records, seconds: seconds(from: runStart, to: clock.now))
}

/// Fisher-Yates shuffle with an explicit index draw (`floor(u * (i + 1))` from the high 64
/// bits of a 128-bit product), so the order depends only on the generator, not on the
/// standard library's shuffle algorithm.
func shuffleInPlace(_ values: inout [Int], using rng: inout SplitMix64) {
  guard values.count > 1 else { return }
  for i in stride(from: values.count - 1, to: 0, by: -1) {
    let j = Int(UInt64(i + 1).multipliedFullWidth(by: rng.next()).high)
    values.swapAt(i, j)
  }
}

/// The time between two instants, in seconds.
private func seconds(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Double {
  let d = end - start
  return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
