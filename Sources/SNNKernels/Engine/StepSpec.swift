/// One operator of a compiled plan (Nengo's `Operator`): what the executor runs, in order,
/// for a chunk of examples at every time step.
///
/// Each step declares the signals it sets, increments, reads and updates (Nengo's
/// `sets`, `incs`, `reads`, `updates`); ``schedule(_:)`` orders a list of steps by those
/// declarations, so a new kind of step (a learning rule, a node function) only has to say
/// what it touches. Within one time step a signal gets at most one set, then any number of
/// increments, then its reads, then at most one update.
package enum StepSpec: Sendable, Equatable {
  /// Sets a node's summed input to zero (Nengo's `Reset` of the node's input signal).
  case resetNodeInput(node: Int)
  /// Computes a node's output for this step: copies its row of per-step input, evaluates
  /// its function of time or of time and input (Nengo's `SimPyFunc`), steps its process
  /// (`SimProcess`) or passes its input on; does nothing for nodes held constant.
  case nodeOutput(node: Int)
  /// Sets a population's input current to its bias (Nengo's `Copy` of the bias into `J`).
  case resetCurrent(population: Int)
  /// `target += W x[pre]` for one connection (Nengo's `DotInc` / `ElementwiseInc`): the
  /// event-driven and dense paths are two implementations of this one step.
  case dotInc(connection: Int, into: IncTarget)
  /// `post += y` where `y` is the connection's synapse output from the previous step.
  case addSynapseOutput(connection: Int)
  /// Sets a connection's synapse input to zero (Nengo's `Reset`).
  case resetSynapseInput(connection: Int)
  /// Steps a connection's synapse on this step's input (Nengo's `SimProcess` of a
  /// `LinearFilter`): its output, read this step by the post population, is updated.
  case synapse(connection: Int)
  /// Steps a population's neurons on its current (Nengo's `SimNeurons`).
  case neurons(population: Int)
  /// Records one probe's signal (Nengo's probe step; a probe's own filter is its own).
  case probe(Int)
  /// Sets a connection's learning-rule error to zero (Nengo's `Reset` of the rule's `in`).
  case resetError(connection: Int)
  /// Steps a connection's learning rule (``LearningSpec``): filters its activities of this
  /// step, computes the change and adds it to the weights after every read of them.
  case learn(connection: Int)
  /// Steps a learning rule's pre-activity filter on this step's outputs (Nengo's synapse
  /// in "set" mode: this step's spikes included), before the rule and its probes read it.
  case filterActivities(connection: Int)
  /// Sets a population's decoded input to zero (an ensemble whose encoders learn).
  case resetEnsembleInput(population: Int)
  /// `J[post] += E x`: a Voja connection's post population's decoded input encoded with
  /// its learned scaled encoders (Nengo's encode `DotInc` of `scaled_encoders`).
  case encode(connection: Int)

  /// Where a ``dotInc(connection:into:)`` adds.
  package enum IncTarget: Sendable, Equatable {
    /// The connection's target (``ConnectionTarget``), for a connection without a synapse.
    case post
    /// The connection's synapse input (a filtered connection).
    case synapseInput
  }

  /// The signals a step touches, for ordering.
  package enum Signal: Hashable, Sendable {
    /// A node's output.
    case nodeOutput(Int)
    /// A population's input current `J`.
    case current(Int)
    /// A node's summed input.
    case nodeInput(Int)
    /// A population's output (spikes or rates) and its spike events.
    case output(Int)
    /// A population's neuron state (voltage, refractory time, random streams).
    case neuronState(Int)
    /// A connection's synapse input.
    case synapseInput(Int)
    /// A connection's synapse output (and filter state).
    case synapseOutput(Int)
    /// A learning connection's error input (its rule's `in`).
    case ruleError(Int)
    /// A learning connection's weights (and its rule's post filter states).
    case weights(Int)
    /// A learning rule's filtered pre activities.
    case ruleActivities(Int)
    /// An RLS rule's `P` after this step's update (Nengo records it at the end of the step).
    case inverseGamma(Int)
    /// A population's decoded input (an ensemble whose encoders learn).
    case ensembleInput(Int)
  }

  /// What each step sets, increments, reads and updates.
  package struct Access: Sendable, Equatable {
    package var sets: [Signal] = []
    package var incs: [Signal] = []
    package var reads: [Signal] = []
    package var updates: [Signal] = []
  }

  /// This step's accesses in `plan` (connection and probe endpoints come from the plan).
  package func access(in plan: KernelPlan) -> Access {
    func source(_ s: SignalSource) -> Signal {
      switch s {
      case .node(let k): return .nodeOutput(k)
      case .population(let p): return .output(p)
      }
    }
    func target(_ t: ConnectionTarget) -> Signal {
      switch t {
      case .population(let p): return .current(p)
      case .node(let k): return .nodeInput(k)
      case .learningRule(let k): return .ruleError(k)
      case .ensembleInput(let p): return .ensembleInput(p)
      }
    }
    switch self {
    case .resetNodeInput(let k):
      return Access(sets: [.nodeInput(k)])
    case .nodeOutput(let k):
      return Access(sets: [.nodeOutput(k)], reads: plan.nodes[k].readsInput ? [.nodeInput(k)] : [])
    case .resetCurrent(let p):
      return Access(sets: [.current(p)])
    case .dotInc(let k, let into):
      let c = plan.connections[k]
      return Access(
        incs: [into == .post ? target(c.post) : .synapseInput(k)],
        reads: [source(c.pre)] + (c.learning == nil ? [] : [.weights(k)]))
    case .addSynapseOutput(let k):
      return Access(incs: [target(plan.connections[k].post)], reads: [.synapseOutput(k)])
    case .resetSynapseInput(let k):
      return Access(sets: [.synapseInput(k)])
    case .synapse(let k):
      return Access(reads: [.synapseInput(k)], updates: [.synapseOutput(k)])
    case .neurons(let p):
      return Access(sets: [.output(p), .neuronState(p)], reads: [.current(p)])
    case .probe(let k):
      switch plan.probes[k].signal {
      case .node(let i): return Access(reads: [.nodeOutput(i)])
      case .output(let p): return Access(reads: [.output(p)])
      case .voltage(let p): return Access(reads: [.neuronState(p)])
      case .input(let p): return Access(reads: [.current(p)])
      case .refractory(let p), .auxiliary(let p): return Access(reads: [.neuronState(p)])
      case .rateOut(let p), .decoded(let p): return Access(reads: [.output(p)])
      case .weights(let k): return Access(reads: [.weights(k)])
      case .inverseGamma(let k): return Access(reads: [.inverseGamma(k)])
      case .activities(let k):
        guard let l = plan.connections[k].learning else { return Access() }
        return Access(reads: [l.preFilter == nil ? .output(l.prePopulation) : .ruleActivities(k)])
      }
    case .resetError(let k):
      return Access(sets: [.ruleError(k)])
    case .learn(let k):
      guard let l = plan.connections[k].learning else { return Access() }
      var reads: [Signal] = [l.preFilter == nil ? .output(l.prePopulation) : .ruleActivities(k)]
      if let post = l.postPopulation { reads.append(.output(post)) }
      if l.errorSize > 0 { reads.append(.ruleError(k)) }
      if l.learnedEncoders != nil, let post = l.postPopulation { reads.append(.ensembleInput(post)) }
      // RLS's P changes in place; its probe reads the new value (after this step).
      if case .rls = l.rule { return Access(sets: [.inverseGamma(k)], reads: reads, updates: [.weights(k)]) }
      return Access(reads: reads, updates: [.weights(k)])
    case .filterActivities(let k):
      guard let l = plan.connections[k].learning else { return Access() }
      return Access(sets: [.ruleActivities(k)], reads: [.output(l.prePopulation)])
    case .resetEnsembleInput(let p):
      return Access(sets: [.ensembleInput(p)])
    case .encode(let k):
      guard let post = plan.connections[k].learning?.postPopulation else { return Access() }
      return Access(incs: [.current(post)], reads: [.ensembleInput(post), .weights(k)])
    }
  }

  /// Orders `steps` so that, for every signal, its set comes first, then its increments,
  /// then its reads, then its update (Nengo's `operator_dependency_graph` and toposort).
  /// Among steps free to run, the one listed first goes first, so a list already in a
  /// valid order is returned unchanged (and increments into one signal keep their order,
  /// which fixes the rounding of their sum).
  /// - Returns: the ordered steps, or nil when the dependencies form a loop.
  package static func schedule(_ steps: [StepSpec], in plan: KernelPlan) -> [StepSpec]? {
    let accesses = steps.map { $0.access(in: plan) }
    var byPhase: [Signal: [[Int]]] = [:]
    for (i, a) in accesses.enumerated() {
      for (phase, signals) in [a.sets, a.incs, a.reads, a.updates].enumerated() {
        for s in signals { byPhase[s, default: [[], [], [], []]][phase].append(i) }
      }
    }
    var after = [[Int]](repeating: [], count: steps.count)
    var pending = [Int](repeating: 0, count: steps.count)
    for phases in byPhase.values {
      // Every step of one phase precedes every step of the next non-empty phase.
      let nonEmpty = phases.filter { !$0.isEmpty }
      for (earlier, later) in zip(nonEmpty, nonEmpty.dropFirst()) {
        for i in earlier {
          for j in later where i != j {
            after[i].append(j)
            pending[j] += 1
          }
        }
      }
    }
    var ready = Set(steps.indices.filter { pending[$0] == 0 })
    var order: [StepSpec] = []
    while let i = ready.min() {
      ready.remove(i)
      order.append(steps[i])
      for j in after[i] {
        pending[j] -= 1
        if pending[j] == 0 { ready.insert(j) }
      }
    }
    return order.count == steps.count ? order : nil
  }
}
