import SNNCore
import SNNModel

/// Builds a ``/SNNModel/Network`` from the JSON of a network file, through the model's own `add`,
/// `connect` and `probe` (so every model check applies), refusing unknown fields, wrong
/// types, absurd sizes and references to missing objects with the JSON path at fault.
struct NetworkDecoder {
  let fields: JSONFields
  /// The file's format version: fields of version 2 (eval points, a function, a solver)
  /// are refused in a version-1 file.
  let version: Int
  /// Handles of the objects added so far, by index (the model makes handles only in `add`).
  private var nodeIDs: [NodeID] = []
  private var ensembleIDs: [EnsembleID] = []

  init(fields: JSONFields, version: Int) {
    self.fields = fields
    self.version = version
  }

  /// Caps checked before anything is allocated from a declared size.
  enum Limits {
    /// The largest node size or neuron count.
    static let maxSize = 1 << 24
    /// The largest ensemble dimensionality.
    static let maxDimensions = 1 << 16
    /// The largest `n_neurons * dimensions` (encoder elements).
    static let maxEncoderElements = 1 << 28
  }

  static let topLevelFields = [
    "format", "version", "label", "seed", "weights", "weights_crc32", "metadata", "config", "nodes", "ensembles",
    "connections", "probes",
  ]

  /// The network and metadata described by the top-level members (format and version
  /// already checked).
  mutating func document(_ top: [String: JSONValue]) throws -> NetworkDocument {
    var net = Network(
      seed: try top["seed"].flatMap { $0 == .null ? nil : try fields.uint64($0, "seed") },
      label: try top["label"].map { try fields.string($0, "label") } ?? "network")
    if let c = top["config"] { net.config = try config(c) }
    for (i, v) in try list(top["nodes"], "nodes").enumerated() { try node(v, "nodes[\(i)]", into: &net) }
    for (i, v) in try list(top["ensembles"], "ensembles").enumerated() {
      try ensemble(v, "ensembles[\(i)]", into: &net)
    }
    for (i, v) in try list(top["connections"], "connections").enumerated() {
      try connection(v, "connections[\(i)]", into: &net)
    }
    for (i, v) in try list(top["probes"], "probes").enumerated() { try probe(v, "probes[\(i)]", into: &net) }
    return NetworkDocument(network: net, metadata: try metadata(top["metadata"]))
  }

  private func list(_ v: JSONValue?, _ path: String) throws -> [JSONValue] {
    guard let v else { return [] }
    guard case .array(let elements) = v else { throw fields.fail(path, "expected an array, got \(v.kindDescription)") }
    return elements
  }

  private func metadata(_ v: JSONValue?) throws -> [String: String] {
    guard let v else { return [:] }
    guard case .object(let members) = v else {
      throw fields.fail("metadata", "expected an object of strings, got \(v.kindDescription)")
    }
    var out: [String: String] = [:]
    for m in members {
      guard case .string(let s) = m.value else {
        throw fields.fail(
          "metadata.\(m.key)", "expected a string (metadata values are strings), got \(m.value.kindDescription)")
      }
      out[m.key] = s
    }
    return out
  }

  /// Runs a model call, turning its ``/SNNModel/ModelError`` into an error naming the file and path.
  private func model<T>(_ path: String, _ body: () throws(ModelError) -> T) throws -> T {
    do { return try body() } catch { throw fields.fail(path, error.description) }
  }

  // MARK: - Config

