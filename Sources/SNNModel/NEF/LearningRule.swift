/// A rule that changes a connection's decoders or weights while the network runs (Nengo's
/// `nengo.learning_rules`), given to ``Connection/learningRule``.
///
/// Every rule computes a change from this step's signals and applies it before the next
/// step uses the weights (Nengo's timing: the `delta` of step `k` is added at the start of
/// step `k + 1`). Its activity filters (`preSynapse`, `postSynapse`, `thetaSynapse`) already
/// include this step's spikes, unlike a connection's synapse, which delays by one step.
/// Learned weights belong to each example of a batch: examples never share what they learn.
///
/// ```swift
/// let conn = try net.connect(.ensemble(pre), .ensemble(post), function: zero,
///                            learningRule: .pes(PES(learningRate: 1e-4)))
/// try net.connect(.ensemble(error), .learningRule(conn))   // the error, after its synapse
/// ```
public enum LearningRule: Sendable, Equatable {
  /// Prescribed Error Sensitivity: decoders follow an error signal (``PES``).
  case pes(PES)
  /// Bienenstock-Cooper-Munro: weights between neurons, no error (``BCM``).
  case bcm(BCM)
  /// Oja's Hebbian rule with forgetting: weights between neurons, no error (``Oja``).
  case oja(Oja)
  /// Recursive least squares: decoders follow an error signal, L2-optimally (``RLS``).
  case rls(RLS)
  /// Vector Oja: the post ensemble's encoders move toward its input (``Voja``).
  case voja(Voja)

  /// Nengo's class name and parameters, for messages.
  public var name: String {
    switch self {
    case .pes(let r): return "PES(learning_rate=\(r.learningRate))"
    case .bcm(let r): return "BCM(learning_rate=\(r.learningRate))"
    case .oja(let r): return "Oja(learning_rate=\(r.learningRate), beta=\(r.beta))"
    case .rls(let r): return "RLS(learning_rate=\(r.learningRate))"
    case .voja(let r): return "Voja(learning_rate=\(r.learningRate))"
    }
  }

  /// Whether the rule modifies decoders (a decoded connection's `T · Dᵀ`, or a connection
  /// into neurons' weights), as PES and RLS do; otherwise it needs a full weight matrix between
  /// neurons (Nengo's `modifies = "weights"`).
  public var modifiesDecoders: Bool {
    switch self {
    case .pes, .rls: return true
    case .bcm, .oja, .voja: return false
    }
  }

  /// Whether the rule modifies the post ensemble's encoders (Voja), not the connection.
  public var modifiesEncoders: Bool {
    if case .voja = self { return true }
    return false
  }

  /// Whether the rule takes an input from connections into it: PES's and RLS's error,
  /// Voja's learning signal.
  public var takesError: Bool { modifiesDecoders || modifiesEncoders }
}

/// Prescribed Error Sensitivity (Nengo's `PES`): `Δω = -(κ dt / n) e aᵀ` per step, where
/// `κ` is the learning rate, `n` the number of pre neurons, `e` the error (for a
/// connection into neurons, `e` is the post ensemble's scaled encoders times the error)
/// and `a` the pre neurons' filtered activities (Hz).
public struct PES: Sendable, Equatable {
  /// `κ`, dimensionless per second of error (Nengo's default 1e-4).
  public var learningRate: Double
  /// The filter on the pre activities; `nil` uses them unfiltered (Nengo's default
  /// `Lowpass(0.005)`).
  public var preSynapse: Synapse?

  /// Nengo's `PES(learning_rate=1e-4, pre_synapse=Lowpass(0.005))`.
  public init(learningRate: Double = 1e-4, preSynapse: Synapse? = .lowpass(0.005)) {
    self.learningRate = learningRate
    self.preSynapse = preSynapse
  }
}

/// Bienenstock-Cooper-Munro (Nengo's `BCM`): `Δω_ji = κ dt a_j (a_j - θ_j) a_i`, with `a_i`
/// the filtered pre activities, `a_j` the filtered post activities and `θ_j` the post
/// activities through the slow `thetaSynapse` (all in Hz).
public struct BCM: Sendable, Equatable {
  /// `κ` (Nengo's default 1e-9).
  public var learningRate: Double
  /// The filter on the pre activities (default `Lowpass(0.005)`); `nil` for none.
  public var preSynapse: Synapse?
  /// The filter on the post activities (Nengo: the pre synapse unless given); `nil` for none.
  public var postSynapse: Synapse?
  /// The filter giving `θ` from the post activities (default `Lowpass(1)`); `nil` for none.
  public var thetaSynapse: Synapse?

  /// Nengo's `BCM(...)`; `postSynapse` defaults to `preSynapse`, as in Nengo.
  public init(
    learningRate: Double = 1e-9, preSynapse: Synapse? = .lowpass(0.005), postSynapse: Synapse?? = nil,
    thetaSynapse: Synapse? = .lowpass(1)
  ) {
    self.learningRate = learningRate
    self.preSynapse = preSynapse
    self.postSynapse = postSynapse ?? preSynapse
    self.thetaSynapse = thetaSynapse
  }
}

