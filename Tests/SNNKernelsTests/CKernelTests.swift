import CSNNKernels
import Foundation
import SNNCore
import XCTest

@testable import SNNKernels

/// The C kernels: every instruction set this CPU has (AVX2, AVX-512) against the portable
/// scalar path of the same kernel, bit for bit; the row add against a plain loop written
/// here; the Poisson draw and the generator against an independent scalar xoshiro128++.
final class CKernelTests: XCTestCase {
  /// The vector instruction sets this machine can run, slowest first.
  let vectorSets = InstructionSet.allCases.filter { $0 > .scalar && $0 <= InstructionSet.best }

  /// Per-neuron state of a LIF population after some steps.
  struct LIFRun {
    var voltage: [Float]
    var refractory: [Float]
    var output: [Float]
    var events: [[Int32]]
    var values: [[Float]]
  }

  /// Steps `n` neurons `steps` times with the kernel's `path`.
  func runLIF(
    _ k: LIFKernel.Constants, current: [Float], voltage: [Float], refractory: [Float], steps: Int, path: InstructionSet
  ) -> LIFRun {
    let n = current.count
    var run = LIFRun(
      voltage: voltage, refractory: refractory, output: Array(repeating: 0, count: n), events: [], values: [])
    var index = [Int32](repeating: -1, count: n + Events.slack)
    var value = [Float](repeating: 0, count: n + Events.slack)
    for _ in 0..<steps {
      let count = withUnsafePointer(to: k.c) { c in
        Int(
          snn_lif_step(
            path.path, c, Int64(n), current, &run.voltage, &run.refractory, &run.output, &index, &value))
      }
      run.events.append(Array(index[0..<count]))
      run.values.append(Array(value[0..<count]))
    }
    return run
  }

  /// The first index where `a` and `b` have different bits, with both values.
  func firstDifference(_ a: [Float], _ b: [Float]) -> String? {
    if a.count != b.count { return "counts \(a.count) vs \(b.count)" }
    for i in a.indices where a[i].bitPattern != b[i].bitPattern { return "[\(i)]: \(a[i]) vs \(b[i])" }
    return nil
  }

  func testLIFVectorPaths_EqualScalarPath_BitForBit() {
    var rng = SplitMix64(seed: 11)
    func uniform(_ lo: Float, _ hi: Float) -> Float { lo + (hi - lo) * Float(rng.next() >> 40) / Float(1 << 24) }
    let settings: [LIFKernel.Constants] = [
      .init(dt: 0.001, tauRC: 0.02, tauRef: 0.002, minVoltage: 0, amplitude: 1),
      .init(dt: 0.001, tauRC: 0.02, tauRef: 0.002, minVoltage: -1, amplitude: 0.5, subtract: true),
      // dt / tau_rc = 0.25: partial steps leave the polynomial's range (libm lanes).
      .init(dt: 0.005, tauRC: 0.02, tauRef: 0.002, minVoltage: 0, amplitude: 1),
    ]
    // Whole vectors only, a masked or scalar tail, a single partial vector.
    for n in [61, 10, 128, 133] {
      // Currents from silent to fast, some near the threshold 1 (long crossings); voltages
      // include some set above threshold; refractory times cover refractory, leaving
      // (partial step) and free neurons.
      let current = (0..<n).map { i in i % 9 == 0 ? uniform(0.99, 1.02) : uniform(0, 20) }
      let voltage = (0..<n).map { i in i % 13 == 0 ? uniform(1, 3) : uniform(-0.2, 1) }
      let refractory = (0..<n).map { _ in uniform(-0.001, 0.004) }
      for k in settings {
        let scalar = runLIF(k, current: current, voltage: voltage, refractory: refractory, steps: 40, path: .scalar)
        XCTAssertGreaterThan(scalar.events.joined().count, 2 * n, "the run must spike")
        XCTAssertTrue(scalar.values.joined().allSatisfy { $0 == k.c.height })
        for set in vectorSets {
          let vector = runLIF(k, current: current, voltage: voltage, refractory: refractory, steps: 40, path: set)
          let context = "\(set), n \(n), dt \(k.c.dt), subtract \(k.c.subtract)"
          XCTAssertEqual(firstDifference(vector.voltage, scalar.voltage), nil, "voltage, \(context)")
          XCTAssertEqual(firstDifference(vector.refractory, scalar.refractory), nil, "refractory, \(context)")
          XCTAssertEqual(firstDifference(vector.output, scalar.output), nil, "output, \(context)")
          XCTAssertEqual(vector.events, scalar.events, "events, \(context)")
          XCTAssertEqual(vector.values, scalar.values, "event values, \(context)")
        }
      }
    }
  }

