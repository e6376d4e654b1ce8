import ArgumentParser
import SwiftSNN

/// The options several commands share, each declared once (`@OptionGroup`), with the one
/// range every command accepts.
///
/// Numeric options parse their value unconditionally, so that `--steps -5` reports -5 as
/// out of range instead of taking `-5` for a flag.
enum OptionLimits {
  /// Simulation steps per image: up to 100 s of simulated time at the default 1 ms.
  static let steps = 1...100_000
  /// The largest time step, in seconds (the lower bound, 0, is excluded).
  static let maxDt = 0.1
  /// Worker threads.
  static let threads = 1...1024
  /// Images simulated together.
  static let batchSize = 1...100_000
  /// Training epochs (0: no training, with `--weights`).
  static let epochs = 0...1000
  /// Training images used for calibration (MNIST has 60,000).
  static let calibration = 1...60_000

  /// The text of a closed range for messages, e.g. `1-100000`.
  static func text(_ range: ClosedRange<Int>) -> String { "\(range.lowerBound)-\(range.upperBound)" }

  /// Throws unless `value` is in `range`, naming `option`.
  static func check(_ value: Int?, in range: ClosedRange<Int>, option: String) throws {
    if let value, !range.contains(value) {
      throw ValidationError("\(option) must be in \(text(range)), got \(value)")
    }
  }
}

/// `--data`: where the MNIST files are.
package struct DataOptions: ParsableArguments {
  @Option(help: "MNIST directory (IDX files, .gz or raw); default $SWIFTSNN_DATA, then the user cache.")
  package var data: String?

  package init() {}

  package func validate() throws { try FileArguments.requireNonEmpty(["--data": data]) }
}

/// `--weights`, `--epochs`, `--calibration`: the ANN to convert, loaded or trained, and the
/// images that calibrate its conversion.
struct ANNOptions: ParsableArguments {
  @Option(
    help:
      "Load ANN weights instead of training (.h5 Keras 2/3, .keras, .npz): a Dense ReLU stack, 784 inputs, 10 classes.")
  var weights: String?
  @Option(parsing: .unconditional, help: "Training epochs, 1-1000 (default: 10); 0 only with --weights.")
  var epochs: Int?
  @Option(parsing: .unconditional, help: "Training images used to calibrate the weight normalization, 1-60000.")
  var calibration = 2000

  /// Epochs trained when none are given.
  static let defaultEpochs = 10

  /// The epochs to train: 0 with `--weights`.
  var epochsToTrain: Int { weights == nil ? epochs ?? Self.defaultEpochs : 0 }

  func validate() throws {
    try FileArguments.requireNonEmpty(["--weights": weights])
    try OptionLimits.check(epochs, in: OptionLimits.epochs, option: "--epochs")
    try OptionLimits.check(calibration, in: OptionLimits.calibration, option: "--calibration")
    if let epochs {
      if weights != nil && epochs > 0 {
        throw ValidationError("--epochs \(epochs) would be ignored: --weights loads the ANN instead of training it")
      }
      if weights == nil && epochs == 0 { throw ValidationError("--epochs 0 needs --weights") }
    }
  }
}

/// `--steps`, `--dt`, `--seed`, `--threads`, `--precision`: how a simulation runs.
struct SimulationOptions: ParsableArguments {
  @Option(
    parsing: .unconditional, help: "Simulation steps per image, 1-100000 (default: 350, or a network file's steps).")
  var steps: Int?
  @Option(parsing: .unconditional, help: "Time step in seconds, in (0, 0.1] (default: 0.001, or a network file's dt).")
  var dt: Double?
  @Option(parsing: .unconditional, help: "Seed of the random streams: training, conversion, spikes.")
  var seed: UInt64 = 0
  @Option(parsing: .unconditional, help: "Worker threads, 1-1024 (default: all cores).")
  var threads: Int?
  @Option(
    parsing: .unconditional,
    help: "Arithmetic of the simulation: float32 (default, fast) or float64 (Nengo's precision, slower).")
  var precision: Precision = .float32

  /// Steps per image when neither `--steps` nor a network file gives them.
  static let defaultSteps = 350
  /// Time step when neither `--dt` nor a network file gives it, in seconds.
  static let defaultDt = 0.001

  /// `--steps`, else 350.
  var stepCount: Int { steps ?? Self.defaultSteps }
  /// `--dt`, else 0.001 s.
  var timeStep: Double { dt ?? Self.defaultDt }

  func validate() throws {
    try OptionLimits.check(steps, in: OptionLimits.steps, option: "--steps")
    if let dt { try Self.checkDt(dt, source: "--dt") }
    try OptionLimits.check(threads, in: OptionLimits.threads, option: "--threads")
  }

  /// Throws unless `dt` is in (0, 0.1] seconds; `source` names where it came from.
  static func checkDt(_ dt: Double, source: String) throws {
    guard dt > 0, dt <= OptionLimits.maxDt else {
      throw ValidationError("\(source) must be in (0, \(OptionLimits.maxDt)] seconds, got \(dt)")
    }
  }
}

/// `--batch-size`: images simulated together (results do not depend on it).
package struct BatchOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Images simulated together, 1-100000 (results do not depend on it).")
  package var batchSize = 1000

  package init() {}

  package func validate() throws {
    try OptionLimits.check(batchSize, in: OptionLimits.batchSize, option: "--batch-size")
  }
}

extension Precision: ExpressibleByArgument {}
