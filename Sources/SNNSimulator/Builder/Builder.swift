import Foundation
import SNNCore
import SNNKernels
import SNNModel

/// Compiles a ``/SNNModel/Network`` into a ``Plan``: gains and biases computed as Nengo computes them,
/// weights folded with gains and encoders into the layout the kernels want, synapses
/// discretized, and populations ordered so that a signal without a synapse crosses a
/// chain of populations within one step.
public enum Builder {
  /// Builds `network` for time step `dt` (seconds).
  /// - Parameters:
  ///   - network: the description to compile.
  ///   - dt: the time step, in seconds, in (0, 1).
  ///   - path: force the event-driven or dense path for every connection from spikes.
  ///   - precision: the simulation's precision (weights are rounded as it computes them).
  /// - Throws: ``BuildError`` (invalid dt, a loop without a synapse) or
  ///   ``/SNNModel/ModelError`` (parameters that cannot give the requested rates).
  public static func build(
    _ network: Network, dt: Double, path: SynapticPathChoice = .auto, precision: Precision = .float32
  ) throws -> Plan {
    guard dt > 0, dt.isFinite, dt < 1 else {
      throw BuildError(object: network.label, "dt must be in (0, 1) seconds, got \(dt)")
    }
    let seed = network.seed ?? UInt64.random(in: 0...UInt64.max)
    var ensembles: [BuiltEnsemble] = []
    for (index, e) in network.ensembles.enumerated() {
      ensembles.append(try buildEnsemble(e, seed: deriveSeed(seed, UInt64(index) &+ 1000), precision: precision))
    }
    var connections: [ConnectionSpec] = []
    var paths: [ConnectionPath] = []
    var incoming = [[Int]](repeating: [], count: ensembles.count)
    var encodings: [Int: EnsembleEncoding] = [:]
    func encoding(_ i: Int) throws -> EnsembleEncoding {
      if let e = encodings[i] { return e }
      let e = try Builder.encoding(network.ensembles[i], ensembles[i], seed: deriveSeed(seed, UInt64(i) &+ 1000))
      encodings[i] = e
      return e
    }
    for (k, c) in network.connections.enumerated() {
      var (spec, why): (ConnectionSpec, String)
      if case .learningRule(let rule) = c.post {
        (spec, why) = try buildErrorConnection(
          c, rule: rule, in: network, ensembles: ensembles, encoding: encoding, dt: dt, path: path,
          precision: precision, seed: deriveSeed(seed, UInt64(k) &+ 3000))
      } else if case .ensemble(let pre) = c.pre {
        let post: EnsembleID
        switch c.post {
        case .ensemble(let id), .neurons(let id): post = id
        case .node:
          throw BuildError(
            object: c.label, "a decoded connection into the node \(network.name(of: c.post)) is not supported yet")
        case .learningRule: preconditionFailure("an error connection is built by buildErrorConnection")
        }
        var intoNeurons = false
        if case .neurons = c.post { intoNeurons = true }
        (spec, why) = try buildDecodedConnection(
          c,
          pre: EncodedPre(
            index: pre.index, encoding: try encoding(pre.index), spiking: ensembles[pre.index].neuronType.isSpiking),
          post: ensembles[post.index], postIndex: post.index, postNeurons: network.ensembles[post.index].nNeurons,
          intoNeurons: intoNeurons, dt: dt, path: path, precision: precision, seed: deriveSeed(seed, UInt64(k) &+ 3000))
      } else {
        (spec, why) = try buildConnection(
          c, in: network, ensembles: ensembles, dt: dt, path: path, precision: precision)
      }
      spec.learning = try learningSpec(
        c, index: k, spec: spec, in: network, ensembles: ensembles, dt: dt, precision: precision)
      connections.append(spec)
      paths.append(ConnectionPath(label: c.label, path: spec.path == .event ? .event : .dense, reason: why))
      switch spec.post {
      case .population(let p): incoming[p].append(k)
      case .node, .learningRule: break
      }
    }
    let populations = try network.ensembles.indices.map { i throws in
      let e = network.ensembles[i]
      let built = ensembles[i]
      return PopulationSpec(
        n: e.nNeurons, neuron: try kernel(for: built.neuronType, dt: dt, object: e.label), bias: built.bias,
        initialVoltage: try initialVoltage(e, seed: deriveSeed(seed, UInt64(i) &+ 5000)),
        initialRefractory: e.initialRefractory, incoming: incoming[i])
    }
    let order = try evaluationOrder(network, connections: connections)
    let probes = try network.probes.enumerated().map { k, p throws -> ProbeSpec in
      let signal: ProbeSpec.Signal
      var decoders: [Double]?
      switch (p.target, p.attribute) {
      case (.ensemble(let id), .output):
        signal = .decoded(id.index)
        decoders = try probeDecoders(
          p, pre: try encoding(id.index), precision: precision, seed: deriveSeed(seed, UInt64(k) &+ 4000))
      case (.node(let id), _): signal = .node(id.index)
      case (.neurons(let id), .voltage), (.ensemble(let id), .voltage): signal = .voltage(id.index)
      case (.neurons(let id), .output): signal = .output(id.index)
      case (.neurons(let id), .input), (.ensemble(let id), .input): signal = .input(id.index)
      case (.neurons(let id), .refractoryTime), (.ensemble(let id), .refractoryTime): signal = .refractory(id.index)
      case (.neurons(let id), .rateOut), (.ensemble(let id), .rateOut): signal = .rateOut(id.index)
      case (.learningRule(let c), _): signal = .weights(c)
      case (_, .weights): throw BuildError(object: p.label, "weights are probed on a learning rule")
      }
      var size = network.size(of: p.target)
      if case .learningRule(let c) = p.target {
        let shape = network.weightShape(ofConnection: c)
        size = shape.rows * shape.cols
      }
      return ProbeSpec(
        signal: signal, size: p.slice?.count ?? size,
        filter: p.synapse.map { FilterDesign.discretize($0, dt: dt) }, sumOnly: p.mode == .sum, indices: p.slice,
        decoders: decoders)
    }
    let nodes = try network.nodes.map { node throws -> NodeSpec in
      if case .constant(let v) = node.source {
        return NodeSpec(size: node.size, constant: try rounded(v, precision, object: node.label, attribute: "output"))
      }
      if case .time(let f) = node.source { return NodeSpec(size: node.size, constant: nil, function: f.body) }
      return NodeSpec(size: node.size, constant: nil)
    }
    var kernelPlan = KernelPlan(
      dt: dt, nodes: nodes, populations: populations, connections: connections, probes: probes, steps: [])
    kernelPlan.steps = try steps(kernelPlan, order: order, network: network)
    return Plan(network: network, dt: dt, seed: seed, kernel: kernelPlan, ensembles: ensembles, paths: paths)
  }

