import SNNModel

/// The compiled form of a network that the kernels execute: flat arrays and small enums
/// (a node keeps its label, for errors, and its process or function). Its numbers are doubles holding the values of the
/// simulation's precision (the builder rounds them as float32 arithmetic would when the
/// simulation runs in float32), converted exactly when a worker copies them. The builder (`SNNSimulator.Builder`) produces it.
///
/// Index conventions: populations, nodes, connections and probes are referred to by their
/// position in the arrays here. All weights already include the post population's gain
/// (and encoders / radius for decoded input), so the kernels only ever add.
package struct KernelPlan: Sendable {
  /// Time step, in seconds.
  package var dt: Double
  /// Nodes (signal sources and functions outside the neurons): the network's, then those
  /// the builder adds (Direct ensembles, functions of connections from them).
  package var nodes: [NodeSpec]
  /// Neuron populations: one per ensemble with neurons, in network order (a Direct
  /// ensemble is a node; `SNNSimulator.Plan.signals` maps ensembles to them, so an
  /// ensemble index is a population index only in networks without Direct ensembles).
  package var populations: [PopulationSpec]
  /// Connections, each adding into one population's input current or one node's input.
  package var connections: [ConnectionSpec]
  /// Probes.
  package var probes: [ProbeSpec]
  /// The operators of one time step, in the order they run (``StepSpec/schedule(_:in:)``):
  /// a population fed without a synapse comes after its source, so signals cross a chain
  /// within one step.
  package var steps: [StepSpec]

  /// Creates a plan; `steps` must already be in a valid order.
  package init(
    dt: Double, nodes: [NodeSpec], populations: [PopulationSpec], connections: [ConnectionSpec],
    probes: [ProbeSpec], steps: [StepSpec]
  ) {
    self.dt = dt
    self.nodes = nodes
    self.populations = populations
    self.connections = connections
    self.probes = probes
    self.steps = steps
  }

  /// The populations in the order their neurons are stepped.
  package var populationOrder: [Int] {
    steps.compactMap { if case .neurons(let p) = $0 { return p } else { return nil } }
  }
}

/// A node: a signal source or a function of its input (Nengo's `Node`).
package struct NodeSpec: Sendable {
  /// What the node outputs at each step.
  package enum Output: Sendable {
    /// The same values at every step (rounded to the simulation's precision).
    case constant([Double])
    /// Values supplied per example at run time (held, or one row per step).
    case input
    /// `f(t)`, the same for every example.
    case time(@Sendable (Double) -> [Double])
    /// `f(t, x)` of the node's input `x` of this step, per example.
    case function(@Sendable (Double, [Double]) -> [Double])
    /// The node's input itself.
    case passthrough
    /// A process's output, per example: a random process draws each example's signal
    /// from the simulator seed, the node and the example's id.
    case process(NodeProcess)
  }
  /// A name for errors.
  package var label: String
  /// Output size.
  package var size: Int
  /// Input size: the width of the summed input its incoming connections add into (0: the
  /// node takes no input).
  package var sizeIn: Int
  /// What it outputs.
  package var output: Output
  /// Creates a node spec.
  package init(label: String, size: Int, sizeIn: Int = 0, output: Output) {
    self.label = label
    self.size = size
    self.sizeIn = sizeIn
    self.output = output
  }

  /// The constant output, when the node has one.
  package var constant: [Double]? {
    if case .constant(let v) = output { return v }
    return nil
  }

  /// Whether the output reads the node's input.
  package var readsInput: Bool {
    switch output {
    case .function, .passthrough: return sizeIn > 0
    default: return false
    }
  }
}

/// A population of `n` neurons of one kernel type.
package struct PopulationSpec: Sendable {
  /// Number of neurons.
  package var n: Int
  /// The neuron model and its constants.
  package var neuron: any NeuronKernel
  /// Bias current added every step (dimensionless), one per neuron.
  package var bias: [Double]
  /// Initial membrane voltage.
  package var initialVoltage: InitialVoltage
  /// Initial remaining refractory time per neuron, in seconds (LIF only); nil for zero.
  package var initialRefractory: [Double]?
  /// The connections into this population, in the order their contributions are added.
  package var incoming: [Int]
  /// Creates a population spec.
  package init(
    n: Int, neuron: any NeuronKernel, bias: [Double], initialVoltage: InitialVoltage,
    initialRefractory: [Double]? = nil,
    incoming: [Int]
  ) {
    self.initialRefractory = initialRefractory
    self.n = n
    self.neuron = neuron
    self.bias = bias
    self.initialVoltage = initialVoltage
    self.incoming = incoming
  }
}

/// How initial voltages are set at reset.
package enum InitialVoltage: Sendable {
  /// U(0, 1), drawn per example from its own stream (Nengo's default).
  case uniform(low: Double, high: Double)
  /// These values, one per neuron, for every example.
  case values([Double])
}

/// Where a connection or probe reads from.
package enum SignalSource: Sendable, Equatable {
  /// A node's output.
  case node(Int)
  /// A population's output.
  case population(Int)
}

/// What a connection adds into: the one place that lists a connection's possible targets
/// (``StepSpec/access(in:)`` maps each to the signal it increments, the executor to the
/// buffer it writes).
package enum ConnectionTarget: Sendable, Equatable {
  /// A population's input current `J` (`n` wide).
  case population(Int)
  /// A node's summed input (its `sizeIn` wide).
  case node(Int)
  /// The error of connection `k`'s learning rule (``LearningSpec/errorSize`` wide).
  case learningRule(Int)
  /// Population `p`'s decoded input (its dimensions wide), for an ensemble whose encoders
  /// learn (Voja): encoded with the learned encoders by a ``StepSpec/encode(connection:)``.
  case ensembleInput(Int)
}

