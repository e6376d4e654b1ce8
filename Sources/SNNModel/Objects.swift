import SNNCore

/// Identifies a ``Node`` inside its ``Network``.
public struct NodeID: Hashable, Sendable {
  /// The node's position in ``Network/nodes``.
  public let index: Int
}
/// Identifies an ``Ensemble`` inside its ``Network``.
public struct EnsembleID: Hashable, Sendable {
  /// The ensemble's position in ``Network/ensembles``.
  public let index: Int
}
/// Identifies a ``Probe`` inside its ``Network``.
public struct ProbeID: Hashable, Sendable {
  /// The probe's position in ``Network/probes``.
  public let index: Int
}

/// What a connection starts or ends at, or what a probe records: a node's output (as pre)
/// or input (as post), an ensemble's represented value, its neurons (`ens.neurons`), or a
/// connection's learning rule (`conn.learning_rule`).
public enum Endpoint: Hashable, Sendable {
  /// A node: its output as pre or probe target, its summed input as post (only nodes with
  /// an input, ``Node/sizeIn`` > 0).
  case node(NodeID)
  /// An ensemble's vector space: input goes through encoders, gain and radius; as pre or
  /// as a probe target, its decoded value (decoders solved when the network is built).
  case ensemble(EnsembleID)
  /// An ensemble's neurons: input is scaled by each neuron's gain only.
  case neurons(EnsembleID)
  /// The learning rule of connection `index` (what ``Network``'s `connect(...,
  /// learningRule:)` returned), Nengo's `conn.learning_rule`: as post, a connection into it gives the
  /// rule's error (after that connection's synapse); as a probe target, attribute
  /// ``Probe/Attribute/weights`` records the connection's weights as they learn.
  case learningRule(Int)
}

/// Supplies values to the network or computes on them (Nengo's `Node`): a constant vector,
/// a function of time, a function of time and the node's input, the sum of its inputs
/// (passthrough), a process, or per-example input given to the simulator at run time.
///
/// ```swift
/// let stim = try net.add(Node(label: "stim") { t in [sin(2 * .pi * t)] })
/// let square = try net.add(Node(sizeIn: 1, sizeOut: 1, label: "square") { t, x in [x[0] * x[0]] })
/// let sum = try net.add(Node(passthrough: 2, label: "sum"))
/// ```
///
/// A node's input is the sum of the connections into it, this step's values (a connection
/// with a synapse adds its output from the previous step); its output is available to
/// every connection and probe in the same step, as in Nengo.
public struct Node: Sendable, Equatable {
  /// Where a node's output comes from.
  public enum Source: Sendable, Equatable {
    /// The same vector at every step, for every example.
    case constant([Double])
    /// Values supplied per example to the simulator at run time, `Simulator.setInput`
    /// (constant over the run, or per step).
    case input
    /// `f(t)`, t in seconds, the same for every example: step `k` (from 1 after a reset)
    /// outputs `f(k dt)`, as Nengo's `Node(output=callable)`.
    case time(TimeFunction)
    /// `f(t, x)`: t in seconds (`k dt` at step `k`), `x` the node's input of this step, per
    /// example (Nengo's `Node(output=callable, size_in=n)`).
    case function(NodeFunction)
    /// The sum of the inputs, passed on in the same step (Nengo's `Node(size_in=n)`).
    case passthrough
    /// A process's output at `t = k dt` (Nengo's `Node(output=process)`); a random process
    /// draws each example's signal from the simulator seed and the example's id.
    case process(NodeProcess)
  }
  /// A name for messages, probes and files.
  public var label: String
  /// Output dimensionality.
  public var size: Int
  /// Input dimensionality: what connections into the node add into (0 for a node that
  /// takes no input).
  public var sizeIn: Int
  /// Where the output comes from.
  public var source: Source

  /// A node whose output is supplied at run time.
  public init(size: Int, label: String = "") {
    self.size = size
    self.sizeIn = 0
    self.label = label
    self.source = .input
  }

