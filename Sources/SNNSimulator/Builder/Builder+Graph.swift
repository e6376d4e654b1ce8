import SNNCore
import SNNKernels
import SNNModel

extension Builder {
  /// The signal graph of a network as the builder lowers it: the network's nodes, then a
  /// passthrough node per Direct ensemble and a function node per function of a
  /// connection from one (Nengo's `SimPyFunc` on the connection); every other ensemble
  /// is a population. Connections are added in network order; those the lowering adds
  /// (a Direct ensemble's value into a function node) come after them.
  struct Graph {
    /// A node or a population, for ordering.
    enum Unit: Hashable {
      case node(Int)
      case population(Int)
    }

    /// Where a connection reads from, as the kernels see it.
    struct Source {
      let signal: SignalSource
      let size: Int
      let spiking: Bool
    }

    /// What a connection adds into, with what the weights fold in.
    enum Target {
      /// A population's neurons (gains fold into the weights).
      case neurons(Int, BuiltEnsemble)
      /// A population's vector space (gains, encoders and radius fold in).
      case ensemble(Int, BuiltEnsemble)
      /// A node's input, a Direct ensemble's value, or a learning rule's error: the
      /// transform alone.
      case signal(ConnectionTarget, size: Int)

      /// The kernel plan's target.
      var connectionTarget: ConnectionTarget {
        switch self {
        case .neurons(let p, _), .ensemble(let p, _): return .population(p)
        case .signal(let t, _): return t
        }
      }

      /// The width of what the connection adds into (for `.ensemble`: the neuron count).
      var size: Int {
        switch self {
        case .neurons(_, let e), .ensemble(_, let e): return e.gain.count
        case .signal(_, let size): return size
        }
      }
    }

    let network: Network
    let precision: Precision
    private(set) var nodes: [NodeSpec]
    /// Where each ensemble lives (network order).
    let signals: [EnsembleSignal]
    private var userConnections: [ConnectionSpec] = []
    private var lowered: [ConnectionSpec] = []

    /// Every connection: the network's, then the lowering's.
    var connections: [ConnectionSpec] { userConnections + lowered }

    /// The network's nodes as kernel nodes (constants rounded, processes checked for
    /// `dt`), and a passthrough node per Direct ensemble.
    init(_ network: Network, dt: Double, precision: Precision) throws {
      self.network = network
      self.precision = precision
      var nodes = try network.nodes.map { node throws -> NodeSpec in
        let output: NodeSpec.Output
        switch node.source {
        case .constant(let v):
          output = .constant(try rounded(v, precision, object: node.label, attribute: "output"))
        case .input: output = .input
        case .time(let f): output = .time(f.body)
        case .function(let f): output = .function(f.body)
        case .passthrough: output = .passthrough
        case .process(let p):
          _ = try p.signal(dt: dt, seed: 0, object: node.label)
          output = .process(p)
        }
        return NodeSpec(label: node.label, size: node.size, sizeIn: node.sizeIn, output: output)
      }
      var populations = 0
      signals = network.ensembles.map { e in
        guard e.neuronType?.model is Direct else {
          populations += 1
          return .population(populations - 1)
        }
        nodes.append(NodeSpec(label: e.label, size: e.dimensions, sizeIn: e.dimensions, output: .passthrough))
        return .node(nodes.count - 1)
      }
      self.nodes = nodes
    }

    /// The population of a (validated: not Direct) ensemble.
    func population(_ id: EnsembleID) -> Int {
      guard case .population(let p) = signals[id.index] else {
        preconditionFailure("validated: a Direct ensemble has no neurons")
      }
      return p
    }

    /// What a connection into `endpoint` adds into.
    func target(of endpoint: Endpoint, ensembles: [BuiltEnsemble]) -> Target {
      switch endpoint {
      case .node(let id): return .signal(.node(id.index), size: network.nodes[id.index].sizeIn)
      case .neurons(let id): return .neurons(population(id), ensembles[id.index])
      case .ensemble(let id):
        switch signals[id.index] {
        case .population(let p): return .ensemble(p, ensembles[id.index])
        case .node(let k): return .signal(.node(k), size: nodes[k].sizeIn)
        }
      case .learningRule(let k): return .signal(.learningRule(k), size: network.size(of: endpoint))
      }
    }