/// Oja's rule (Nengo's `Oja`): `Δω_ji = κ dt (a_j a_i - β a_j² ω_ji)`, with `a_i`, `a_j`
/// the filtered pre and post activities (Hz).
public struct Oja: Sendable, Equatable {
  /// `κ` (Nengo's default 1e-6).
  public var learningRate: Double
  /// The filter on the pre activities (default `Lowpass(0.005)`); `nil` for none.
  public var preSynapse: Synapse?
  /// The filter on the post activities (Nengo: the pre synapse unless given); `nil` for none.
  public var postSynapse: Synapse?
  /// `β`, the weight of the forgetting term (default 1).
  public var beta: Double

  /// Nengo's `Oja(...)`; `postSynapse` defaults to `preSynapse`, as in Nengo.
  public init(
    learningRate: Double = 1e-6, preSynapse: Synapse? = .lowpass(0.005), postSynapse: Synapse?? = nil,
    beta: Double = 1
  ) {
    self.learningRate = learningRate
    self.preSynapse = preSynapse
    self.postSynapse = postSynapse ?? preSynapse
    self.beta = beta
  }
}

/// Recursive least squares (Nengo's `RLS`), an online `LstsqL2`: it keeps `P`, the inverse
/// of the pre activities' regularized correlation matrix (`n x n`, starting at
/// `κ dt / n` times the identity), and per step, with `r` the filtered pre activities
/// (Hz) and `e` the error: `P ← P - (P r)(P r)ᵀ / (1 + rᵀ P r)`, then
/// `Δω = -e (P r)ᵀ / (1 + rᵀ P r)`. Costs `n²` memory and time per example and step.
public struct RLS: Sendable, Equatable {
  /// `κ`, the inverse of the L2 regularization (Nengo's default 1e-3).
  public var learningRate: Double
  /// The filter on the pre activities; `nil` for none (Nengo's default `Lowpass(0.005)`).
  public var preSynapse: Synapse?

  /// Nengo's `RLS(learning_rate=1e-3, pre_synapse=Lowpass(0.005))`.
  public init(learningRate: Double = 1e-3, preSynapse: Synapse? = .lowpass(0.005)) {
    self.learningRate = learningRate
    self.preSynapse = preSynapse
  }
}

/// Vector Oja (Nengo's `Voja`): the post ensemble's scaled encoders `E` (`gain / radius`
/// times the encoders, one row per neuron) follow its decoded input `x`:
/// `ΔE_j = κ dt s (g_j / r a_j x - a_j E_j)`, with `a_j` the filtered post activities (Hz),
/// `g_j / r` each neuron's scale, and `s` the learning signal: 1 plus what connections into
/// the rule add (Nengo: an input of 0 is normal learning, -1 none, below -1 forgetting).
/// Every input into the ensemble is then encoded with the learned encoders, per example.
public struct Voja: Sendable, Equatable {
  /// `κ` (Nengo's default 1e-2).
  public var learningRate: Double
  /// The filter on the post activities; `nil` for none (Nengo's default `Lowpass(0.005)`).
  public var postSynapse: Synapse?

  /// Nengo's `Voja(learning_rate=1e-2, post_synapse=Lowpass(0.005))`.
  public init(learningRate: Double = 1e-2, postSynapse: Synapse? = .lowpass(0.005)) {
    self.learningRate = learningRate
    self.postSynapse = postSynapse
  }
}

extension Network {
  /// The shape of connection `k`'s weights as Nengo gives them (`sim.data[conn].weights`):
  /// `(size_out, n_pre)`, the post's input size (dimensions, neurons, a node's input) by the pre
  /// ensemble's neuron count (`n_post` rows with a `weights: true` solver); for a Voja
  /// connection, its post's scaled encoders `(n_neurons, dimensions)`.
  package func weightShape(ofConnection k: Int) -> (rows: Int, cols: Int) {
    let c = connections[k]
    if c.learningRule?.modifiesEncoders ?? false, case .ensemble(let id) = c.post {
      // Voja: the post ensemble's scaled encoders, (n_neurons, dimensions).
      return (ensembles[id.index].nNeurons, ensembles[id.index].dimensions)
    }
    let cols: Int
    switch c.pre {
    case .ensemble(let id), .neurons(let id): cols = ensembles[id.index].nNeurons
    default: cols = size(of: c.pre)
    }
    if c.solver.weights, case .ensemble(let id) = c.post, case .ensemble = c.pre {
      return (ensembles[id.index].nNeurons, cols)  // full weights into the post neurons
    }
    return (c.postSlice?.count ?? inputSize(of: c.post), cols)
  }
}