  // MARK: - Ensembles

  /// The ensemble's gains, biases and unit encoders; in float32 the encoders are rounded to
  /// `Float` (given ones before they are normalized, in float arithmetic).
  static func buildEnsemble(_ e: Ensemble, seed: UInt64, precision: Precision = .float64) throws -> BuiltEnsemble {
    let type = e.neuronType ?? .lif
    let radius = e.radius ?? 1
    var encoders: DoubleMatrix
    if let given = e.encoders {
      if precision == .float32 {
        guard given.values.allSatisfy({ Float($0).isFinite }) else {
          throw BuildError(object: e.label, "encoders have values beyond the float32 range")
        }
        encoders = DoubleMatrix(normalizedRows(given.rounded()))
      } else {
        encoders = normalizedRows(given)
      }
    } else {
      // Nengo's default, ScatteredHypersphere(surface=True), from the same stream
      // EnsembleEncoding.build draws it from.
      var rng = SplitMix64(seed: deriveSeed(seed, 1))
      encoders = try VectorDistribution.defaultEncoders.sample(
        e.nNeurons, dimensions: e.dimensions, using: &rng, object: e.label, attribute: "encoders")
      if precision == .float32 { encoders = DoubleMatrix(encoders.rounded()) }
    }
    if let gain = e.gain, let bias = e.bias {
      return BuiltEnsemble(
        label: e.label, neuronType: type, gain: gain, bias: bias, encoders: encoders, radius: radius, maxRates: nil,
        intercepts: nil)
    }
    var rateRNG = SplitMix64(seed: deriveSeed(seed, 2))
    var interceptRNG = SplitMix64(seed: deriveSeed(seed, 3))
    let maxRates = try (e.maxRates ?? .uniform(low: 200, high: 400)).sample(
      e.nNeurons, using: &rateRNG, object: e.label, attribute: "max_rates")
    let intercepts = try (e.intercepts ?? .uniform(low: -1, high: 0.9)).sample(
      e.nNeurons, using: &interceptRNG, object: e.label, attribute: "intercepts")
    var gain = [Double](repeating: 0, count: e.nNeurons)
    var bias = [Double](repeating: 0, count: e.nNeurons)
    for i in 0..<e.nNeurons {
      (gain[i], bias[i]) = try type.model.gainBias(maxRate: maxRates[i], intercept: intercepts[i], object: e.label)
    }
    return BuiltEnsemble(
      label: e.label, neuronType: type, gain: gain, bias: bias, encoders: encoders, radius: radius,
      maxRates: maxRates, intercepts: intercepts)
  }