  private func config(_ v: JSONValue) throws -> Network.Config {
    let m = try fields.object(v, "config", allowed: ["ensemble", "connection"], kind: "config")
    var c = Network.Config()
    if let e = m["ensemble"] {
      let path = "config.ensemble"
      let em = try fields.object(
        e, path, allowed: ["neuron_type", "max_rates", "intercepts", "radius"], kind: "the ensemble defaults")
      if let t = em["neuron_type"] { c.ensemble.neuronType = try neuronType(t, path + ".neuron_type") }
      if let d = em["max_rates"] { c.ensemble.maxRates = try distribution(d, path + ".max_rates", count: nil) }
      if let d = em["intercepts"] { c.ensemble.intercepts = try distribution(d, path + ".intercepts", count: nil) }
      if let r = em["radius"] { c.ensemble.radius = try fields.double(r, path + ".radius") }
    }
    if let conn = m["connection"] {
      let cm = try fields.object(conn, "config.connection", allowed: ["synapse"], kind: "the connection defaults")
      if let s = cm["synapse"] { c.connection.synapse = try synapse(s, "config.connection.synapse") }
    }
    return c
  }

  // MARK: - Objects

  private mutating func node(_ v: JSONValue, _ path: String, into net: inout Network) throws {
    let m = try fields.object(v, path, allowed: ["label", "type", "size", "values", "process"], kind: "a node")
    let label = try m["label"].map { try fields.string($0, path + ".label") } ?? ""
    let type = try fields.string(fields.required(m, "type", path), path + ".type")
    let size = try m["size"].map { try fields.int($0, path + ".size", in: 1...Limits.maxSize) }
    for key in ["values", "process"] where m[key] != nil && type != (key == "values" ? "constant" : "process") {
      throw fields.fail(path + "." + key, "a node of type \"\(type)\" has no \(key)")
    }
    func requiredSize() throws -> Int {
      guard let size else { throw fields.fail(path, "missing required field \"size\"") }
      return size
    }
    let node: Node
    switch type {
    case "input":
      node = Node(size: try requiredSize(), label: label)
    case "constant":
      let values = try fields.doubles(fields.required(m, "values", path), path + ".values")
      if let size, size != values.count {
        throw fields.fail(path + ".size", "is \(size), but values has \(values.count) elements")
      }
      node = Node(constant: values, label: label)
    case "passthrough":
      try requireVersion2(path + ".type")
      node = Node(passthrough: try requiredSize(), label: label)
    case "process":
      try requireVersion2(path + ".type")
      let p = try process(fields.required(m, "process", path), path + ".process")
      if let size, size != p.sizeOut {
        throw fields.fail(path + ".size", "is \(size), but the process gives \(p.sizeOut) values")
      }
      node = Node(process: p, label: label)
    default:
      throw fields.fail(
        path + ".type",
        "unknown node type \"\(type)\"; expected \"input\", \"constant\", \"passthrough\" or \"process\"")
    }
    nodeIDs.append(try model(path) { () throws(ModelError) in try net.add(node) })
  }

