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
      ensembles.append(try buildEnsemble(e, seed: Network.ensembleSeed(seed, index: index), precision: precision))
    }
    var graph = try Graph(network, dt: dt, precision: precision)
    var paths: [ConnectionPath] = []
    let learnedEncoders = try ensemblesWithLearnedEncoders(network)
    var encodings: [Int: EnsembleEncoding] = [:]
    func encoding(_ i: Int) throws -> EnsembleEncoding {
      if let e = encodings[i] { return e }
      let e = try Builder.encoding(network.ensembles[i], ensembles[i], seed: Network.ensembleSeed(seed, index: i))
      encodings[i] = e
      return e
    }
    for (k, c) in network.connections.enumerated() {
      let target = graph.target(of: c.post, ensembles: ensembles)
      var (spec, why): (ConnectionSpec, String)
      // `c` as the graph lowers it (a function on a connection from a Direct ensemble
      // consumes its pre slice).
      var lowered = c
      if case .ensemble(let pre) = c.pre, case .population = graph.signals[pre.index] {
        let encodedPre = EncodedPre(
          index: graph.population(pre), encoding: try encoding(pre.index),
          spiking: ensembles[pre.index].neuronType.isSpiking)
        if c.solver.weights, case .ensemble(let post) = c.post, case .ensemble(let postPopulation, _) = target {
          (spec, why) = try buildFullWeightsConnection(
            c, pre: encodedPre, post: try encoding(post.index), postIndex: postPopulation, dt: dt, path: path,
            precision: precision, seed: deriveSeed(seed, UInt64(k) &+ 3000))
        } else {
          try refuseFoldedLearning(c, into: target, learnedEncoders: learnedEncoders)
          (spec, why) = try buildDecodedConnection(
            c, pre: encodedPre, into: target, dt: dt, path: path, precision: precision,
            seed: deriveSeed(seed, UInt64(k) &+ 3000))
        }
      } else {
        let source = try graph.source(of: &lowered, ensembles: ensembles)
        (spec, why) = try buildConnection(
          lowered, from: source, into: target, dt: dt, path: path, precision: precision)
      }
      spec.learning = try learningSpec(
        c, index: k, spec: spec, in: network, ensembles: ensembles, population: graph.population, dt: dt,
        precision: precision)
      if case .ensemble(let post) = c.post, learnedEncoders.contains(post.index) {
        spec = try ensembleInputConnection(
          lowered, spec, post: post, postPopulation: graph.population(post), in: network, precision: precision)
      }
      graph.add(spec)
      paths.append(ConnectionPath(label: c.label, path: spec.path == .event ? .event : .dense, reason: why))
    }
    let populations = try network.ensembles.indices.compactMap { i throws -> PopulationSpec? in
      guard case .population(let p) = graph.signals[i] else { return nil }
      let e = network.ensembles[i]
      let built = ensembles[i]
      return PopulationSpec(
        n: e.nNeurons, neuron: try kernel(for: built.neuronType, dt: dt, object: e.label), bias: built.bias,
        initialVoltage: try initialVoltage(e, seed: deriveSeed(seed, UInt64(i) &+ 5000)),
        initialRefractory: e.initialRefractory, incoming: graph.incoming(.population(p)))
    }
    let probes = try network.probes.enumerated().map { k, p throws -> ProbeSpec in
      let signal: ProbeSpec.Signal
      var decoders: [Double]?
      switch (p.target, p.attribute) {
      case (.ensemble(let id), .output):
        switch graph.signals[id.index] {
        case .node(let node): signal = .node(node)
        case .population(let population):
          signal = .decoded(population)
          decoders = try probeDecoders(
            p, pre: try encoding(id.index), precision: precision, seed: deriveSeed(seed, UInt64(k) &+ 4000))
        }
      case (.node(let id), _): signal = .node(id.index)
      case (.neurons(let id), .voltage), (.ensemble(let id), .voltage): signal = .voltage(graph.population(id))
      case (.neurons(let id), .output): signal = .output(graph.population(id))
      case (.neurons(let id), .input), (.ensemble(let id), .input): signal = .input(graph.population(id))
      case (.neurons(let id), .refractoryTime), (.ensemble(let id), .refractoryTime):
        signal = .refractory(graph.population(id))
      case (.neurons(let id), .rateOut), (.ensemble(let id), .rateOut): signal = .rateOut(graph.population(id))
      case (.neurons(let id), .adaptation), (.ensemble(let id), .adaptation), (.neurons(let id), .recovery),
        (.ensemble(let id), .recovery):
        signal = .auxiliary(graph.population(id))
      case (.learningRule(let c), .activities): signal = .activities(c)
      case (.learningRule(let c), .inverseGamma): signal = .inverseGamma(c)
      case (.learningRule(let c), _): signal = .weights(c)
      case (_, .weights), (_, .scaledEncoders), (_, .activities), (_, .inverseGamma):
        throw BuildError(object: p.label, "\(p.attribute.rawValue) are probed on a learning rule")
      }
      var size = network.size(of: p.target)
      if case .learningRule(let c) = p.target {
        let shape = network.weightShape(ofConnection: c)
        switch p.attribute {
        case .activities: size = shape.cols
        case .inverseGamma: size = shape.cols * shape.cols
        default: size = shape.rows * shape.cols
        }
      }
      return ProbeSpec(
        signal: signal, size: p.slice?.count ?? size,
        filter: p.synapse.map { FilterDesign.discretize($0, dt: dt) }, sumOnly: p.mode == .sum, indices: p.slice,
        decoders: decoders, period: p.sampleEvery.map { $0 / dt })
    }
    var kernelPlan = KernelPlan(
      dt: dt, nodes: graph.nodes, populations: populations, connections: graph.connections, probes: probes, steps: [])
    kernelPlan.steps = try steps(kernelPlan, order: try graph.evaluationOrder(kernelPlan), network: network)
    return Plan(
      network: network, dt: dt, seed: seed, kernel: kernelPlan, ensembles: ensembles, paths: paths,
      signals: graph.signals)
  }

  // MARK: - Ensembles

  /// The ensemble's gains, biases and unit encoders; in float32 the encoders are rounded to
  /// `Float` (given ones before they are normalized, in float arithmetic).
  static func buildEnsemble(_ e: Ensemble, seed: UInt64, precision: Precision = .float64) throws -> BuiltEnsemble {
    let type = e.neuronType ?? .lif
    let radius = e.radius ?? 1
    if type.model is Direct {
      // Nengo's: identity encoders, no gains or biases (the value passes as it is).
      let d = e.dimensions
      return BuiltEnsemble(
        label: e.label, neuronType: type, gain: [], bias: [],
        encoders: DoubleMatrix(unchecked: d, d, (0..<(d * d)).map { $0 % (d + 1) == 0 ? 1 : 0 }), radius: radius,
        maxRates: nil, intercepts: nil)
    }
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
    let (gain, bias) = try type.model.gainBias(maxRates: maxRates, intercepts: intercepts, object: e.label)
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

  /// Folds gain (and encoders / radius) into the transform: `target += M x[pre]`.
  static func buildConnection(
    _ c: Connection, from source: Graph.Source, into target: Graph.Target, dt: Double, path: SynapticPathChoice,
    precision: Precision
  ) throws -> (ConnectionSpec, String) {
    let preSize = source.size
    let transform = unsliced(
      c, try rounded(c, precision), preSize: preSize, postSize: target.size, precision: precision)
    if case .ensemble(_, let e) = target, c.learningRule?.modifiesDecoders ?? false {
      return try buildLearningIntoEnsemble(
        c, from: source, into: target, post: e, transform: transform, dt: dt, path: path, precision: precision)
    }
    let weights: Weights
    switch target {
    case .neurons(_, let e):
      let gain = e.gain
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
    case .ensemble(_, let e):
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
    case .signal(_, let size):
      // A node's input, a Direct ensemble's value or a learning rule's error: the
      // transform itself.
      switch transform {
      case .scalar(let s): weights = .elementwise([Double](repeating: s, count: size))
      case .vector(let v): weights = .elementwise(v)
      case .matrix(let t):
        var w = [Double](repeating: 0, count: t.rows * t.cols)
        for j in 0..<t.rows {
          for i in 0..<t.cols { w[i * t.rows + j] = t[j, i] }
        }
        weights = .rows(w)
      }
    }
    let chosen: SynapticPath
    let why: String
    switch (path, source.spiking) {
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
      pre: source.signal, post: target.connectionTarget, preSize: preSize, postSize: target.size, weights: weights,
      path: chosen, filter: c.synapse.map { FilterDesign.discretize($0, dt: dt) })
    return (spec, why)
  }

  /// The plan's operators, listed in a valid order and then scheduled by what each reads
  /// and writes (``StepSpec/schedule(_:in:)``): per node and population (in `order`) the
  /// reset of its input, its incoming connections in network order, its output (node) or
  /// neurons; every synapse; every probe.
  static func steps(_ plan: KernelPlan, order: [Graph.Unit], network: Network) throws -> [StepSpec] {
    var steps: [StepSpec] = []
    func incoming(_ target: ConnectionTarget) {
      for (k, c) in plan.connections.enumerated() where c.post == target {
        steps.append(c.filter == nil ? .dotInc(connection: k, into: .post) : .addSynapseOutput(connection: k))
      }
    }
    for unit in order {
      switch unit {
      case .node(let k):
        if plan.nodes[k].sizeIn > 0 {
          steps.append(.resetNodeInput(node: k))
          incoming(.node(k))
        }
        steps.append(.nodeOutput(node: k))
      case .population(let p):
        steps.append(.resetCurrent(population: p))
        incoming(.population(p))
        steps.append(.neurons(population: p))
      }
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
}
