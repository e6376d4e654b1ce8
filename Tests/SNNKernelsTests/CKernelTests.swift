import CSNNKernels
import SNNCore
import XCTest

@testable import SNNKernels

/// The C neuron loops: the AVX2 vector path against the scalar path of the same kernel
/// (a population of one neuron never takes the vector path), and the Poisson draw and the
/// generator against an independent scalar xoshiro128++ written here.
final class CKernelTests: XCTestCase {
  /// Per-neuron state of a LIF population after some steps.
  struct LIFRun: Equatable {
    var voltage: [Float]
    var refractory: [Float]
    var output: [Float]
    var events: [[Int32]]
    var values: [[Float]]
  }

  /// Steps `n` neurons `steps` times, whole (vector path) or one by one (scalar path).
  func runLIF(
    _ k: LIFKernel.Constants, current: [Float], voltage: [Float], refractory: [Float], steps: Int, oneByOne: Bool
  ) -> LIFRun {
    let n = current.count
    var run = LIFRun(voltage: voltage, refractory: refractory, output: Array(repeating: 0, count: n), events: [], values: [])
    var index = [Int32](repeating: -1, count: n + Events.slack)
    var value = [Float](repeating: 0, count: n + Events.slack)
    for _ in 0..<steps {
      var stepEvents: [Int32] = []
      var stepValues: [Float] = []
      let parts = oneByOne ? (0..<n).map { $0..<($0 + 1) } : [0..<n]
      for part in parts {
        let count = current.withUnsafeBufferPointer { j in
          run.voltage.withUnsafeMutableBufferPointer { v in
            run.refractory.withUnsafeMutableBufferPointer { r in
              run.output.withUnsafeMutableBufferPointer { o in
                LIFKernel.step(
                  k, n: part.count, current: j.baseAddress! + part.lowerBound, voltage: v.baseAddress! + part.lowerBound,
                  refractory: r.baseAddress! + part.lowerBound, output: o.baseAddress! + part.lowerBound,
                  eventIndex: &index, eventValue: &value)
              }
            }
          }
        }
        stepEvents += index[0..<count].map { $0 + Int32(part.lowerBound) }
        stepValues += value[0..<count]
      }
      run.events.append(stepEvents)
      run.values.append(stepValues)
    }
    return run
  }

  func testLIFVectorPath_EqualsScalarPath_BitForBit() {
    var rng = SplitMix64(seed: 11)
    func uniform(_ lo: Float, _ hi: Float) -> Float { lo + (hi - lo) * Float(rng.next() >> 40) / Float(1 << 24) }
    let n = 61  // seven vector blocks and a scalar tail
    // Currents from silent to fast, some near the threshold 1 (long crossings); voltages
    // include some set above threshold; refractory times cover refractory, leaving
    // (partial step) and free neurons.
    let current = (0..<n).map { i in i % 9 == 0 ? uniform(0.99, 1.02) : uniform(0, 20) }
    let voltage = (0..<n).map { i in i % 13 == 0 ? uniform(1, 3) : uniform(-0.2, 1) }
    let refractory = (0..<n).map { _ in uniform(-0.001, 0.004) }
    let settings: [LIFKernel.Constants] = [
      .init(dt: 0.001, tauRC: 0.02, tauRef: 0.002, minVoltage: 0, amplitude: 1),
      .init(dt: 0.001, tauRC: 0.02, tauRef: 0.002, minVoltage: -1, amplitude: 0.5, subtract: true),
      // dt / tau_rc = 0.25: partial steps leave the polynomial's range (libm lanes).
      .init(dt: 0.005, tauRC: 0.02, tauRef: 0.002, minVoltage: 0, amplitude: 1),
    ]
    for k in settings {
      let vector = runLIF(k, current: current, voltage: voltage, refractory: refractory, steps: 40, oneByOne: false)
      let scalar = runLIF(k, current: current, voltage: voltage, refractory: refractory, steps: 40, oneByOne: true)
      XCTAssertEqual(vector, scalar, "dt \(k.c.dt), subtract \(k.c.subtract)")
      XCTAssertGreaterThan(vector.events.joined().count, 100, "the run must spike")
      XCTAssertTrue(vector.values.joined().allSatisfy { $0 == k.c.height })
    }
  }

