import SNNKernels

/// How a ``Simulator`` runs its engine: choices that change the speed, never the spikes
/// (except the synaptic path, whose summation order may move a spike by a rounding).
public struct EngineOptions: Sendable, Equatable {
  /// The synaptic path of connections from spiking sources (event-driven unless forced).
  public var path: SynapticPathChoice
  /// The vector instructions of the event-driven kernels (row adds, LIF, Poisson); nil for
  /// the process-wide ``InstructionSet/inUse`` (the fastest this CPU has unless lowered). A
  /// set the CPU lacks falls back to the fastest it has.
  public var instructionSet: InstructionSet?
  /// Stop OpenBLAS's idle threads before each run: after a GEMM (training, a dense
  /// evaluation) they spin for ~0.1 s and share the cores with the simulation. Only when
  /// no other thread of the process may be inside a BLAS call.
  public var stopsIdleBLASThreads: Bool

  /// The default engine: builder's path choice, fastest instructions, BLAS threads left
  /// alone.
  public init(path: SynapticPathChoice = .auto, instructionSet: InstructionSet? = nil, stopsIdleBLASThreads: Bool = false) {
    self.path = path
    self.instructionSet = instructionSet
    self.stopsIdleBLASThreads = stopsIdleBLASThreads
  }
}