  static func initialVoltage(_ e: Ensemble, seed: UInt64) throws -> InitialVoltage {
    switch e.initialVoltage {
    case nil: return .uniform(low: 0, high: 1)
    case .uniform(let low, let high)?: return .uniform(low: low, high: high)
    case let d?:
      var rng = SplitMix64(seed: seed)
      return .values(try d.sample(e.nNeurons, using: &rng, object: e.label, attribute: "initial_state"))
    }
  }

  static func normalizedRows(_ m: Matrix) -> Matrix {
    var out = m
    for r in 0..<m.rows {
      var norm: Float = 0
      for c in 0..<m.cols { norm += m[r, c] * m[r, c] }
      norm = norm.squareRoot()
      if norm > 0 { for c in 0..<m.cols { out[r, c] = m[r, c] / norm } }
    }
    return out
  }

  /// `m` with each row divided by its Euclidean norm (zero rows unchanged), in float64.
  static func normalizedRows(_ m: DoubleMatrix) -> DoubleMatrix {
    var out = m.values
    for r in 0..<m.rows {
      var norm = 0.0
      for c in 0..<m.cols { norm += m[r, c] * m[r, c] }
      norm = norm.squareRoot()
      if norm > 0 { for c in 0..<m.cols { out[r * m.cols + c] = m[r, c] / norm } }
    }
    return DoubleMatrix(unchecked: m.rows, m.cols, out)
  }

  /// The kernel of `type` (its kernel file's ``SteppableNeuronModel`` conformance).
  static func kernel(for type: NeuronType, dt: Double, object: String) throws -> any NeuronKernel {
    guard let model = type.model as? any SteppableNeuronModel, let kernel = model.kernel(dt: dt) else {
      throw BuildError(object: object, "the engine has no kernel for \(type.name) neurons")
    }
    return kernel
  }

  // MARK: - Connections