  /// A node whose output is `function(t)`, t in seconds (float64; a float32 simulation
  /// rounds it). Its size is that of `function(0)`, as Nengo finds it.
  public init(label: String = "", _ function: @escaping @Sendable (Double) -> [Double]) {
    self.label = label
    self.size = function(0).count
    self.sizeIn = 0
    self.source = .time(TimeFunction(function))
  }

  /// A node whose output is `function(t, x)`: t in seconds, `x` its `sizeIn` input values
  /// of this step; the result must have `sizeOut` finite values (else the simulation stops
  /// with an error naming the node). The function is called once per example and step,
  /// possibly from several threads at once: it must not depend on the order of its calls.
  public init(
    sizeIn: Int, sizeOut: Int, label: String = "", _ function: @escaping @Sendable (Double, [Double]) -> [Double]
  ) {
    self.label = label
    self.size = sizeOut
    self.sizeIn = sizeIn
    self.source = .function(NodeFunction(function))
  }

  /// A node whose output is the sum of its inputs, `size` wide (Nengo's passthrough node).
  public init(passthrough size: Int, label: String = "") {
    self.label = label
    self.size = size
    self.sizeIn = size
    self.source = .passthrough
  }

  /// A node whose output is `process`'s (Nengo's `Node(output=process)`).
  public init(process: NodeProcess, label: String = "") {
    self.label = label
    self.size = process.sizeOut
    self.sizeIn = 0
    self.source = .process(process)
  }

  /// A node with a constant output (float64, as given; a float32 simulation rounds it).
  public init(constant: [Double], label: String = "") {
    self.size = constant.count
    self.sizeIn = 0
    self.label = label
    self.source = .constant(constant)
  }
}

/// A Swift closure from time (seconds) to a vector, compared by identity.
public final class TimeFunction: Sendable, Equatable {
  /// The function.
  public let body: @Sendable (Double) -> [Double]
  /// Wraps `body`.
  public init(_ body: @escaping @Sendable (Double) -> [Double]) { self.body = body }
  public static func == (a: TimeFunction, b: TimeFunction) -> Bool { a === b }
}

/// A Swift closure from time (seconds) and an input vector to a vector, compared by
/// identity.
public final class NodeFunction: Sendable, Equatable {
  /// The function.
  public let body: @Sendable (Double, [Double]) -> [Double]
  /// Wraps `body`.
  public init(_ body: @escaping @Sendable (Double, [Double]) -> [Double]) { self.body = body }
  public static func == (a: NodeFunction, b: NodeFunction) -> Bool { a === b }
}

/// A population of neurons representing a vector (Nengo's `Ensemble`).
///
/// Optional parameters left `nil` take the network's config defaults when the ensemble is
/// added (``Network/Config``). Explicit `gain` and `bias` override `maxRates` and
/// `intercepts`, as in Nengo.
public struct Ensemble: Sendable, Equatable {
  /// A name for messages, probes and files.
  public var label: String
  /// Number of neurons.
  public var nNeurons: Int
  /// Dimensionality of the represented vector.
  public var dimensions: Int
  /// Neuron model; default from config (LIF).
  public var neuronType: NeuronType?
  /// Firing rate at the radius along the preferred direction, in Hz.
  public var maxRates: Distribution?
  /// Represented value at which each neuron starts firing (in units of the radius).
  public var intercepts: Distribution?
  /// Explicit per-neuron gains (dimensionless), overriding maxRates/intercepts.
  public var gain: [Double]?
  /// Explicit per-neuron bias currents (dimensionless), overriding maxRates/intercepts.
  public var bias: [Double]?
  /// Radius of the represented space.
  public var radius: Double?
  /// Encoders, `(nNeurons, dimensions)`, float64 as given; default: scattered evenly on the
  /// unit hypersphere surface (Nengo's `ScatteredHypersphere(surface=True)`,
  /// ``VectorDistribution/defaultEncoders``).
  public var encoders: DoubleMatrix?
  /// Initial membrane voltages (dimensionless), one per neuron; default U(0, 1) per example
  /// for LIF, SpikingRectifiedLinear and RegularSpiking (Nengo's `initial_state`).
  public var initialVoltage: Distribution?
  /// Initial remaining refractory times, in seconds, one per LIF neuron; default 0.
  public var initialRefractory: [Double]?
  /// The points (`(m, dimensions)`, absolute: already scaled by the radius) at which
  /// decoders from this ensemble are solved; default Nengo's, uniform in the ball of the
  /// radius (``VectorDistribution/defaultEvalPoints``, Nengo's default count).
  public var evalPoints: DoubleMatrix?

