/// A connection's learning rule as the kernels run it (Nengo's learning-rule operators,
/// `nengo/builder/learning_rules.py`): which activities it filters, its error, and what
/// the engine folded into the connection's weights.
///
/// The connection's weights are in the engine's rows layout (`n` pre neurons by `m`
/// outputs, ``ConnectionSpec/weights``), copied per example at reset: each example learns
/// on its own.
package struct LearningSpec: Sendable {
  /// The rule and its constants.
  package enum Rule: Sendable, Equatable {
    /// PES: `learningRate` is Nengo's `κ`.
    case pes(learningRate: Double)
    /// BCM.
    case bcm(learningRate: Double)
    /// Oja, with its forgetting weight `beta`.
    case oja(learningRate: Double, beta: Double)
    /// RLS (its `P` starts at `κ dt / n` times the identity).
    case rls(learningRate: Double)
    /// Voja: learns the post population's scaled encoders (``LearningSpec/learnedEncoders``).
    case voja(learningRate: Double)
  }
  /// The rule.
  package var rule: Rule
  /// The population whose outputs are the pre activities (Voja, which reads none: its post).
  package var prePopulation: Int
  /// The population whose outputs are the post activities (BCM, Oja); nil for PES.
  package var postPopulation: Int?
  /// The filter on the pre activities (set mode: this step's spikes included); nil for none.
  package var preFilter: FilterSpec?
  /// The filter on the post activities (BCM, Oja); nil for none.
  package var postFilter: FilterSpec?
  /// The filter giving BCM's `θ` from the post activities; nil for none.
  package var thetaFilter: FilterSpec?
  /// The width of the error connections add into (0: the rule takes none).
  package var errorSize: Int
  /// PES into neurons: the post ensemble's scaled encoders (`gain * encoders / radius`),
  /// `m` rows of ``errorSize``, which turn the error into one value per post neuron
  /// (Nengo's `PES:encode` `DotInc`); nil when the outputs are the error's own dimensions.
  package var errorEncoders: [Double]?
  /// The post neurons' gains the builder folded into the weights (`m` values: a connection
  /// into neurons); nil when none are.
  package var gains: [Double]?
  /// Voja: the post population's initial scaled encoders, `d` rows of its `n` neurons
  /// (`gain * encoders / radius`), which the rule learns instead of the connection's
  /// weights; nil for the other rules.
  package var learnedEncoders: [Double]?
  /// Voja: each post neuron's `gain / radius`.
  package var encoderScale: [Double]?
  /// The value the error starts from at each step before connections add into it (0;
  /// Voja's learning signal: 1).
  package var errorBaseline: Double = 0

  /// Creates a learning spec.
  package init(
    rule: Rule, prePopulation: Int, postPopulation: Int? = nil, preFilter: FilterSpec?, postFilter: FilterSpec? = nil,
    thetaFilter: FilterSpec? = nil, errorSize: Int, errorEncoders: [Double]? = nil, gains: [Double]? = nil
  ) {
    self.rule = rule
    self.prePopulation = prePopulation
    self.postPopulation = postPopulation
    self.preFilter = preFilter
    self.postFilter = postFilter
    self.thetaFilter = thetaFilter
    self.errorSize = errorSize
    self.errorEncoders = errorEncoders
    self.gains = gains
  }
}