  /// The transform of `c` on its whole pre and post: a sliced connection's transform placed
  /// in a `(post size, pre size)` matrix (column `preSlice[p]`, row `postSlice[q]`; zeros
  /// elsewhere, repeated pre indices summed in the simulation's precision). Without slices,
  /// `transform` itself.
  static func unsliced(
    _ c: Connection, _ transform: Transform, preSize: Int, postSize: Int, precision: Precision
  ) -> Transform {
    guard c.preSlice != nil || c.postSlice != nil else { return transform }
    let pre = c.preSlice ?? Array(0..<preSize)
    let post = c.postSlice ?? Array(0..<postSize)
    var m = [Double](repeating: 0, count: postSize * preSize)
    for (q, row) in post.enumerated() {
      for (p, col) in pre.enumerated() {
        let t: Double
        switch transform {
        case .scalar(let s): t = p == q ? s : 0
        case .vector(let v): t = p == q ? v[p] : 0
        case .matrix(let matrix): t = matrix[q, p]
        }
        let k = row * preSize + col
        m[k] = precision == .float32 ? Double(Float(m[k]) + Float(t)) : m[k] + t
      }
    }
    return .matrix(DoubleMatrix(unchecked: postSize, preSize, m))
  }

  /// `values` as the simulation holds them: rounded to `Float` in float32 (an error when one
  /// leaves the float32 range), unchanged in float64.
  static func rounded(_ values: [Double], _ precision: Precision, object: String, attribute: String) throws
    -> [Double]
  {
    guard precision == .float32 else { return values }
    let out = values.map { Double(Float($0)) }
    guard out.allSatisfy(\.isFinite) else {
      throw BuildError(object: object, "\(attribute) has values beyond the float32 range")
    }
    return out
  }

  /// The transform of `c` with its values as the simulation's precision holds them.
  static func rounded(_ c: Connection, _ precision: Precision) throws -> Transform {
    switch c.transform {
    case .scalar(let s): return .scalar(try rounded([s], precision, object: c.label, attribute: "transform")[0])
    case .vector(let v): return .vector(try rounded(v, precision, object: c.label, attribute: "transform"))
    case .matrix(let m):
      let values = try rounded(m.values, precision, object: c.label, attribute: "transform")
      return .matrix(DoubleMatrix(unchecked: m.rows, m.cols, values))
    }
  }

  /// `gain * t` as the simulation's precision computes it (float32: the gain rounded, then
  /// a float product of it and `t`, a float32 value).
  static func product(_ gain: Double, _ t: Double, _ precision: Precision) -> Double {
    precision == .float32 ? Double(Float(gain) * Float(t)) : gain * t
  }

  /// Folds gain (and encoders / radius) into the transform: `J[post] += M x[pre]`.
  static func buildConnection(
    _ c: Connection, in net: Network, ensembles: [BuiltEnsemble], dt: Double, path: SynapticPathChoice,
    precision: Precision
  ) throws -> (ConnectionSpec, String) {
    let preSize = net.size(of: c.pre)
    let transform = unsliced(
      c, try rounded(c, precision), preSize: preSize, postSize: net.size(of: c.post), precision: precision)
    let postIndex: Int
    let weights: Weights
    switch c.post {
    case .neurons(let id):
      postIndex = id.index
      let gain = ensembles[id.index].gain
      switch transform {
      case .scalar(let s): weights = .elementwise(gain.map { product($0, s, precision) })
      case .vector(let v): weights = .elementwise(zip(gain, v).map { product($0, $1, precision) })
      case .matrix(let t):
        var w = [Double](repeating: 0, count: t.rows * t.cols)
        for j in 0..<t.rows {
          for i in 0..<t.cols { w[i * t.rows + j] = product(gain[j], t[j, i], precision) }
        }
        weights = .rows(w)
      }
    case .ensemble(let id):
      postIndex = id.index
      let e = ensembles[id.index]
      let n = e.encoders.rows
      let d = e.encoders.cols
      // scaled_encoders[j][q] = encoders[j][q] * gain[j] / radius; M = scaled_encoders T.
      var w = [Double](repeating: 0, count: preSize * n)
      for j in 0..<n {
        let g = e.gain[j] / e.radius
        for i in 0..<preSize {
          var acc = 0.0
          for q in 0..<d {
            let t: Double
            switch transform {
            case .scalar(let s): t = q == i ? s : 0
            case .vector(let v): t = q == i ? v[i] : 0
            case .matrix(let m): t = m[q, i]
            }
            acc += e.encoders[j, q] * t
          }
          w[i * n + j] = precision == .float32 ? Double(Float(acc * g)) : acc * g
        }
      }
      weights = .rows(w)
    case .node, .learningRule:
      preconditionFailure("validated: nodes cannot be connected into; learning rules are built apart")
    }
    let postSize = net.ensembles[postIndex].nNeurons
    let source: SignalSource
    var spikingSource = false
    switch c.pre {
    case .node(let id): source = .node(id.index)
    case .neurons(let id), .ensemble(let id):
      source = .population(id.index)
      spikingSource = ensembles[id.index].neuronType.isSpiking
    case .learningRule: preconditionFailure("validated: a learning rule has no output")
    }
    let chosen: SynapticPath
    let why: String
    switch (path, spikingSource) {
    case (.dense, _):
      chosen = .dense
      why = "dense forced"
    case (_, true):
      chosen = .event
      why = "the source spikes: only rows of active inputs are added"
    case (.event, false):
      chosen = .dense
      why = "event-driven requested but the source is not spiking"
    case (.auto, false):
      chosen = .dense
      why = "the source is a node or rate neurons: dense"
    }
    let spec = ConnectionSpec(
      pre: source, post: .population(postIndex), preSize: preSize, postSize: postSize, weights: weights, path: chosen,
      filter: c.synapse.map { FilterDesign.discretize($0, dt: dt) })
    return (spec, why)
  }

