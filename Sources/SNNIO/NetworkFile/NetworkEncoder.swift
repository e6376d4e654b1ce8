import SNNCore
import SNNModel

/// Turns a ``/SNNModel/Network`` into the JSON members of a network file, moving arrays longer than
/// `inlineLimit` elements into ``arrays`` (to be written to the weights `.npz`) and
/// referring to them as `{"npz": "<key>"}`.
struct NetworkEncoder {
  /// Arrays with more elements than this go to the `.npz`.
  let inlineLimit: Int
  /// The arrays moved out of the JSON, by key (`float64`; a transform's, encoders' or
  /// node's values as `float32` when every one is a float32 exactly, as a float32 source's
  /// are).
  private(set) var arrays: [String: NDArray] = [:]
  /// The eval points to write for ensembles that have none of their own, by ensemble
  /// index: the ones a closure's values were sampled at (``NetworkFunctions``).
  let evalPoints: [Int: DoubleMatrix]
  /// The values to write for connections whose function is a closure, by connection index.
  let functionValues: [Int: DoubleMatrix]
  /// Whether a field of version 2 was written (eval points, a function, a solver, a
  /// passthrough or process node, a Direct ensemble, `sample_every`).
  private(set) var needsVersion2 = false

  init(inlineLimit: Int, functions: NetworkFunctions = NetworkFunctions()) {
    self.inlineLimit = max(0, inlineLimit)
    self.evalPoints = functions.evalPoints
    self.functionValues = functions.values
  }

  /// The members `label`, `seed`, `metadata`, `config`, `nodes`, `ensembles`,
  /// `connections`, `probes`, in that order.
  mutating func members(of doc: NetworkDocument) -> [(key: String, value: JSONValue)] {
    let net = doc.network
    let metadata = doc.metadata.keys.sorted().map { (key: $0, value: JSONValue.string(doc.metadata[$0] ?? "")) }
    return [
      ("label", .string(net.label)),
      ("seed", net.seed.map { .number(String($0)) } ?? .null),
      ("metadata", .object(metadata)),
      ("config", config(net.config)),
      ("nodes", .array(net.nodes.enumerated().map { node($1, key: "nodes.\($0)") })),
      ("ensembles", .array(net.ensembles.enumerated().map { ensemble($1, index: $0) })),
      ("connections", .array(net.connections.enumerated().map { connection($1, in: net, index: $0) })),
      ("probes", .array(net.probes.map { probe($0, in: net) })),
    ]
  }

  // MARK: - Objects

  private mutating func config(_ c: Network.Config) -> JSONValue {
    if c.ensemble.neuronType.model is Direct { needsVersion2 = true }
    return .object([
      (
        "ensemble",
        .object([
          ("neuron_type", Self.neuronType(c.ensemble.neuronType)),
          ("max_rates", distribution(c.ensemble.maxRates, key: "config.ensemble.max_rates")),
          ("intercepts", distribution(c.ensemble.intercepts, key: "config.ensemble.intercepts")),
          ("radius", .number(c.ensemble.radius)),
        ])
      ),
      ("connection", .object([("synapse", Self.synapse(c.connection.synapse))])),
    ])
  }

  private mutating func node(_ n: Node, key: String) -> JSONValue {
    let head: [(key: String, value: JSONValue)] = [("label", .string(n.label))]
    switch n.source {
    case .time, .function: preconditionFailure("NetworkFile.save refuses nodes whose output is a Swift function")
    case .input:
      return .object(head + [("type", .string("input")), ("size", .number(n.size))])
    case .constant(let values):
      return .object(
        head + [
          ("type", .string("constant")), ("size", .number(n.size)),
          ("values", self.values(values, key: key + ".values")),
        ])
    case .passthrough:
      needsVersion2 = true
      return .object(head + [("type", .string("passthrough")), ("size", .number(n.size))])
    case .process(let p):
      needsVersion2 = true
      return .object(
        head + [
          ("type", .string("process")), ("size", .number(n.size)), ("process", process(p, key: key + ".process")),
        ]
      )
    }
  }