  /// xoshiro128++ for one lane, from the published algorithm.
  struct ReferenceXoshiro {
    var s: (UInt32, UInt32, UInt32, UInt32)
    mutating func next() -> UInt32 {
      func rotl(_ x: UInt32, _ k: UInt32) -> UInt32 { (x << k) | (x >> (32 - k)) }
      let result = rotl(s.0 &+ s.3, 7) &+ s.0
      let t = s.1 << 9
      s.2 ^= s.0
      s.3 ^= s.1
      s.1 ^= s.2
      s.0 ^= s.3
      s.2 ^= t
      s.3 = rotl(s.3, 11)
      return result
    }
  }

  func lanes(_ g: Xoshiro128x8) -> [ReferenceXoshiro] {
    (0..<8).map { ReferenceXoshiro(s: (g.s0[$0], g.s1[$0], g.s2[$0], g.s3[$0])) }
  }

  func testGenerator_IsXoshiro128PlusPlusPerLane_WithSwiftsLayout() {
    var g = Xoshiro128x8(seed: 42)
    var reference = lanes(g)
    var out = [UInt32](repeating: 0, count: 8)
    for _ in 0..<100 {
      withUnsafeMutablePointer(to: &g) { p in
        p.withMemoryRebound(to: snn_xoshiro128x8.self, capacity: 1) { snn_xoshiro128x8_next($0, &out) }
      }
      XCTAssertEqual(out, (0..<8).map { reference[$0].next() })
    }
  }

  func testPoissonDraw_CountsThresholdsPassed_IncludingEdgeThresholds() {
    let active = 29  // three full blocks and a partial one
    let rowStride = PoissonKernel.stride(active)
    var rng = SplitMix64(seed: 5)
    // Per neuron nondecreasing thresholds; some 0 (always passed), the last UInt32.max (so
    // the count stays below 4 and no CDF inversion is needed).
    var threshold = [UInt32](repeating: 0, count: 4 * rowStride)
    for a in 0..<active {
      var t = (0..<3).map { _ in UInt32(truncatingIfNeeded: rng.next()) }.sorted()
      if a % 5 == 0 { t[0] = 0 }
      for m in 0..<3 { threshold[m * rowStride + a] = t[m] }
      threshold[3 * rowStride + a] = .max
    }
    let activeIndex = (0..<rowStride).map { Int32($0 * 3 + 1) }
    let lambda = [Float](repeating: 0.5, count: 200)
    var g = Xoshiro128x8(seed: 9)
    var reference = lanes(g)
    var index = [Int32](repeating: 0, count: active + Events.slack)
    var value = [Float](repeating: 0, count: active + Events.slack)
    var output = [Float](repeating: 0, count: 200)
    for _ in 0..<50 {
      output = [Float](repeating: 0, count: 200)
      let count = withUnsafeMutablePointer(to: &g) { p in
        p.withMemoryRebound(to: snn_xoshiro128x8.self, capacity: 1) {
          Int(snn_poisson_step(Int64(active), activeIndex, threshold, Int64(rowStride), lambda, 2.5, $0, &output, &index, &value))
        }
      }
      var expected: [(Int32, Float)] = []
      for block in stride(from: 0, to: active, by: 8) {
        let u = (0..<8).map { reference[$0].next() }
        for l in 0..<8 where block + l < active {
          let k = (0..<4).filter { u[l] >= threshold[$0 * rowStride + block + l] }.count
          if k > 0 { expected.append((activeIndex[block + l], Float(k) * 2.5)) }
        }
      }
      XCTAssertEqual(Array(index[0..<count]), expected.map(\.0))
      XCTAssertEqual(Array(value[0..<count]), expected.map(\.1))
      for (i, v) in expected { XCTAssertEqual(output[Int(i)], v) }
      XCTAssertEqual(output.filter { $0 != 0 }.count, expected.count)
    }
  }
}