  /// Reset by subtraction can leave a voltage above J > 1; its next spike has no crossing
  /// time (log1p of a number below -1: NaN, as in Nengo, where the neuron then never fires
  /// again). Here such a neuron integrates on and settles at the rate of a fresh one.
  func testLIF_VoltageLeftAboveJ_SubtractReset_RecoversTheSteadyRate() {
    let k = LIFKernel.Constants(dt: 0.001, tauRC: 0.02, tauRef: 0.002, minVoltage: 0, amplitude: 1, subtract: true)
    let n = 16
    let current = [Float](repeating: 1.5, count: n)
    let voltage = (0..<n).map { $0 % 2 == 0 ? Float(3) : 0 }
    for set in [InstructionSet.scalar] + vectorSets {
      let refractory = [Float](repeating: 0, count: n)
      let run = runLIF(k, current: current, voltage: voltage, refractory: refractory, steps: 400, path: set)
      XCTAssertTrue(run.voltage.allSatisfy { $0.isFinite }, "\(set)")
      var late = [Int](repeating: 0, count: n)
      for step in run.events[200...] { for i in step { late[Int(i)] += 1 } }
      XCTAssertGreaterThan(late[1], 5, "\(set): the fresh neuron fires")
      for i in stride(from: 0, to: n, by: 2) { XCTAssertEqual(late[i], late[1], accuracy: 1, "\(set), neuron \(i)") }
    }
  }

