import CSNNKernels
import Foundation

/// The engine's precision: `Float` (the default, for speed) or `Double` (to match Nengo's
/// reference simulator to 1e-9). Every buffer, weight and step of a simulation is in one of
/// them; the engine is generic over it and specialised for both (no per-element dynamic
/// dispatch: the executor calls the concrete instantiation).
///
/// The requirements are the C kernels of each precision (CSNNKernels): both give the same
/// numbers on every instruction set.
package protocol EngineScalar: BinaryFloatingPoint, BitwiseCopyable, Sendable {
  /// The C constants of a LIF population in this precision.
  associatedtype LIFConstants: Sendable

  /// `dest[c] += sum_e value[e] * w[index[e] * width + c]` (``snn_row_add``).
  static func rowAdd(
    _ path: snn_path, _ w: UnsafePointer<Self>, width: Int, eventIndex: UnsafePointer<Int32>,
    eventValue: UnsafePointer<Self>, count: Int, dest: UnsafeMutablePointer<Self>)

  /// `C += A B`, row-major (`A`: `m x k`, `B`: `k x n`).
  static func gemmAccumulate(
    m: Int, n: Int, k: Int, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
    c: UnsafeMutablePointer<Self>, ldc: Int)

  /// A LIF population's constants for time step `dt` (all times in seconds).
  static func lifConstants(
    dt: Double, tauRC: Double, tauRef: Double, minVoltage: Double, amplitude: Double, subtract: Bool
  ) -> LIFConstants

  /// One LIF step of `n` neurons (``snn_lif_step``); returns the number of events.
  static func lifStep(
    _ path: snn_path, _ k: LIFConstants, n: Int, current: UnsafePointer<Self>, voltage: UnsafeMutablePointer<Self>,
    refractory: UnsafeMutablePointer<Self>, output: UnsafeMutablePointer<Self>,
    eventIndex: UnsafeMutablePointer<Int32>, eventValue: UnsafeMutablePointer<Self>
  ) -> Int

  /// One Poisson draw for the active neurons (``snn_poisson_step``); returns the number of
  /// events.
  static func poissonStep(
    _ path: snn_path, active: Int, activeIndex: UnsafePointer<Int32>, threshold: UnsafePointer<UInt32>, stride: Int,
    lambda: UnsafePointer<Self>, tail: UnsafePointer<UnsafePointer<Double>?>?, height: Self,
    rng: UnsafeMutablePointer<snn_xoshiro128x8>,
    output: UnsafeMutablePointer<Self>?, eventIndex: UnsafeMutablePointer<Int32>,
    eventValue: UnsafeMutablePointer<Self>
  ) -> Int

  /// A key for the Poisson threshold cache: this value's bits.
  var cacheKey: UInt64 { get }

  /// `curve`'s rate at `j` in this precision (its requirement of this precision).
  static func rate(_ curve: any RateCurve, _ j: Self) -> Self
}

extension Float: EngineScalar {
  package typealias LIFConstants = snn_lif_constants

  package static func rowAdd(
    _ path: snn_path, _ w: UnsafePointer<Float>, width: Int, eventIndex: UnsafePointer<Int32>,
    eventValue: UnsafePointer<Float>, count: Int, dest: UnsafeMutablePointer<Float>
  ) {
    snn_row_add(path, w, Int64(width), eventIndex, eventValue, Int64(count), dest)
  }

  package static func gemmAccumulate(
    m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    GEMM.sgemm(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc, alpha: 1, beta: 1)
  }

  /// The constants in float, as the float kernels have always had them: `1 / tau_rc` and
  /// `expm1(-dt / tau_rc)` computed in double from the float parameters, then rounded.
  package static func lifConstants(
    dt: Double, tauRC: Double, tauRef: Double, minVoltage: Double, amplitude: Double, subtract: Bool
  ) -> snn_lif_constants {
    LIFKernel.Constants(
      dt: Float(dt), tauRC: Float(tauRC), tauRef: Float(tauRef), minVoltage: Float(minVoltage),
      amplitude: Float(amplitude), subtract: subtract
    ).c
  }