  /// A process with every parameter: `{"type": "PresentInput", "inputs": ...,
  /// "presentation_time": ...}`, `Piecewise` (`times`, `values`, `interpolation`) or
  /// `WhiteSignal` (`period`, `high`, `rms`, `y0`, `size`).
  private mutating func process(_ p: NodeProcess, key: String) -> JSONValue {
    switch p {
    case .presentInput(let p):
      return .object([
        ("type", .string("PresentInput")), ("inputs", matrix(p.inputs, key: key + ".inputs")),
        ("presentation_time", .number(p.presentationTime)),
      ])
    case .piecewise(let p):
      let values = DoubleMatrix(unchecked: p.times.count, p.values.first?.count ?? 0, p.values.flatMap { $0 })
      return .object([
        ("type", .string("Piecewise")), ("times", doubles(p.times, key: key + ".times")),
        ("values", matrix(values, key: key + ".values")), ("interpolation", .string(p.interpolation.rawValue)),
      ])
    case .whiteSignal(let w):
      return .object([
        ("type", .string("WhiteSignal")), ("period", .number(w.period)), ("high", .number(w.high)),
        ("rms", .number(w.rms)), ("y0", w.y0.map { JSONValue.number($0) } ?? .null), ("size", .number(w.size)),
      ])
    }
  }

  private mutating func ensemble(_ e: Ensemble, index: Int) -> JSONValue {
    let key = "ensembles.\(index)"
    if e.neuronType?.model is Direct { needsVersion2 = true }
    var members: [(key: String, value: JSONValue)] = [
      ("label", .string(e.label)), ("n_neurons", .number(e.nNeurons)), ("dimensions", .number(e.dimensions)),
    ]
    members.append(("neuron_type", e.neuronType.map(Self.neuronType) ?? .null))
    members.append(("max_rates", optional(e.maxRates) { $0.distribution($1, key: key + ".max_rates") }))
    members.append(("intercepts", optional(e.intercepts) { $0.distribution($1, key: key + ".intercepts") }))
    members.append(("gain", optional(e.gain) { $0.doubles($1, key: key + ".gain") }))
    members.append(("bias", optional(e.bias) { $0.doubles($1, key: key + ".bias") }))
    members.append(("radius", e.radius.map { JSONValue.number($0) } ?? .null))
    members.append(("encoders", optional(e.encoders) { $0.matrix($1, key: key + ".encoders") }))
    members.append(
      ("initial_voltage", optional(e.initialVoltage) { $0.distribution($1, key: key + ".initial_voltage") }))
    members.append(
      ("initial_refractory", optional(e.initialRefractory) { $0.doubles($1, key: key + ".initial_refractory") }))
    // Eval points (version 2) are written only when there are some, so files without them
    // stay version 1.
    if let points = e.evalPoints ?? evalPoints[index] {
      needsVersion2 = true
      members.append(("eval_points", matrix(points, key: key + ".eval_points")))
    }
    return .object(members)
  }

  /// `null` for `nil`, else `encode(&self, value)`.
  private mutating func optional<T>(_ value: T?, _ encode: (inout NetworkEncoder, T) -> JSONValue) -> JSONValue {
    guard let value else { return .null }
    return encode(&self, value)
  }

  private mutating func connection(_ c: Connection, in net: Network, index: Int) -> JSONValue {
    let key = "connections.\(index)"
    let transform: JSONValue
    switch c.transform {
    case .scalar(let s):
      transform = .object([("type", .string("scalar")), ("value", .number(s))])
    case .vector(let v):
      transform = .object([("type", .string("vector")), ("values", values(v, key: key + ".transform"))])
    case .matrix(let m):
      transform = .object([("type", .string("matrix")), ("values", matrix(m, key: key + ".transform"))])
    }
    // Slices, a function and a solver are written only when given, so files without them
    // stay as they were.
    var members: [(key: String, value: JSONValue)] =
      [
        ("label", .string(c.label)),
        ("pre", Self.endpoint(c.pre, in: net)),
        ("post", Self.endpoint(c.post, in: net)),
        ("transform", transform),
        ("synapse", Self.synapse(c.synapse)),
      ] + Self.slice("pre_slice", c.preSlice) + Self.slice("post_slice", c.postSlice)
    let values: DoubleMatrix?
    switch c.function {
    case .identity: values = nil
    case .values(let given): values = given
    case .closure: values = functionValues[index]
    }
    if let values {
      needsVersion2 = true
      members.append(("function", matrix(values, key: key + ".function")))
    }
    if c.solver != .default {
      needsVersion2 = true
      members.append(("solver", solver(c.solver, key: key + ".solver")))
    }
    if let rule = c.learningRule {
      needsVersion2 = true
      members.append(("learning_rule", Self.learningRule(rule)))
    }
    return .object(members)
  }