  func testRowAdd_EveryPath_EqualsEventOrderFusedSums_BitForBit() {
    var rng = SplitMix64(seed: 3)
    func uniform() -> Float { Float(rng.next() >> 40) / Float(1 << 24) - 0.5 }
    for width in [1, 7, 10, 16, 17, 64, 100, 128, 130, 300] {
      let rows = 40
      let w = (0..<(rows * width)).map { _ in uniform() }
      for count in [0, 1, 5, 33] {
        // Repeated rows and spike heights of several sizes, as a Poisson layer publishes.
        let index = (0..<count).map { _ in Int32(rng.next() % UInt64(rows)) }
        let value = (0..<count).map { _ in Float(1 + rng.next() % 3) * 0.37 }
        let start = (0..<width).map { _ in uniform() }
        var expected = start
        for c in 0..<width {
          for e in 0..<count { expected[c] = expected[c].addingProduct(w[Int(index[e]) * width + c], value[e]) }
        }
        for set in [InstructionSet.scalar] + vectorSets {
          var dest = start
          snn_row_add(set.path, w, Int64(width), index, value, Int64(count), &dest)
          XCTAssertEqual(dest.map(\.bitPattern), expected.map(\.bitPattern), "\(set), width \(width), \(count) events")
        }
      }
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
    // the count stays below the number of rows and no CDF inversion is needed).
    let rows = PoissonKernel.rows
    var threshold = [UInt32](repeating: 0, count: rows * rowStride)
    for a in 0..<active {
      var t = (0..<(rows - 1)).map { _ in UInt32(truncatingIfNeeded: rng.next()) }.sorted()
      if a % 5 == 0 { t[0] = 0 }
      for m in 0..<(rows - 1) { threshold[m * rowStride + a] = t[m] }
      threshold[(rows - 1) * rowStride + a] = .max
    }
    let activeIndex = (0..<rowStride).map { Int32($0 * 3 + 1) }
    let lambda = [Float](repeating: 0.5, count: 200)
    for set in [InstructionSet.scalar] + vectorSets {
      var g = Xoshiro128x8(seed: 9)
      var reference = lanes(g)
      var index = [Int32](repeating: 0, count: active + Events.slack)
      var value = [Float](repeating: 0, count: active + Events.slack)
      var output = [Float](repeating: 0, count: 200)
      for _ in 0..<50 {
        output = [Float](repeating: 0, count: 200)
        let count = withUnsafeMutablePointer(to: &g) { p in
          p.withMemoryRebound(to: snn_xoshiro128x8.self, capacity: 1) {
            Int(
              snn_poisson_step(
                set.path, Int64(active), activeIndex, threshold, Int64(rowStride), lambda, nil, 2.5, $0, &output,
                &index,
                &value))
          }
        }
        // The generator's lanes in order, eight neurons per draw.
        var expected: [(Int32, Float)] = []
        for block in stride(from: 0, to: active, by: 8) {
          let u = (0..<8).map { reference[$0].next() }
          for l in 0..<8 where block + l < active {
            let k = (0..<rows).filter { u[l] >= threshold[$0 * rowStride + block + l] }.count
            if k > 0 { expected.append((activeIndex[block + l], Float(k) * 2.5)) }
          }
        }
        XCTAssertEqual(Array(index[0..<count]), expected.map(\.0), "\(set)")
        XCTAssertEqual(Array(value[0..<count]), expected.map(\.1), "\(set)")
        for (i, v) in expected { XCTAssertEqual(output[Int(i)], v) }
        XCTAssertEqual(output.filter { $0 != 0 }.count, expected.count)
      }
    }
  }

  /// The thresholds come from a per-worker cache keyed by lambda: with more distinct lambdas
  /// than slots (so entries collide and are replaced) and with repeats, every neuron gets
  /// the thresholds it gets alone in an empty cache, and they are the Poisson CDF.
  func testPoissonRebuild_ThresholdCache_GivesEachNeuronItsOwnCDF() {
    var rng = SplitMix64(seed: 8)
    let n = 3000
    let current: [Float] = (0..<n).map { i in
      i % 3 == 0 ? Float(1 + rng.next() % 255) / 255 : Float(rng.next() >> 40) / Float(1 << 24) * 3
    }
    func tables(_ j: [Float], cache: PoissonKernel.CacheStorage) -> [UInt32] {
      let count = j.count
      let stride = PoissonKernel.stride(count)
      let owner = PoissonKernel.Tables<Float>(n: count, examples: 1)
      let rng = Buffer<Xoshiro128x8>(count: 1, repeating: Xoshiro128x8(seed: 0))
      let state = owner.state(0, rng: rng.base, cache: cache.cache)
      let threshold = state.threshold
      let activeCount = state.activeCount
      PoissonKernel.rebuild(base: RectifiedLinearCurve(amplitude: 1), dt: 1, n: count, current: j, state: state)
      XCTAssertEqual(Int(activeCount[0]), count)
      return (0..<PoissonKernel.rows * stride).filter { $0 % stride < count }.map { threshold[$0] }
    }
    let shared = PoissonKernel.CacheStorage()
    let first = tables(current, cache: shared)
    XCTAssertEqual(tables(current, cache: shared), first, "second pass, from a full cache")
    for i in stride(from: 0, to: n, by: 97) {
      let alone = tables([current[i]], cache: PoissonKernel.CacheStorage())
      XCTAssertEqual(alone, (0..<PoissonKernel.rows).map { first[$0 * n + i] }, "neuron \(i)")
      let lam = Double(current[i])
      var p = Foundation.exp(-lam)
      var cdf = p
      for m in 1..<PoissonKernel.rows {
        p *= lam / Double(m)
        cdf += p
        XCTAssertEqual(Double(alone[m]) / 4_294_967_296, cdf, accuracy: 1e-9, "lambda \(lam), m \(m)")
      }
    }
  }

  /// Counts past the last threshold, P(k <= 7): the CDF inverted further (lambda 2 to 30),
  /// by summing it at each draw or from the cached tables (`snn_poisson_tail`), and the
  /// normal approximation, which draws from the generator itself (lambda > 64), mixed in
  /// blocks: every path, with and without tables, gives the same counts.
  func testPoissonTail_EveryPathDrawsInTheSameOrder_AndCountsHaveTheRightMean() {
    let n = 45
    let lambdas: [Float] = (0..<n).map { i in [0.3, 2, 7, 30, 100, 400][i % 6] }
    let rowStride = PoissonKernel.stride(n)
    let owner = PoissonKernel.Tables<Float>(n: n, examples: 1)
    let unusedRNG = Buffer<Xoshiro128x8>(count: 1, repeating: Xoshiro128x8(seed: 0))
    let cache = PoissonKernel.CacheStorage()
    let state = owner.state(0, rng: unusedRNG.base, cache: cache.cache)
    // rate = J (amplitude 1), dt 1: lambda = J.
    PoissonKernel.rebuild(base: RectifiedLinearCurve(amplitude: 1), dt: 1, n: n, current: lambdas, state: state)
    XCTAssertEqual(state.activeCount[0], Int32(n))
    for a in 0..<n { XCTAssertEqual(state.tail[a] == nil, lambdas[a] > 64, "a table for lambda \(lambdas[a])") }
    var runs: [[[Float]]] = []
    for set in [InstructionSet.scalar] + vectorSets + [InstructionSet.scalar] + vectorSets {
      let tables = runs.count > vectorSets.count ? UnsafePointer(state.tail) : nil
      var g = Xoshiro128x8(seed: 21)
      var index = [Int32](repeating: 0, count: n + Events.slack)
      var value = [Float](repeating: 0, count: n + Events.slack)
      var sums = [Float](repeating: 0, count: n)
      var steps: [[Float]] = []
      for _ in 0..<400 {
        var output = [Float](repeating: 0, count: n)
        let count = withUnsafeMutablePointer(to: &g) { p in
          p.withMemoryRebound(to: snn_xoshiro128x8.self, capacity: 1) {
            Int(
              snn_poisson_step(
                set.path, Int64(n), state.active, state.threshold, Int64(rowStride), state.lambda, tables, 1, $0,
                &output, &index, &value))
          }
        }
        XCTAssertEqual(output.filter { $0 != 0 }.count, count)
        for i in 0..<n { sums[i] += output[i] }
        steps.append(output)
      }
      for i in 0..<n {
        let mean = sums[i] / 400
        XCTAssertEqual(
          mean, lambdas[i], accuracy: 4 * (lambdas[i] / 400).squareRoot() + 0.01, "\(set), lambda \(lambdas[i])")
      }
      runs.append(steps)
    }
    for (k, run) in runs.enumerated().dropFirst() { XCTAssertEqual(run, runs[0], "run \(k) vs scalar without tables") }
  }

  /// The tables of `snn_poisson_tail` give, for every draw, the count of the CDF summed at
  /// the draw: lambdas from tiny to 64, draws over the whole range and at its ends.
  func testPoissonTailTable_GivesTheSummedCDFsCount_ForEveryDraw() {
    var rng = SplitMix64(seed: 3)
    var lambdas: [Double] = [1e-300, 1e-6, 0.5, 1, 7.9, 8, 8.5, 25.5, 40, 63.99, 64]
    lambdas += (0..<40).map { _ in Double(rng.next() >> 11) / Double(1 << 53) * 64 }
    var small = [Double](repeating: 0, count: 3)
    XCTAssertEqual(snn_poisson_tail(25.5, &small, 3), 0, "a table longer than its capacity")
    for lam in lambdas {
      var table = [Double](repeating: 0, count: Int(SNN_POISSON_TAIL))
      let length = Int(snn_poisson_tail(lam, &table, Int64(table.count)))
      XCTAssertGreaterThan(length, 0, "lambda \(lam)")
      XCTAssertLessThanOrEqual(length, table.count)
      var draws: [UInt32] = [0, 1, .max, .max - 1, 1 << 31]
      draws += (0..<2000).map { _ in UInt32(truncatingIfNeeded: rng.next()) }
      for u in draws {
        // The kernel's own CDF inversion (poisson.h spike_count without a table).
        let uu = (Double(u) + 0.5) / 4_294_967_296
        var k = 0
        var p = Foundation.exp(-lam)
        var cdf = p
        while uu > cdf && k < 1000 {
          k += 1
          p *= lam / Double(k)
          cdf += p
          if p == 0 { break }
        }
        var j = 0
        while uu > table[j] { j += 1 }
        XCTAssertEqual(max(k, PoissonKernel.rows), PoissonKernel.rows + j, "lambda \(lam), u \(u)")
      }
    }
  }
}