  /// `{"type": "PresentInput", ...}`, `{"type": "Piecewise", ...}` or
  /// `{"type": "WhiteSignal", ...}`, every parameter checked as the model checks it.
  private func process(_ v: JSONValue, _ path: String) throws -> NodeProcess {
    let known = ["PresentInput", "Piecewise", "WhiteSignal"]
    guard case .object(let members) = v, let typeValue = members.first(where: { $0.key == "type" })?.value else {
      throw fields.fail(path, "expected a process object with a \"type\" (\(known.joined(separator: ", ")))")
    }
    let type = try fields.string(typeValue, path + ".type")
    switch type {
    case "PresentInput":
      let m = try fields.object(
        v, path, allowed: ["type", "inputs", "presentation_time"], kind: "a PresentInput process")
      let inputs = try fields.matrix(fields.required(m, "inputs", path), path + ".inputs")
      let time = try fields.double(fields.required(m, "presentation_time", path), path + ".presentation_time")
      guard inputs.rows > 0, inputs.cols > 0 else {
        throw fields.fail(path + ".inputs", "needs at least one non-empty input, got \(inputs.shapeDescription)")
      }
      guard time > 0 else { throw fields.fail(path + ".presentation_time", "must be > 0, got \(time)") }
      return .presentInput(PresentInput(inputs: inputs, presentationTime: time))
    case "Piecewise":
      let m = try fields.object(
        v, path, allowed: ["type", "times", "values", "interpolation"], kind: "a Piecewise process")
      let times = try fields.doubles(fields.required(m, "times", path), path + ".times")
      let values = try fields.matrix(fields.required(m, "values", path), path + ".values")
      guard values.rows == times.count, values.cols > 0 else {
        throw fields.fail(
          path + ".values", "shape \(values.shapeDescription) must be (\(times.count), size): one row per time")
      }
      guard Set(times).count == times.count else { throw fields.fail(path + ".times", "repeats a time") }
      var interpolation = Piecewise.Interpolation.zero
      if let i = m["interpolation"] {
        let text = try fields.string(i, path + ".interpolation")
        guard let parsed = Piecewise.Interpolation(rawValue: text) else {
          throw fields.fail(path + ".interpolation", "expected \"zero\" or \"linear\", got \"\(text)\"")
        }
        interpolation = parsed
      }
      var data: [Double: [Double]] = [:]
      for (r, t) in times.enumerated() { data[t] = Array(values.values[(r * values.cols)..<((r + 1) * values.cols)]) }
      return .piecewise(try model(path) { () throws(ModelError) in try Piecewise(data, interpolation: interpolation) })
    case "WhiteSignal":
      let m = try fields.object(
        v, path, allowed: ["type", "period", "high", "rms", "y0", "size"], kind: "a WhiteSignal process")
      let y0 = try m["y0"].flatMap { $0 == .null ? nil : try fields.double($0, path + ".y0") }
      return .whiteSignal(
        WhiteSignal(
          period: try fields.double(fields.required(m, "period", path), path + ".period"),
          high: try fields.double(fields.required(m, "high", path), path + ".high"),
          rms: try m["rms"].map { try fields.double($0, path + ".rms") } ?? 0.5, y0: y0,
          size: try m["size"].map { try fields.int($0, path + ".size", in: 1...Limits.maxSize) } ?? 1))
    default:
      throw fields.fail(path + ".type", "unknown process \"\(type)\"; expected \(known.joined(separator: ", "))")
    }
  }

  private mutating func ensemble(_ v: JSONValue, _ path: String, into net: inout Network) throws {
    let m = try fields.object(
      v, path,
      allowed: [
        "label", "n_neurons", "dimensions", "neuron_type", "max_rates", "intercepts", "gain", "bias", "radius",
        "encoders", "initial_voltage", "initial_refractory", "eval_points",
      ], kind: "an ensemble")
    let n = try fields.int(fields.required(m, "n_neurons", path), path + ".n_neurons", in: 1...Limits.maxSize)
    let d = try fields.int(fields.required(m, "dimensions", path), path + ".dimensions", in: 1...Limits.maxDimensions)
    guard n * d <= Limits.maxEncoderElements else {
      throw fields.fail(path, "n_neurons x dimensions = \(n * d) is more than the \(Limits.maxEncoderElements) allowed")
    }
    func present(_ key: String) -> JSONValue? {
      guard let v = m[key], v != .null else { return nil }
      return v
    }
    let e = Ensemble(
      nNeurons: n, dimensions: d,
      neuronType: try present("neuron_type").map { try neuronType($0, path + ".neuron_type") },
      maxRates: try present("max_rates").map { try distribution($0, path + ".max_rates", count: n) },
      intercepts: try present("intercepts").map { try distribution($0, path + ".intercepts", count: n) },
      gain: try present("gain").map { try fields.doubles($0, path + ".gain") },
      bias: try present("bias").map { try fields.doubles($0, path + ".bias") },
      radius: try present("radius").map { try fields.double($0, path + ".radius") },
      encoders: try present("encoders").map { try fields.matrix($0, path + ".encoders") },
      initialVoltage: try present("initial_voltage").map { try distribution($0, path + ".initial_voltage", count: n) },
      initialRefractory: try present("initial_refractory").map { try fields.doubles($0, path + ".initial_refractory") },
      evalPoints: try present("eval_points").map { try evalPoints($0, path + ".eval_points", n: n, d: d) },
      label: try m["label"].map { try fields.string($0, path + ".label") } ?? "")
    ensembleIDs.append(try model(path) { () throws(ModelError) in try net.add(e) })
  }