  /// `{"type": "PES", "learning_rate": 1e-4, "pre_synapse": ...}` and the other rules, with
  /// every parameter; BCM's and Oja's `post_synapse` is written as the model holds it
  /// (already resolved from the pre synapse when it was not given).
  static func learningRule(_ rule: LearningRule) -> JSONValue {
    func head(_ type: String, _ rate: Double) -> [(key: String, value: JSONValue)] {
      [("type", .string(type)), ("learning_rate", .number(rate))]
    }
    switch rule {
    case .pes(let r): return .object(head("PES", r.learningRate) + [("pre_synapse", synapse(r.preSynapse))])
    case .rls(let r): return .object(head("RLS", r.learningRate) + [("pre_synapse", synapse(r.preSynapse))])
    case .voja(let r): return .object(head("Voja", r.learningRate) + [("post_synapse", synapse(r.postSynapse))])
    case .bcm(let r):
      return .object(
        head("BCM", r.learningRate) + [
          ("pre_synapse", synapse(r.preSynapse)), ("post_synapse", synapse(r.postSynapse)),
          ("theta_synapse", synapse(r.thetaSynapse)),
        ])
    case .oja(let r):
      return .object(
        head("Oja", r.learningRate) + [
          ("pre_synapse", synapse(r.preSynapse)), ("post_synapse", synapse(r.postSynapse)), ("beta", .number(r.beta)),
        ])
    }
  }

  /// `{"type": "LstsqL2", "reg": 0.1, "weights": false}` and the other solvers, with
  /// every parameter.
  private mutating func solver(_ s: Solver, key: String) -> JSONValue {
    let weights: (key: String, value: JSONValue) = ("weights", .bool(s.weights))
    switch s {
    case .lstsqL2(let reg, _): return .object([("type", .string("LstsqL2")), ("reg", .number(reg)), weights])
    case .lstsqL2nz(let reg, _): return .object([("type", .string("LstsqL2nz")), ("reg", .number(reg)), weights])
    case .lstsq(let rcond, _): return .object([("type", .string("Lstsq")), ("rcond", .number(rcond)), weights])
    case .noSolver(let values, _):
      return .object([
        ("type", .string("NoSolver")), ("values", optional(values) { $0.matrix($1, key: key + ".values") }), weights,
      ])
    }
  }

  private mutating func probe(_ p: Probe, in net: Network) -> JSONValue {
    var members: [(key: String, value: JSONValue)] =
      [
        ("label", .string(p.label)),
        ("target", Self.endpoint(p.target, in: net)),
        ("attribute", .string(p.attribute.rawValue)),
        ("synapse", Self.synapse(p.synapse)),
        ("mode", .string(NetworkFileNames.mode(p.mode))),
      ] + Self.slice("slice", p.slice)
    if let every = p.sampleEvery {
      needsVersion2 = true
      members.append(("sample_every", .number(every)))
    }
    return .object(members)
  }

  /// `key: [indices]` when there is a slice, nothing otherwise.
  static func slice(_ key: String, _ indices: [Int]?) -> [(key: String, value: JSONValue)] {
    indices.map { [(key, .array($0.map { .number(String($0)) }))] } ?? []
  }

  // MARK: - Values

  /// `{"node": "input"}`: the label when it names one object of that kind, else the index;
  /// `{"learning_rule": "learned"}` names the connection that learns.
  static func endpoint(_ e: Endpoint, in net: Network) -> JSONValue {
    func reference(_ index: Int, _ labels: [String]) -> JSONValue {
      let label = labels[index]
      return labels.filter({ $0 == label }).count == 1 ? .string(label) : .number(index)
    }
    switch e {
    case .node(let id): return .object([("node", reference(id.index, net.nodes.map(\.label)))])
    case .ensemble(let id): return .object([("ensemble", reference(id.index, net.ensembles.map(\.label)))])
    case .neurons(let id): return .object([("neurons", reference(id.index, net.ensembles.map(\.label)))])
    case .learningRule(let k): return .object([("learning_rule", reference(k, net.connections.map(\.label)))])
    }
  }

