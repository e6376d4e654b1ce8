import CSNNKernels

/// The vector instructions the event-driven kernels (row adds, LIF, Poisson) use. Every
/// choice gives the same numbers; only the speed differs.
public enum InstructionSet: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
  /// Portable C, one lane at a time.
  case scalar = 0
  /// AVX2 and FMA, 8 floats per instruction (what x86-64 builds of SwiftSNN require).
  case avx2 = 1
  /// AVX-512 (F, DQ, BW, VL), 16 floats per instruction and mask registers.
  case avx512 = 2

  /// The fastest set this CPU (and the OS) supports: what a simulator uses unless its
  /// ``EngineOptions`` lower it.
  public static var best: InstructionSet { InstructionSet(snn_cpu_path()) }

  public var description: String {
    switch self {
    case .scalar: "scalar"
    case .avx2: "AVX2"
    case .avx512: "AVX-512"
    }
  }

  public static func < (a: InstructionSet, b: InstructionSet) -> Bool { a.rawValue < b.rawValue }

  var path: snn_path { snn_path(rawValue: UInt32(rawValue)) }

  init(_ path: snn_path) { self = InstructionSet(rawValue: Int(path.rawValue)) ?? .scalar }
}