  private func connection(_ v: JSONValue, _ path: String, into net: inout Network) throws {
    let m = try fields.object(
      v, path,
      allowed: [
        "label", "pre", "post", "transform", "synapse", "pre_slice", "post_slice", "function", "solver",
        "learning_rule",
      ],
      kind: "a connection")
    let pre = try endpoint(fields.required(m, "pre", path), path + ".pre", in: net)
    let post = try endpoint(fields.required(m, "post", path), path + ".post", in: net)
    let t = try m["transform"].map { try transform($0, path + ".transform") } ?? .identity
    let s = try m["synapse"].map { try synapse($0, path + ".synapse") } ?? net.config.connection.synapse
    let label = try m["label"].map { try fields.string($0, path + ".label") } ?? ""
    let preSlice = try m["pre_slice"].map { try indices($0, path + ".pre_slice") }
    let postSlice = try m["post_slice"].map { try indices($0, path + ".post_slice") }
    let function = try m["function"].map { try self.function($0, path + ".function", pre: pre, in: net) } ?? .identity
    let solver = try m["solver"].map { try self.solver($0, path + ".solver", pre: pre, in: net) } ?? .default
    let rule = try m["learning_rule"].map { try learningRule($0, path + ".learning_rule") }
    try model(path) { () throws(ModelError) in
      _ = try net.connect(
        pre, post, transform: t, synapse: s, label: label, preSlice: preSlice, postSlice: postSlice,
        function: function, solver: solver, learningRule: rule)
    }
  }

  // MARK: - NEF (version 2)

  /// Refuses a version-2 field in a version-1 file.
  func requireVersion2(_ path: String) throws {
    guard version >= 2 else {
      throw fields.fail(path, "is a field of version 2 of the format, but the file says \"version\": \(version)")
    }
  }

  /// An ensemble's eval points: `(m, dimensions)`, absolute (already scaled by the radius).
  private func evalPoints(_ v: JSONValue, _ path: String, n: Int, d: Int) throws -> DoubleMatrix {
    try requireVersion2(path)
    let points = try fields.matrix(v, path)
    guard points.rows > 0, points.cols == d else {
      throw fields.fail(path, "shape \(points.shapeDescription) must be (m, \(d)) with m > 0: one row per point")
    }
    guard points.rows <= VectorDistribution.maxValues / n else {
      throw fields.fail(
        path,
        "\(points.rows) eval points x \(n) neurons is more than the \(VectorDistribution.maxValues) activities allowed")
    }
    return points
  }

  /// The pre ensemble of a decoded connection, or an error: only those have a function
  /// or a solver.
  private func decodedPre(_ pre: Endpoint, _ path: String, in net: Network) throws -> Ensemble {
    guard case .ensemble(let id) = pre else {
      throw fields.fail(path, "only a decoded connection (pre {\"ensemble\": ...}) has a function or a solver")
    }
    return net.ensembles[id.index]
  }

  /// A decoded connection's function: its values at the pre ensemble's eval points, one row
  /// per point (`(m, size_mid)`).
  private func function(_ v: JSONValue, _ path: String, pre: Endpoint, in net: Network) throws -> ConnectionFunction {
    try requireVersion2(path)
    let e = try decodedPre(pre, path, in: net)
    let values = try fields.matrix(v, path)
    let m = e.evalPoints?.rows ?? Network.defaultEvalPointCount(nNeurons: e.nNeurons, dimensions: e.dimensions)
    guard values.rows == m, values.cols > 0 else {
      let source = e.evalPoints == nil ? "Nengo's default count" : "its eval_points"
      throw fields.fail(
        path,
        "shape \(values.shapeDescription) must be (\(m), size_out): one row per eval point of \(e.label) (\(m), "
          + source + ")")
    }
    return .values(values)
  }