  /// Creates an ensemble description (Nengo's argument order and names).
  public init(
    nNeurons: Int, dimensions: Int, neuronType: NeuronType? = nil, maxRates: Distribution? = nil,
    intercepts: Distribution? = nil, gain: [Double]? = nil, bias: [Double]? = nil,
    radius: Double? = nil, encoders: DoubleMatrix? = nil, initialVoltage: Distribution? = nil,
    initialRefractory: [Double]? = nil, evalPoints: DoubleMatrix? = nil, label: String = ""
  ) {
    self.evalPoints = evalPoints
    self.label = label
    self.nNeurons = nNeurons
    self.dimensions = dimensions
    self.neuronType = neuronType
    self.maxRates = maxRates
    self.intercepts = intercepts
    self.gain = gain
    self.bias = bias
    self.radius = radius
    self.encoders = encoders
    self.initialVoltage = initialVoltage
    self.initialRefractory = initialRefractory
  }
}

/// A connection from a node's output, an ensemble's neurons or an ensemble's decoded value
/// into an ensemble, its neurons or a node's input (Nengo's `Connection`).
///
/// From `.ensemble(a)` the connection is decoded: decoders for ``function`` are solved by
/// ``solver`` at `a`'s eval points, and ``transform`` maps the function's output (size
/// `size_mid`) to the post.
public struct Connection: Sendable, Equatable {
  /// Where the signal comes from (a node or `.neurons`).
  public var pre: Endpoint
  /// Where it goes (an ensemble, `.neurons` or a node with an input).
  public var post: Endpoint
  /// The linear map, Nengo's `transform`.
  public var transform: Transform
  /// The filter; `nil` is Nengo's `synapse=None` (no filter, no delay).
  public var synapse: Synapse?
  /// A name for messages.
  public var label: String
  /// The elements of `pre` the connection reads, in order (Nengo's `a.neurons[[1, 3]]` or
  /// `node[0:2]` as pre); nil for all. The transform's input size is their count.
  public var preSlice: [Int]?
  /// The elements of `post` the connection adds to, in order, each at most once; nil for
  /// all. The transform's output size is their count.
  public var postSlice: [Int]?
  /// What a decoded connection computes from the pre value (only from `.ensemble`).
  public var function: ConnectionFunction
  /// How a decoded connection's decoders are found (only from `.ensemble`).
  public var solver: Solver
  /// A rule that changes the connection's decoders or weights as the network runs; nil
  /// for fixed weights (Nengo's `learning_rule_type`).
  public var learningRule: LearningRule?

  /// Creates a connection description.
  public init(
    pre: Endpoint, post: Endpoint, transform: Transform, synapse: Synapse?, label: String = "",
    preSlice: [Int]? = nil, postSlice: [Int]? = nil, function: ConnectionFunction = .identity,
    solver: Solver = .default, learningRule: LearningRule? = nil
  ) {
    self.learningRule = learningRule
    self.function = function
    self.solver = solver
    self.pre = pre
    self.post = post
    self.transform = transform
    self.synapse = synapse
    self.label = label
    self.preSlice = preSlice
    self.postSlice = postSlice
  }
}