  /// The plan's operators, listed in a valid order and then scheduled by what each reads
  /// and writes (``StepSpec/schedule(_:in:)``): node inputs; per population (in `order`)
  /// its bias, its incoming connections in network order, its neurons; every synapse;
  /// every probe.
  static func steps(_ plan: KernelPlan, order: [Int], network: Network) throws -> [StepSpec] {
    var steps: [StepSpec] = plan.nodes.indices.map { .copyNodeInput(node: $0) }
    for p in order {
      steps.append(.resetCurrent(population: p))
      for k in plan.populations[p].incoming {
        steps.append(
          plan.connections[k].filter == nil ? .dotInc(connection: k, into: .post) : .addSynapseOutput(connection: k))
      }
      steps.append(.neurons(population: p))
    }
    for (k, c) in plan.connections.enumerated() where c.filter != nil {
      steps += [
        .resetSynapseInput(connection: k), .dotInc(connection: k, into: .synapseInput), .synapse(connection: k),
      ]
    }
    steps += learningSteps(plan)
    steps += plan.probes.indices.map { .probe($0) }
    guard let scheduled = StepSpec.schedule(steps, in: plan) else {
      throw BuildError(
        object: network.label, "the operators' reads and writes form a loop; give a connection a synapse")
    }
    return scheduled
  }

  /// Orders populations so that every unfiltered connection's source comes first.
  static func evaluationOrder(_ net: Network, connections: [ConnectionSpec]) throws -> [Int] {
    let count = net.ensembles.count
    var dependsOn = [Set<Int>](repeating: [], count: count)
    for c in connections where c.filter == nil {
      if case .population(let p) = c.pre, case .population(let q) = c.post { dependsOn[q].insert(p) }
    }
    var order: [Int] = []
    var state = [Int](repeating: 0, count: count)  // 0 new, 1 visiting, 2 done
    func visit(_ p: Int, _ path: [Int]) throws {
      if state[p] == 2 { return }
      if state[p] == 1 {
        let names = (path + [p]).map { net.ensembles[$0].label }.joined(separator: " -> ")
        throw BuildError(
          object: net.ensembles[p].label,
          "a loop of connections without a synapse (\(names)) has no order within a step; give one a synapse")
      }
      state[p] = 1
      for q in dependsOn[p].sorted() { try visit(q, path + [p]) }
      state[p] = 2
      order.append(p)
    }
    for p in 0..<count { try visit(p, []) }
    return order
  }
}