  /// `{"type": "LstsqL2", "reg": 0.1, "weights": false}`, `LstsqL2nz` (`reg`), `Lstsq`
  /// (`rcond`) or `NoSolver` (`values`: `(n_pre, size_out)` or null); parameters left out
  /// take Nengo's defaults.
  private func solver(_ v: JSONValue, _ path: String, pre: Endpoint, in net: Network) throws -> Solver {
    try requireVersion2(path)
    let e = try decodedPre(pre, path, in: net)
    let known = ["LstsqL2", "LstsqL2nz", "Lstsq", "NoSolver"]
    guard case .object(let members) = v, let typeValue = members.first(where: { $0.key == "type" })?.value else {
      throw fields.fail(path, "expected a solver object with a \"type\" (\(known.joined(separator: ", ")))")
    }
    let type = try fields.string(typeValue, path + ".type")
    func parameter(_ m: [String: JSONValue], _ name: String, _ fallback: Double) throws -> Double {
      guard let value = m[name] else { return fallback }
      let x = try fields.double(value, path + "." + name)
      guard x >= 0 else { throw fields.fail(path + "." + name, "must be >= 0, got \(x)") }
      return x
    }
    func weights(_ m: [String: JSONValue]) throws -> Bool {
      guard let value = m["weights"] else { return false }
      guard case .bool(let b) = value else {
        throw fields.fail(path + ".weights", "expected true or false, got \(value.kindDescription)")
      }
      return b
    }
    switch type {
    case "LstsqL2", "LstsqL2nz":
      let m = try fields.object(v, path, allowed: ["type", "reg", "weights"], kind: "a \(type) solver")
      let reg = try parameter(m, "reg", 0.1)
      return type == "LstsqL2"
        ? .lstsqL2(reg: reg, weights: try weights(m)) : .lstsqL2nz(reg: reg, weights: try weights(m))
    case "Lstsq":
      let m = try fields.object(v, path, allowed: ["type", "rcond", "weights"], kind: "a Lstsq solver")
      return .lstsq(rcond: try parameter(m, "rcond", 0.01), weights: try weights(m))
    case "NoSolver":
      let m = try fields.object(v, path, allowed: ["type", "values", "weights"], kind: "a NoSolver solver")
      var values: DoubleMatrix?
      if let given = m["values"], given != .null {
        let matrix = try fields.matrix(given, path + ".values")
        guard matrix.rows == e.nNeurons, matrix.cols > 0 else {
          throw fields.fail(
            path + ".values",
            "shape \(matrix.shapeDescription) must be (\(e.nNeurons), size_out): one row per neuron of \(e.label)")
        }
        values = matrix
      }
      return .noSolver(values: values, weights: try weights(m))
    default:
      throw fields.fail(path + ".type", "unknown solver \"\(type)\"; expected \(known.joined(separator: ", "))")
    }
  }