    /// Where a connection not decoded from neurons reads: a node, an ensemble's neurons,
    /// or a Direct ensemble's value. A function on a connection from a Direct ensemble
    /// becomes a function node fed by the (sliced) value; the connection then reads it,
    /// and `c`'s pre slice is cleared as consumed.
    mutating func source(of c: inout Connection, ensembles: [BuiltEnsemble]) throws -> Source {
      switch c.pre {
      case .learningRule: preconditionFailure("validated: a learning rule has no output")
      case .node(let id):
        return Source(signal: .node(id.index), size: nodes[id.index].size, spiking: false)
      case .neurons(let id):
        let p = population(id)
        return Source(
          signal: .population(p), size: network.ensembles[id.index].nNeurons,
          spiking: ensembles[id.index].neuronType.isSpiking)
      case .ensemble(let id):
        guard case .node(let direct) = signals[id.index] else {
          preconditionFailure("decoded connections from neurons are built by buildDecodedConnection")
        }
        guard case .closure(let f) = c.function else {
          return Source(signal: .node(direct), size: nodes[direct].size, spiking: false)
        }
        let dims = nodes[direct].size
        let slice = c.preSlice ?? Array(0..<dims)
        let sizeMid = f(Array(repeating: 0, count: slice.count)).count
        try checkTransform(c, sizeMid: sizeMid)
        nodes.append(
          NodeSpec(label: c.label, size: sizeMid, sizeIn: slice.count, output: .function { _, x in f(x) }))
        let function = nodes.count - 1
        // The sliced value into the function node: one exact 1 per selected element.
        var rows = [Double](repeating: 0, count: dims * slice.count)
        for (q, i) in slice.enumerated() { rows[i * slice.count + q] += 1 }
        lowered.append(
          ConnectionSpec(
            pre: .node(direct), post: .node(function), preSize: dims, postSize: slice.count,
            weights: c.preSlice == nil ? .elementwise(Array(repeating: 1, count: dims)) : .rows(rows), path: .dense,
            filter: nil))
        c.preSlice = nil
        return Source(signal: .node(function), size: sizeMid, spiking: false)
      }
    }

    /// Checks a Direct connection's transform against its function's output size.
    private func checkTransform(_ c: Connection, sizeMid: Int) throws {
      let sizeOut = c.postSlice?.count ?? network.inputSize(of: c.post)
      let ok: Bool
      switch c.transform {
      case .scalar: ok = sizeMid == sizeOut
      case .vector(let v): ok = v.count == sizeMid && sizeMid == sizeOut
      case .matrix(let m): ok = m.rows == sizeOut && m.cols == sizeMid
      }
      guard ok else {
        throw BuildError(
          object: c.label,
          "the function gives \(sizeMid) values; the transform does not map them to the \(sizeOut) of \(network.name(of: c.post))"
        )
      }
    }

    /// Adds a network connection (in network order).
    mutating func add(_ spec: ConnectionSpec) { userConnections.append(spec) }

    /// The connections into `target`, in the order their contributions are added.
    func incoming(_ target: ConnectionTarget) -> [Int] {
      connections.indices.filter { connections[$0].post == target }
    }

    /// Nodes and populations ordered so that every connection without a synapse comes
    /// after its source (within one step a signal crosses the whole chain).
    /// - Throws: ``BuildError`` naming the objects of a loop of connections without a
    ///   synapse (Nengo refuses them: nothing orders them within a step).
    func evaluationOrder(_ plan: KernelPlan) throws -> [Unit] {
      var dependsOn: [Unit: Set<Unit>] = [:]
      for c in plan.connections where c.filter == nil {
        let pre: Unit
        switch c.pre {
        case .node(let k): pre = .node(k)
        case .population(let p): pre = .population(p)
        }
        switch c.post {
        case .node(let k): dependsOn[.node(k), default: []].insert(pre)
        case .population(let p), .ensembleInput(let p): dependsOn[.population(p), default: []].insert(pre)
        case .learningRule: break
        }
      }
      func name(_ u: Unit) -> String {
        switch u {
        case .node(let k): return plan.nodes[k].label
        case .population(let p):
          let e = signals.firstIndex(of: .population(p)) ?? 0
          return network.ensembles[e].label
        }
      }
      func key(_ u: Unit) -> (Int, Int) {
        switch u {
        case .node(let k): return (0, k)
        case .population(let p): return (1, p)
        }
      }
      var order: [Unit] = []
      var state: [Unit: Int] = [:]  // absent new, 1 visiting, 2 done
      func visit(_ u: Unit, _ path: [Unit]) throws {
        if state[u] == 2 { return }
        if state[u] == 1 {
          let loop = path[(path.firstIndex(of: u) ?? 0)...] + [u]
          throw BuildError(
            object: name(u),
            "a loop of connections without a synapse (\(loop.map(name).joined(separator: " -> "))) has no order within a step; give one a synapse"
          )
        }
        state[u] = 1
        for d in (dependsOn[u] ?? []).sorted(by: { key($0) < key($1) }) { try visit(d, path + [u]) }
        state[u] = 2
        order.append(u)
      }
      for k in plan.nodes.indices { try visit(.node(k), []) }
      for p in plan.populations.indices { try visit(.population(p), []) }
      return order
    }
  }
}
