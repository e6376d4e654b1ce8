import SNNCore

/// Why a model could not be trained or evaluated on the given data.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The inputs, labels or model sizes disagree.
  case shape(ShapeError)
  /// There are no examples to train or evaluate on.
  case emptyDataset
  /// A label is not a class of the model (`0..<classes`); `index` is its row.
  case labelOutOfRange(index: Int, label: UInt8, classes: Int)
  /// Cross-entropy needs logits: the last layer must be `.softmax` or `.linear`.
  case unsupportedOutputActivation(Activation)
  /// A training option is out of its range.
  case invalidOption(name: String, value: String, requirement: String)
  /// The loss became NaN or infinite (divergence, usually a too large learning rate);
  /// the model holds the weights from before that batch. Epoch and batch count from 1.
  case nonFiniteLoss(epoch: Int, batch: Int)

  /// One line saying what is wrong.
  public var description: String {
    switch self {
    case .shape(let error):
      return error.description
    case .emptyDataset:
      return "training: the dataset has no examples"
    case .labelOutOfRange(let index, let label, let classes):
      return
        "training: label \(label) of example \(index) is not a class of a model with \(classes) outputs"
    case .unsupportedOutputActivation(let activation):
      return
        "training: cross-entropy needs a softmax or linear output layer, not \(activation.rawValue)"
    case .invalidOption(let name, let value, let requirement):
      return "training: option \(name) = \(value) must be \(requirement)"
    case .nonFiniteLoss(let epoch, let batch):
      return
        "training: the loss became NaN or infinite at epoch \(epoch), batch \(batch) (try a smaller learning rate)"
    }
  }
}