  private func probe(_ v: JSONValue, _ path: String, into net: inout Network) throws {
    let m = try fields.object(
      v, path, allowed: ["label", "target", "attribute", "synapse", "mode", "slice", "sample_every"], kind: "a probe")
    let target = try endpoint(fields.required(m, "target", path), path + ".target", in: net)
    var attribute = Probe.Attribute.output
    if let a = m["attribute"] {
      let text = try fields.string(a, path + ".attribute")
      guard let parsed = Probe.Attribute(rawValue: text) else {
        throw fields.fail(
          path + ".attribute",
          "unknown attribute \"\(text)\"; expected output, voltage, input, refractory_time, rate_out, adaptation, "
            + "recovery, or on a learning rule weights, scaled_encoders, activities or inv_gamma")
      }
      if Self.learningRuleAttributes.contains(parsed) { try requireVersion2(path + ".attribute") }
      attribute = parsed
    }
    var mode = Probe.Mode.everyStep
    if let v = m["mode"] {
      let text = try fields.string(v, path + ".mode")
      guard let parsed = [Probe.Mode.everyStep, .sum].first(where: { NetworkFileNames.mode($0) == text }) else {
        throw fields.fail(path + ".mode", "unknown mode \"\(text)\"; expected every_step or sum")
      }
      mode = parsed
    }
    let s = try m["synapse"].map { try synapse($0, path + ".synapse") } ?? nil
    let label = try m["label"].map { try fields.string($0, path + ".label") } ?? ""
    let slice = try m["slice"].map { try indices($0, path + ".slice") }
    let every = try m["sample_every"].map { value in
      try requireVersion2(path + ".sample_every")
      return try fields.double(value, path + ".sample_every")
    }
    try model(path) { () throws(ModelError) in
      _ = try net.probe(
        target, attribute: attribute, synapse: s, mode: mode, label: label, slice: slice, sampleEvery: every)
    }
  }

  /// A slice: an array of element indices (checked against the object when it is added).
  private func indices(_ v: JSONValue, _ path: String) throws -> [Int] {
    guard case .array(let items) = v else {
      throw fields.fail(path, "expected an array of indices, got \(v.kindDescription)")
    }
    return try items.enumerated().map { try fields.int($1, "\(path)[\($0)]", in: 0...Int(Int32.max)) }
  }

  // MARK: - Values

  /// `{"node": "input"}`, `{"ensemble": 0}`, `{"neurons": "hidden"}`: by label (which
  /// must name exactly one object of that kind) or by index.
  private func endpoint(_ v: JSONValue, _ path: String, in net: Network) throws -> Endpoint {
    guard case .object(let members) = v, members.count == 1, let member = members.first,
      ["node", "ensemble", "neurons", "learning_rule"].contains(member.key)
    else {
      throw fields.fail(
        path,
        "expected {\"node\": ...}, {\"ensemble\": ...}, {\"neurons\": ...} or {\"learning_rule\": ...} naming one "
          + "object by label or index")
    }
    if member.key == "learning_rule" { return try learningRuleEndpoint(member.value, path, in: net) }
    let isNode = member.key == "node"
    let kind = isNode ? "node" : "ensemble"
    let labels = isNode ? net.nodes.map(\.label) : net.ensembles.map(\.label)
    let index = try reference(member.value, path, key: member.key, kind: kind, labels: labels)
    switch member.key {
    case "node": return .node(nodeIDs[index])
    case "ensemble": return .ensemble(ensembleIDs[index])
    default: return .neurons(ensembleIDs[index])
    }
  }

  /// The index of the object a label or an index (member `key` of the endpoint at `path`)
  /// names among `labels`, the objects of one kind read so far; a label must name exactly one.
  func reference(_ v: JSONValue, _ path: String, key: String, kind: String, labels: [String]) throws -> Int {
    let index: Int
    switch v {
    case .string(let label):
      let matches = labels.indices.filter { labels[$0] == label }
      guard let first = matches.first else {
        let known = labels.isEmpty ? "there are none" : "known: " + labels.prefix(10).joined(separator: ", ")
        throw fields.fail(path, "no \(kind) labelled \"\(label)\" (\(known))")
      }
      guard matches.count == 1 else {
        throw fields.fail(path, "\(matches.count) \(kind)s are labelled \"\(label)\"; refer to one by index")
      }
      index = first
    case .number:
      index = try fields.int(v, path + "." + key, in: 0...Int.max)
      guard index < labels.count else {
        throw fields.fail(path, "\(kind) index \(index) is out of range: the file has \(labels.count) \(kind)s")
      }
    default:
      throw fields.fail(path + "." + key, "expected a label or an index, got \(v.kindDescription)")
    }
    return index
  }