  package static func lifStep(
    _ path: snn_path, _ k: snn_lif_constants, n: Int, current: UnsafePointer<Float>,
    voltage: UnsafeMutablePointer<Float>, refractory: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>,
    eventIndex: UnsafeMutablePointer<Int32>, eventValue: UnsafeMutablePointer<Float>
  ) -> Int {
    withUnsafePointer(to: k) { c in
      Int(snn_lif_step(path, c, Int64(n), current, voltage, refractory, output, eventIndex, eventValue))
    }
  }

  package static func poissonStep(
    _ path: snn_path, active: Int, activeIndex: UnsafePointer<Int32>, threshold: UnsafePointer<UInt32>, stride: Int,
    lambda: UnsafePointer<Float>, tail: UnsafePointer<UnsafePointer<Double>?>?, height: Float,
    rng: UnsafeMutablePointer<snn_xoshiro128x8>,
    output: UnsafeMutablePointer<Float>?, eventIndex: UnsafeMutablePointer<Int32>,
    eventValue: UnsafeMutablePointer<Float>
  ) -> Int {
    Int(
      snn_poisson_step(
        path, Int64(active), activeIndex, threshold, Int64(stride), lambda, tail, height, rng, output, eventIndex,
        eventValue)
    )
  }

  package var cacheKey: UInt64 { UInt64(bitPattern) }

  @inline(__always)
  package static func rate(_ curve: any RateCurve, _ j: Float) -> Float { curve.rate(j) }
}

extension Double: EngineScalar {
  package typealias LIFConstants = snn_lif_constants_f64

  package static func rowAdd(
    _ path: snn_path, _ w: UnsafePointer<Double>, width: Int, eventIndex: UnsafePointer<Int32>,
    eventValue: UnsafePointer<Double>, count: Int, dest: UnsafeMutablePointer<Double>
  ) {
    snn_row_add_f64(path, w, Int64(width), eventIndex, eventValue, Int64(count), dest)
  }

  package static func gemmAccumulate(
    m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    GEMM.dgemmAccumulate(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
  }

  /// The constants as Nengo computes them in float64.
  package static func lifConstants(
    dt: Double, tauRC: Double, tauRef: Double, minVoltage: Double, amplitude: Double, subtract: Bool
  ) -> snn_lif_constants_f64 {
    snn_lif_constants_f64(
      dt: dt, tau_rc: tauRC, inv_tau_rc: 1 / tauRC, tau_ref: tauRef, min_voltage: minVoltage, height: amplitude / dt,
      full_step: Foundation.expm1(-dt / tauRC), subtract: subtract ? 1 : 0)
  }

  package static func lifStep(
    _ path: snn_path, _ k: snn_lif_constants_f64, n: Int, current: UnsafePointer<Double>,
    voltage: UnsafeMutablePointer<Double>, refractory: UnsafeMutablePointer<Double>,
    output: UnsafeMutablePointer<Double>, eventIndex: UnsafeMutablePointer<Int32>,
    eventValue: UnsafeMutablePointer<Double>
  ) -> Int {
    withUnsafePointer(to: k) { c in
      Int(snn_lif_step_f64(path, c, Int64(n), current, voltage, refractory, output, eventIndex, eventValue))
    }
  }

  package static func poissonStep(
    _ path: snn_path, active: Int, activeIndex: UnsafePointer<Int32>, threshold: UnsafePointer<UInt32>, stride: Int,
    lambda: UnsafePointer<Double>, tail: UnsafePointer<UnsafePointer<Double>?>?, height: Double,
    rng: UnsafeMutablePointer<snn_xoshiro128x8>,
    output: UnsafeMutablePointer<Double>?, eventIndex: UnsafeMutablePointer<Int32>,
    eventValue: UnsafeMutablePointer<Double>
  ) -> Int {
    Int(
      snn_poisson_step_f64(
        path, Int64(active), activeIndex, threshold, Int64(stride), lambda, tail, height, rng, output, eventIndex,
        eventValue)
    )
  }

  package var cacheKey: UInt64 { bitPattern }

  @inline(__always)
  package static func rate(_ curve: any RateCurve, _ j: Double) -> Double { curve.rate(j) }
}