/// One connection: `target += W x[pre]`, optionally filtered (then delayed one step). A
/// decoded connection into an ensemble (``encoders`` set) is decode then encode: `W` holds
/// its decoders, so `W x` and its synapse are `postSize` (the decoded dimensions) wide,
/// and the synapse output enters `J` through the encoders.
package struct ConnectionSpec: Sendable {
  /// The source signal.
  package var pre: SignalSource
  /// What the connection adds into.
  package var post: ConnectionTarget
  /// Size of the source signal.
  package var preSize: Int
  /// Size of `W x`: the target's size (neuron count or node input size), or the decoded
  /// dimensions when ``encoders`` is set.
  package var postSize: Int
  /// A decoded connection's encode step: `postSize` rows of the post population's neuron
  /// count (`gain * encoders / radius`, transposed); nil when `W` adds into the target
  /// directly (always for a node target).
  package var encoders: [Double]?
  /// The weights.
  package var weights: Weights
  /// Event-driven (add rows for active inputs) or dense (GEMM per step).
  package var path: SynapticPath
  /// The synapse; nil for none.
  package var filter: FilterSpec?
  /// The learning rule changing ``weights`` per example as the simulation runs; nil for
  /// fixed weights.
  package var learning: LearningSpec?
  /// Creates a connection spec.
  package init(
    pre: SignalSource, post: ConnectionTarget, preSize: Int, postSize: Int, weights: Weights, path: SynapticPath,
    filter: FilterSpec?, encoders: [Double]? = nil
  ) {
    self.encoders = encoders
    self.pre = pre
    self.post = post
    self.preSize = preSize
    self.postSize = postSize
    self.weights = weights
    self.path = path
    self.filter = filter
  }
}

extension ConnectionSpec {
  /// Whether the weights are one per element (no matrix product).
  package var isElementwise: Bool {
    if case .elementwise = weights { return true }
    return false
  }
}

/// Connection weights in the layout the kernels want.
package enum Weights: Sendable {
  /// One weight per element (pre and post sizes equal): `J[i] += w[i] * x[i]`.
  case elementwise([Double])
  /// `preSize` rows of `postSize`: row `i` is what input `i` adds to every post neuron (the
  /// transpose of Nengo's `(size_out, size_in)` transform, times gains).
  case rows([Double])
}

/// How a connection's input is applied: the two implementations of the synaptic step.
package enum SynapticPath: String, Sendable {
  /// Only the rows of active (spiking) inputs are added: cost grows with spikes.
  case event = "event-driven"
  /// A matrix product over the whole input each step: cost grows with neurons.
  case dense
}

/// A linear filter in discrete state-space form, stepped as Nengo's `LinearFilter`
/// (`X = A X + B u; y = C X`): order 1 (low-pass) or 2 (alpha).
package struct FilterSpec: Sendable, Equatable {
  /// Number of states per signal element.
  package var order: Int
  /// `order x order`, row-major.
  package var a: [Double]
  /// `order` values.
  package var b: [Double]
  /// `order` values.
  package var c: [Double]
  /// Creates a filter spec.
  package init(order: Int, a: [Double], b: [Double], c: [Double]) {
    precondition(order >= 1 && a.count == order * order && b.count == order && c.count == order)
    self.order = order
    self.a = a
    self.b = b
    self.c = c
  }
}

/// What a probe records.
package struct ProbeSpec: Sendable {
  /// Which signal.
  package enum Signal: Sendable, Equatable {
    /// A node's output.
    case node(Int)
    /// A population's output.
    case output(Int)
    /// A population's membrane voltage.
    case voltage(Int)
    /// A population's input current J of this step.
    case input(Int)
    /// A population's remaining refractory times (seconds).
    case refractory(Int)
    /// A spiking wrapper's base rate of this step (Nengo's `rate_out`).
    case rateOut(Int)
    /// A population's auxiliary state (adaptation, recovery) after this step.
    case auxiliary(Int)
    /// A population's decoded value: its output times ``ProbeSpec/decoders``.
    case decoded(Int)
    /// Learning connection `k`'s weights as Nengo shapes them (``LearningSpec``).
    case weights(Int)
    /// Learning connection `k`'s rule's filtered pre activities (Hz).
    case activities(Int)
    /// Learning connection `k`'s RLS `P`, `n_pre x n_pre`.
    case inverseGamma(Int)
  }
  /// Which signal.
  package var signal: Signal
  /// Its size.
  package var size: Int
  /// A filter applied before recording (the recorded value is the state before this
  /// step's update, as in Nengo).
  package var filter: FilterSpec?
  /// The sampling period in steps (Nengo's `sample_every / dt`): after step `n` (from 1) a
  /// sample is kept when `n mod period < 1`; nil keeps every step.
  package var period: Double?
  /// Record only the running sum instead of every step.
  package var sumOnly: Bool
  /// The elements of the signal recorded, in order (`size` of them); nil for all.
  package var indices: [Int]?
  /// A ``Signal/decoded(_:)`` probe's decoders: the population's neuron count rows of
  /// its dimensions (row `i` is what a unit output of neuron `i` adds).
  package var decoders: [Double]?
  /// Creates a probe spec.
  package init(
    signal: Signal, size: Int, filter: FilterSpec?, sumOnly: Bool, indices: [Int]? = nil, decoders: [Double]? = nil,
    period: Double? = nil
  ) {
    self.period = period
    self.decoders = decoders
    self.indices = indices
    self.signal = signal
    self.size = size
    self.filter = filter
    self.sumOnly = sumOnly
  }
}