  /// The types whose parameters are all numbers, read by name.
  private static let numericTypes: [any NumericNeuronModel.Type] = [
    Sigmoid.self, Tanh.self, AdaptiveLIF.self, AdaptiveLIFRate.self, Izhikevich.self,
  ]

  private static let neuronTypes =
    [
      "LIF", "LIFRate", "RectifiedLinear", "SpikingRectifiedLinear", "PoissonSpiking", "RegularSpiking",
      "StochasticSpiking",
    ]
    + numericTypes.map { $0.nengoName } + ["Direct"]

  private func neuronType(_ v: JSONValue, _ path: String) throws -> NeuronType {
    guard case .object(let members) = v, let typeValue = members.first(where: { $0.key == "type" })?.value else {
      throw fields.fail(
        path, "expected a neuron type object with a \"type\" (\(Self.neuronTypes.joined(separator: ", ")))")
    }
    let type = try fields.string(typeValue, path + ".type")
    func amplitude(_ m: [String: JSONValue]) throws -> Double {
      try m["amplitude"].map { try fields.double($0, path + ".amplitude") } ?? 1
    }
    switch type {
    case "LIF", "LIFRate":
      let m = try fields.object(
        v, path, allowed: ["type", "tau_rc", "tau_ref", "min_voltage", "amplitude", "reset"],
        kind: "a \(type) neuron type")
      let reset = try m["reset"].map { value in
        let text = try fields.string(value, path + ".reset")
        guard let r = LIFReset(rawValue: text) else {
          throw fields.fail(path + ".reset", "expected \"zero\" or \"subtract\", got \"\(text)\"")
        }
        return r
      }
      let d = LIFParameters()
      let p = LIFParameters(
        tauRC: try m["tau_rc"].map { try fields.double($0, path + ".tau_rc") } ?? d.tauRC,
        tauRef: try m["tau_ref"].map { try fields.double($0, path + ".tau_ref") } ?? d.tauRef,
        minVoltage: try m["min_voltage"].map { try fields.double($0, path + ".min_voltage") } ?? d.minVoltage,
        amplitude: try amplitude(m), reset: reset ?? d.reset)
      return type == "LIF" ? .lif(p) : .lifRate(p)
    case "RectifiedLinear", "SpikingRectifiedLinear":
      let m = try fields.object(v, path, allowed: ["type", "amplitude"], kind: "a \(type) neuron type")
      let a = try amplitude(m)
      return type == "RectifiedLinear" ? .rectifiedLinear(amplitude: a) : .spikingRectifiedLinear(amplitude: a)
    case "PoissonSpiking", "RegularSpiking", "StochasticSpiking":
      let m = try fields.object(v, path, allowed: ["type", "base", "amplitude"], kind: "a \(type) neuron type")
      let base = try neuronType(fields.required(m, "base", path), path + ".base")
      let a = try amplitude(m)
      switch type {
      case "PoissonSpiking": return .poissonSpiking(base: base, amplitude: a)
      case "RegularSpiking": return .regularSpiking(base: base, amplitude: a)
      default: return .stochasticSpiking(base: base, amplitude: a)
      }
    case "Direct":
      try requireVersion2(path + ".type")
      _ = try fields.object(v, path, allowed: ["type"], kind: "the Direct neuron type")
      return .direct
    default:
      guard let model = Self.numericTypes.first(where: { $0.nengoName == type }) else {
        throw fields.fail(
          path + ".type", "unknown neuron type \"\(type)\"; known: \(Self.neuronTypes.joined(separator: ", "))")
      }
      let m = try fields.object(v, path, allowed: ["type"] + model.parameterNames, kind: "a \(type) neuron type")
      var values: [String: Double] = [:]
      for name in model.parameterNames {
        if let value = m[name] { values[name] = try fields.double(value, path + "." + name) }
      }
      do {
        return NeuronType(try model.init(parameters: values, object: path))
      } catch {
        throw fields.fail(path + "." + error.attribute, error.problem)
      }
    }
  }