/// Records a signal during simulation (Nengo's `Probe`).
public struct Probe: Sendable, Equatable {
  /// What is recorded.
  public enum Attribute: String, Sendable, Equatable {
    /// The output: spikes (height amplitude/dt), rates, or a node's values.
    case output
    /// The membrane voltage (LIF, SpikingRectifiedLinear, RegularSpiking).
    case voltage
    /// The input current J (bias plus every incoming connection), dimensionless: Nengo's
    /// `ens.neurons.input`.
    case input
    /// The remaining refractory time, in seconds (LIF): Nengo's `refractory_time`.
    case refractoryTime = "refractory_time"
    /// The base type's rate under a spiking wrapper (PoissonSpiking, RegularSpiking), in
    /// Hz times the base's amplitude: Nengo's `rate_out`.
    case rateOut = "rate_out"
    /// The adaptation state `n` of AdaptiveLIF and AdaptiveLIFRate (the current it
    /// subtracts, dimensionless): Nengo's `adaptation`.
    case adaptation
    /// Izhikevich's recovery variable `u`: Nengo's `recovery`.
    case recovery
    /// A learning connection's weights (target ``Endpoint/learningRule(_:)``), Nengo's
    /// `Probe(conn, "weights")`: `(size_out, size_in)` row-major as Nengo shapes them (a
    /// decoded connection's `T · Dᵀ`, or the post neurons' rows of pre inputs), the values
    /// this step's signals were computed with.
    case weights
    /// A Voja rule's learned scaled encoders (target ``Endpoint/learningRule(_:)``), Nengo's
    /// `Probe(conn.learning_rule, "scaled_encoders")`: `(n_neurons, dimensions)` row-major,
    /// `gain / radius` times the encoders, the values this step encoded with.
    case scaledEncoders = "scaled_encoders"
    /// A learning rule's filtered pre activities, in Hz (target
    /// ``Endpoint/learningRule(_:)``): Nengo's `Probe(conn.learning_rule, "activities")`
    /// (PES) or `"pre_filtered"` (RLS, BCM, Oja), this step's spikes included.
    case activities
    /// An RLS rule's `P`, the inverse of the regularized pre-activity correlations
    /// (`(n_pre, n_pre)` row-major; target ``Endpoint/learningRule(_:)``): Nengo's
    /// `Probe(conn.learning_rule, "inv_gamma")`, after this step's update (as Nengo
    /// records it).
    case inverseGamma = "inv_gamma"
  }
  /// What is recorded.
  public enum Mode: String, Sendable, Equatable {
    /// Every step: data has shape `[batch][steps][size]`.
    case everyStep
    /// Only the running sum over the run (memory by batch, not by steps): `[batch][1][size]`.
    case sum
  }
  /// The probed object (a node, an ensemble's decoded value, or an ensemble's neurons).
  public var target: Endpoint
  /// Which signal of the target.
  public var attribute: Attribute
  /// Filter applied before recording; `nil` records the raw signal.
  public var synapse: Synapse?
  /// Record every step, or only the sum.
  public var mode: Mode
  /// A name used for the probe's data in files.
  public var label: String
  /// The elements recorded, in order (Nengo's `Probe(b.neurons[[1, 3]])`); nil for all.
  public var slice: [Int]?
  /// The sampling period, in seconds (Nengo's `sample_every`): after step `n` (from 1)
  /// the probe keeps a sample when `n mod (sampleEvery / dt) < 1`; nil keeps every step.
  /// A filtered probe's filter still runs every step.
  public var sampleEvery: Double?

  /// Creates a probe description.
  public init(
    target: Endpoint, attribute: Attribute = .output, synapse: Synapse? = nil,
    mode: Mode = .everyStep, label: String = "", slice: [Int]? = nil, sampleEvery: Double? = nil
  ) {
    self.sampleEvery = sampleEvery
    self.target = target
    self.attribute = attribute
    self.synapse = synapse
    self.mode = mode
    self.label = label
    self.slice = slice
  }
}
