import SNNKernels

/// How a ``Simulator`` runs its engine: choices that change the speed, never the spikes
/// (except the synaptic path, whose summation order may move a spike by a rounding).
public struct EngineOptions: Sendable, Equatable {
  /// The synaptic path of connections from spiking sources (event-driven unless forced).
  public var path: SynapticPathChoice
  /// The vector instructions of the event-driven kernels (row adds, LIF, Poisson); nil for
  /// ``/SNNKernels/InstructionSet/best``, the fastest this CPU has. A set the CPU lacks falls
  /// back to the fastest it has.
  public var instructionSet: InstructionSet?
  /// The precision of the engine's state, weights and steps.
  public var precision: Precision
  /// Stop OpenBLAS's idle threads before each run: after a GEMM (training, a dense
  /// evaluation) they spin for ~0.1 s and share the cores with the simulation. Only when
  /// no other thread of the process may be inside a BLAS call.
  public var stopsIdleBLASThreads: Bool

  /// The default engine: builder's path choice, fastest instructions, BLAS threads left
  /// alone.
  public init(
    path: SynapticPathChoice = .auto, instructionSet: InstructionSet? = nil, precision: Precision = .float32,
    stopsIdleBLASThreads: Bool = false
  ) {
    self.path = path
    self.precision = precision
    self.instructionSet = instructionSet
    self.stopsIdleBLASThreads = stopsIdleBLASThreads
  }
}

/// The precision a simulation computes in.
public enum Precision: String, Sendable, CaseIterable {
  /// Single precision: the default, for speed. Voltages drift from Nengo's float64 by about
  /// 1e-5 per 1,000 steps (dt and tau_rc rounded to float32).
  case float32
  /// Double precision, as Nengo's reference simulator: to compare with Nengo to ~1e-9.
  case float64
}