  /// `null` (no synapse), `{"type": "Lowpass", "tau": 0.005}` or `{"type": "Alpha", ...}`.
  func synapse(_ v: JSONValue, _ path: String) throws -> Synapse? {
    if v == .null { return nil }
    let m = try fields.object(v, path, allowed: ["type", "tau"], kind: "a synapse")
    let type = try fields.string(fields.required(m, "type", path), path + ".type")
    let tau = try fields.double(fields.required(m, "tau", path), path + ".tau")
    switch type {
    case "Lowpass": return .lowpass(tau)
    case "Alpha": return .alpha(tau)
    default: throw fields.fail(path + ".type", "unknown synapse \"\(type)\"; expected Lowpass, Alpha, or null for none")
    }
  }

  /// A distribution; with `count` (an ensemble's neuron count) its shape is checked here.
  private func distribution(_ v: JSONValue, _ path: String, count: Int?) throws -> Distribution {
    guard case .object(let members) = v, let typeValue = members.first(where: { $0.key == "type" })?.value else {
      throw fields.fail(path, "expected a distribution object with a \"type\" (Choice, Uniform or Values)")
    }
    let type = try fields.string(typeValue, path + ".type")
    switch type {
    case "Choice":
      let m = try fields.object(v, path, allowed: ["type", "options"], kind: "a Choice distribution")
      let options = try fields.doubles(fields.required(m, "options", path), path + ".options")
      guard !options.isEmpty else { throw fields.fail(path + ".options", "a Choice needs at least one option") }
      return .choice(options)
    case "Uniform":
      let m = try fields.object(v, path, allowed: ["type", "low", "high"], kind: "a Uniform distribution")
      let low = try fields.double(fields.required(m, "low", path), path + ".low")
      let high = try fields.double(fields.required(m, "high", path), path + ".high")
      guard low <= high else { throw fields.fail(path, "low \(low) is above high \(high)") }
      return .uniform(low: low, high: high)
    case "Values":
      let m = try fields.object(v, path, allowed: ["type", "values"], kind: "a Values distribution")
      let values = try fields.doubles(fields.required(m, "values", path), path + ".values")
      if let count, values.count != count {
        throw fields.fail(path + ".values", "has \(values.count) values for \(count) neurons")
      }
      return .values(values)
    default:
      throw fields.fail(path + ".type", "unknown distribution \"\(type)\"; expected Choice, Uniform or Values")
    }
  }

  /// `{"type": "scalar", "value": 1}`, `{"type": "vector", "values": [...]}` or
  /// `{"type": "matrix", "values": [[...], ...]}` (shape `(size_out, size_in)`).
  private func transform(_ v: JSONValue, _ path: String) throws -> Transform {
    let m = try fields.object(v, path, allowed: ["type", "value", "values"], kind: "a transform")
    let type = try fields.string(fields.required(m, "type", path), path + ".type")
    switch type {
    case "scalar":
      if m["values"] != nil { throw fields.fail(path + ".values", "a scalar transform has \"value\", not \"values\"") }
      return .scalar(try fields.double(fields.required(m, "value", path), path + ".value"))
    case "vector", "matrix":
      if m["value"] != nil { throw fields.fail(path + ".value", "a \(type) transform has \"values\", not \"value\"") }
      let values = try fields.required(m, "values", path)
      return type == "vector"
        ? .vector(try fields.doubles(values, path + ".values")) : .matrix(try fields.matrix(values, path + ".values"))
    default:
      throw fields.fail(path + ".type", "unknown transform type \"\(type)\"; expected scalar, vector or matrix")
    }
  }
}