  static func neuronType(_ t: NeuronType) -> JSONValue {
    func lif(_ name: String, _ p: LIFParameters) -> JSONValue {
      // `reset` is written only when it is not Nengo's (zero), so older files stay as they were.
      .object(
        [
          ("type", .string(name)), ("tau_rc", .number(p.tauRC)), ("tau_ref", .number(p.tauRef)),
          ("min_voltage", .number(p.minVoltage)), ("amplitude", .number(p.amplitude)),
        ] + (p.reset == .zero ? [] : [("reset", .string(p.reset.rawValue))]))
    }
    switch t {
    case .lif(let p): return lif("LIF", p)
    case .lifRate(let p): return lif("LIFRate", p)
    case .rectifiedLinear(let a):
      return .object([("type", .string("RectifiedLinear")), ("amplitude", .number(a))])
    case .spikingRectifiedLinear(let a):
      return .object([("type", .string("SpikingRectifiedLinear")), ("amplitude", .number(a))])
    case .poissonSpiking(let base, let a):
      return .object([("type", .string("PoissonSpiking")), ("base", neuronType(base)), ("amplitude", .number(a))])
    case .regularSpiking(let base, let a):
      return .object([("type", .string("RegularSpiking")), ("base", neuronType(base)), ("amplitude", .number(a))])
    case .model(let m as any RatesToSpikes):
      return .object(
        [
          ("type", .string(Swift.type(of: m).wrapperName)), ("base", neuronType(NeuronType(m.base))),
          ("amplitude", .number(m.amplitude)),
        ])
    case .model(let m as any NumericNeuronModel):
      let type = Swift.type(of: m)
      return .object(
        [("type", .string(type.nengoName))] + zip(type.parameterNames, m.parameterValues).map { ($0, .number($1)) })
    case .model(let m):
      // A model without file parameters (Direct): its name.
      return .object([("type", .string(m.name))])
    }
  }

  static func synapse(_ s: Synapse?) -> JSONValue {
    switch s {
    case nil: return .null
    case .lowpass(let tau)?: return .object([("type", .string("Lowpass")), ("tau", .number(tau))])
    case .alpha(let tau)?: return .object([("type", .string("Alpha")), ("tau", .number(tau))])
    }
  }

  private mutating func distribution(_ d: Distribution, key: String) -> JSONValue {
    switch d {
    case .choice(let options):
      return .object([("type", .string("Choice")), ("options", doubles(options, key: key))])
    case .uniform(let low, let high):
      return .object([("type", .string("Uniform")), ("low", .number(low)), ("high", .number(high))])
    case .values(let values):
      return .object([("type", .string("Values")), ("values", doubles(values, key: key))])
    }
  }

  // MARK: - Arrays

  /// `values` inline, or in the `.npz` as float32 when that holds each exactly, else
  /// float64.
  private mutating func values(_ values: [Double], key: String) -> JSONValue {
    guard values.count > inlineLimit else { return .array(values.map { .number($0) }) }
    arrays[key] = Self.array(shape: [values.count], values)
    return Self.reference(key)
  }

  /// A float32 array when every value is a `Float` exactly, else a float64 one.
  private static func array(shape: [Int], _ values: [Double]) -> NDArray? {
    let floats = values.map { Float($0) }
    let exact = zip(floats, values).allSatisfy { Double($0) == $1 }
    // The shape always holds the element count (the callers' own arrays and matrices).
    return try? NDArray(shape: shape, storage: exact ? .float32(floats) : .float64(values))
  }

  private mutating func doubles(_ values: [Double], key: String) -> JSONValue {
    guard values.count > inlineLimit else { return .array(values.map { .number($0) }) }
    // A 1-D shape always holds its own element count.
    arrays[key] = try? NDArray(shape: [values.count], storage: .float64(values))
    return Self.reference(key)
  }

  private mutating func matrix(_ m: DoubleMatrix, key: String) -> JSONValue {
    guard m.values.count > inlineLimit else {
      return .array((0..<m.rows).map { r in .array(m.row(r).map { .number($0) }) })
    }
    arrays[key] = Self.array(shape: [m.rows, m.cols], m.values)
    return Self.reference(key)
  }

  private static func reference(_ key: String) -> JSONValue { .object([("npz", .string(key))]) }
}

/// Spellings shared by the encoder and the decoder.
enum NetworkFileNames {
  /// A probe mode as written in files: `every_step` or `sum`.
  static func mode(_ m: Probe.Mode) -> String {
    switch m {
    case .everyStep: return "every_step"
    case .sum: return "sum"
    }
  }
}
