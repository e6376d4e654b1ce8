/// The compiled form of a network that the kernels execute: flat arrays and small enums,
/// no names and no model types. The builder (`SNNSimulator.Builder`) produces it.
///
/// Index conventions: populations, nodes, connections and probes are referred to by their
/// position in the arrays here. All weights already include the post population's gain
/// (and encoders / radius for decoded input), so the kernels only ever add.
public struct KernelPlan: Sendable {
  /// Time step, in seconds.
  public var dt: Float
  /// Nodes (signal sources outside the neurons).
  public var nodes: [NodeSpec]
  /// Neuron populations.
  public var populations: [PopulationSpec]
  /// Connections, each adding into one population's input current.
  public var connections: [ConnectionSpec]
  /// Probes.
  public var probes: [ProbeSpec]
  /// The operators of one time step, in the order they run (``StepSpec/schedule(_:in:)``):
  /// a population fed without a synapse comes after its source, so signals cross a chain
  /// within one step.
  public var steps: [StepSpec]

  /// Creates a plan; `steps` must already be in a valid order.
  public init(
    dt: Float, nodes: [NodeSpec], populations: [PopulationSpec], connections: [ConnectionSpec],
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
  public var populationOrder: [Int] {
    steps.compactMap { if case .neurons(let p) = $0 { return p } else { return nil } }
  }
}

/// A node: a constant vector, or input supplied per example.
public struct NodeSpec: Sendable {
  /// Output size.
  public var size: Int
  /// The constant output, when the node has one.
  public var constant: [Float]?
  /// Creates a node spec.
  public init(size: Int, constant: [Float]?) {
    self.size = size
    self.constant = constant
  }
}

/// A population of `n` neurons of one kernel type.
public struct PopulationSpec: Sendable {
  /// Number of neurons.
  public var n: Int
  /// The neuron model and its constants.
  public var neuron: NeuronKernel
  /// Bias current added every step (dimensionless), one per neuron.
  public var bias: [Float]
  /// Initial membrane voltage.
  public var initialVoltage: InitialVoltage
  /// Initial remaining refractory time per neuron, in seconds (LIF only); nil for zero.
  public var initialRefractory: [Float]?
  /// The connections into this population, in the order their contributions are added.
  public var incoming: [Int]
  /// Creates a population spec.
  public init(
    n: Int, neuron: NeuronKernel, bias: [Float], initialVoltage: InitialVoltage, initialRefractory: [Float]? = nil,
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
public enum InitialVoltage: Sendable {
  /// U(0, 1), drawn per example from its own stream (Nengo's default).
  case uniform(low: Float, high: Float)
  /// These values, one per neuron, for every example.
  case values([Float])
}

/// A rate curve: the steady-state output of a rate neuron for input current J.
public enum RateFunction: Sendable, Equatable {
  /// `amplitude * max(J, 0)`.
  case rectifiedLinear(amplitude: Float)
  /// `amplitude / (tau_ref + tau_rc * log1p(1 / (J - 1)))` for J > 1, else 0.
  case lif(tauRC: Float, tauRef: Float, amplitude: Float)
}

/// The neuron models the kernels step.
public enum NeuronKernel: Sendable, Equatable {
  /// Nengo's LIF (times in seconds); `subtract`: reset by `v -= 1` instead of `v = 0`.
  case lif(tauRC: Float, tauRef: Float, minVoltage: Float, amplitude: Float, subtract: Bool = false)
  /// A rate neuron (LIFRate, RectifiedLinear): output is the rate function of J.
  case rate(RateFunction)
  /// Integrate-and-fire with reset by subtraction (SpikingRectifiedLinear).
  case spikingRectifiedLinear(amplitude: Float)
  /// Poisson spike counts at the base rate.
  case poisson(base: RateFunction, amplitude: Float)
  /// Regular spikes at the base rate.
  case regular(base: RateFunction, amplitude: Float)

  /// Whether the output is spikes (sparse), so event-driven connections apply.
  public var isSpiking: Bool {
    if case .rate = self { return false }
    return true
  }

  /// Whether the kernel keeps a membrane voltage.
  public var hasVoltage: Bool {
    switch self {
    case .lif, .spikingRectifiedLinear, .regular: return true
    case .rate, .poisson: return false
    }
  }
}

/// Where a connection or probe reads from.
public enum SignalSource: Sendable, Equatable {
  /// A node's output.
  case node(Int)
  /// A population's output.
  case population(Int)
}

/// One connection: `J[post] += W x[pre]`, optionally filtered (then delayed one step).
public struct ConnectionSpec: Sendable {
  /// The source signal.
  public var pre: SignalSource
  /// The target population.
  public var post: Int
  /// Size of the source signal.
  public var preSize: Int
  /// Size of the target (its neuron count).
  public var postSize: Int
  /// The weights.
  public var weights: Weights
  /// Event-driven (add rows for active inputs) or dense (GEMM per step).
  public var path: SynapticPath
  /// The synapse; nil for none.
  public var filter: FilterSpec?
  /// Creates a connection spec.
  public init(pre: SignalSource, post: Int, preSize: Int, postSize: Int, weights: Weights, path: SynapticPath, filter: FilterSpec?) {
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
  public var isElementwise: Bool {
    if case .elementwise = weights { return true }
    return false
  }
}

/// Connection weights in the layout the kernels want.
public enum Weights: Sendable {
  /// One weight per element (pre and post sizes equal): `J[i] += w[i] * x[i]`.
  case elementwise([Float])
  /// `preSize` rows of `postSize`: row `i` is what input `i` adds to every post neuron (the
  /// transpose of Nengo's `(size_out, size_in)` transform, times gains).
  case rows([Float])
}

/// How a connection's input is applied: the two implementations of the synaptic step.
public enum SynapticPath: String, Sendable {
  /// Only the rows of active (spiking) inputs are added: cost grows with spikes.
  case event = "event-driven"
  /// A matrix product over the whole input each step: cost grows with neurons.
  case dense
}

/// A linear filter in discrete state-space form, stepped as Nengo's `LinearFilter`
/// (`X = A X + B u; y = C X`): order 1 (low-pass) or 2 (alpha).
public struct FilterSpec: Sendable, Equatable {
  /// Number of states per signal element.
  public var order: Int
  /// `order x order`, row-major.
  public var a: [Float]
  /// `order` values.
  public var b: [Float]
  /// `order` values.
  public var c: [Float]
  /// Creates a filter spec.
  public init(order: Int, a: [Float], b: [Float], c: [Float]) {
    precondition(order >= 1 && a.count == order * order && b.count == order && c.count == order)
    self.order = order
    self.a = a
    self.b = b
    self.c = c
  }
}

/// What a probe records.
public struct ProbeSpec: Sendable {
  /// Which signal.
  public enum Signal: Sendable, Equatable {
    /// A node's output.
    case node(Int)
    /// A population's output.
    case output(Int)
    /// A population's membrane voltage.
    case voltage(Int)
    /// A population's input current J of this step.
    case input(Int)
  }
  /// Which signal.
  public var signal: Signal
  /// Its size.
  public var size: Int
  /// A filter applied before recording (the recorded value is the state before this
  /// step's update, as in Nengo).
  public var filter: FilterSpec?
  /// Record only the running sum instead of every step.
  public var sumOnly: Bool
  /// Creates a probe spec.
  public init(signal: Signal, size: Int, filter: FilterSpec?, sumOnly: Bool) {
    self.signal = signal
    self.size = size
    self.filter = filter
    self.sumOnly = sumOnly
  }
}
