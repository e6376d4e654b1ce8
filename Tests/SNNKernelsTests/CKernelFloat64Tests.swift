import CSNNKernels
import Foundation
import SNNCore
import XCTest

@testable import SNNKernels

/// The float64 C kernels: every instruction set this CPU has against the scalar path of the
/// same kernel, bit for bit; the LIF step against Nengo's equations computed here with
/// Foundation's libm; expm1/log1p against Float80 series; the row add against a plain loop;
/// the Poisson draw against the float kernel and its CDF tail against closed forms.
final class CKernelFloat64Tests: XCTestCase {
  /// The vector instruction sets this machine can run, slowest first.
  let vectorSets = InstructionSet.allCases.filter { $0 > .scalar && $0 <= InstructionSet.best }

  /// A LIF population's constants, as a caller computes them (1 / tau_rc and the whole
  /// step's expm1 in double, as Nengo does).
  static func constants(
    dt: Double, tauRC: Double, tauRef: Double, minVoltage: Double, amplitude: Double, subtract: Bool = false
  ) -> snn_lif_constants_f64 {
    snn_lif_constants_f64(
      dt: dt, tau_rc: tauRC, inv_tau_rc: 1 / tauRC, tau_ref: tauRef, min_voltage: minVoltage, height: amplitude / dt,
      full_step: Foundation.expm1(-dt / tauRC), subtract: subtract ? 1 : 0)
  }

  /// Per-neuron state of a LIF population, and its events step by step.
  struct LIFRun {
    var voltage: [Double]
    var refractory: [Double]
    var output: [Double]
    var events: [[Int32]] = []
    var values: [[Double]] = []
  }

  /// Steps a population `steps` times with the kernel's `path`.
  func runLIF(
    _ k: snn_lif_constants_f64, current: [Double], start: LIFRun, steps: Int, path: InstructionSet
  ) -> LIFRun {
    let n = current.count
    var run = start
    var index = [Int32](repeating: -1, count: n + Events.slack)
    var value = [Double](repeating: 0, count: n + Events.slack)
    for _ in 0..<steps {
      let count = withUnsafePointer(to: k) { c in
        Int(
          snn_lif_step_f64(path.path, c, Int64(n), current, &run.voltage, &run.refractory, &run.output, &index, &value))
      }
      run.events.append(Array(index[0..<count]))
      run.values.append(Array(value[0..<count]))
    }
    return run
  }

  /// The first index where `a` and `b` have different bits, with both values.
  func firstDifference(_ a: [Double], _ b: [Double]) -> String? {
    if a.count != b.count { return "counts \(a.count) vs \(b.count)" }
    for i in a.indices where a[i].bitPattern != b[i].bitPattern { return "[\(i)]: \(a[i]) vs \(b[i])" }
    return nil
  }

  // MARK: - LIF

  func testLIFVectorPaths_EqualScalarPath_BitForBit() {
    var rng = SplitMix64(seed: 12)
    func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * Double(rng.next() >> 11) / 0x1p53 }
    let settings = [
      Self.constants(dt: 0.001, tauRC: 0.02, tauRef: 0.002, minVoltage: 0, amplitude: 1),
      Self.constants(dt: 0.001, tauRC: 0.02, tauRef: 0.002, minVoltage: -1, amplitude: 0.5, subtract: true),
      // dt / tau_rc = 0.25: partial steps leave the polynomial's range (libm lanes).
      Self.constants(dt: 0.005, tauRC: 0.02, tauRef: 0.002, minVoltage: 0, amplitude: 1),
      Self.constants(dt: 0.005, tauRC: 0.02, tauRef: 0.001, minVoltage: -0.5, amplitude: 1, subtract: true),
    ]
    // Whole vectors only (of 4 and 8), masked or scalar tails, a single partial vector.
    for n in [61, 3, 10, 128, 133] {
      // Currents from negative to fast, some near the threshold 1 (crossings far past the
      // log1p polynomial's range); voltages include some set above threshold; refractory
      // times cover refractory, leaving (partial step) and free neurons.
      let current = (0..<n).map { i in i % 9 == 0 ? uniform(0.99, 1.02) : uniform(-2, 20) }
      let start = LIFRun(
        voltage: (0..<n).map { i in i % 13 == 0 ? uniform(1, 3) : uniform(-0.2, 1) },
        refractory: (0..<n).map { _ in uniform(-0.001, 0.004) }, output: Array(repeating: 0, count: n))
      for k in settings {
        let scalar = runLIF(k, current: current, start: start, steps: 40, path: .scalar)
        XCTAssertGreaterThan(scalar.events.joined().count, 2 * n, "the run must spike")
        XCTAssertTrue(scalar.values.joined().allSatisfy { $0 == k.height })
        for set in vectorSets {
          let vector = runLIF(k, current: current, start: start, steps: 40, path: set)
          let context = "\(set), n \(n), dt \(k.dt), subtract \(k.subtract)"
          XCTAssertEqual(firstDifference(vector.voltage, scalar.voltage), nil, "voltage, \(context)")
          XCTAssertEqual(firstDifference(vector.refractory, scalar.refractory), nil, "refractory, \(context)")
          XCTAssertEqual(firstDifference(vector.output, scalar.output), nil, "output, \(context)")
          XCTAssertEqual(vector.events, scalar.events, "events, \(context)")
          XCTAssertEqual(vector.values, scalar.values, "event values, \(context)")
        }
      }
    }
  }

  /// Nengo 4.1's `LIF.step`, written out literally in double with Foundation's libm (the
  /// subtract flag resets to `v - 1` instead of 0).
  struct NengoLIF {
    let dt, tauRC, tauRef, minVoltage, amplitude: Double
    let subtract: Bool

    func step(current j: [Double], voltage v: inout [Double], refractory ref: inout [Double]) -> [Double] {
      var output = [Double](repeating: 0, count: j.count)
      for i in j.indices {
        ref[i] -= dt
        let deltaT = min(max(dt - ref[i], 0), dt)
        v[i] -= (j[i] - v[i]) * Foundation.expm1(-deltaT / tauRC)
        let spiked = v[i] > 1
        output[i] = spiked ? amplitude / dt : 0
        let tSpike = dt + tauRC * Foundation.log1p(-(v[i] - 1) / (j[i] - 1))
        let reset = subtract ? v[i] - 1 : 0
        if v[i] < minVoltage { v[i] = minVoltage }
        if spiked {
          v[i] = reset
          ref[i] = tauRef + tSpike
        }
      }
      return output
    }
  }

  /// 10,000 steps against Nengo's equations: the same spikes on the same steps, and voltages
  /// and refractory times within 1e-12 relative (of the value, or of the threshold 1 for
  /// voltages and of dt for refractory times, which pass through 0), on every path.
  /// Includes partial steps beyond the expm1 polynomial's range (dt / tau_rc = 0.25) and
  /// crossings beyond log1p's (J near 1). Reset to 0 only, as in Nengo: with reset by
  /// subtraction and a refractory period the overshoot is counted twice (in the voltage
  /// kept and in the crossing time) and a difference in the last bit about doubles with
  /// each spike, so no two implementations that differ in one rounding stay together.
  func testLIF_MatchesNengoEquationsWithLibm_Over10000Steps() {
    var rng = SplitMix64(seed: 77)
    func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * Double(rng.next() >> 11) / 0x1p53 }
    let n = 37
    // Some currents near the threshold (long crossings), some that never reach it.
    let current = (0..<n).map { i in
      i % 6 == 0 ? uniform(1.0005, 1.05) : (i % 7 == 0 ? uniform(-3, 1) : uniform(1, 30))
    }
    let initialVoltage = (0..<n).map { _ in uniform(0, 1) }
    let models = [
      NengoLIF(dt: 0.001, tauRC: 0.02, tauRef: 0.002, minVoltage: 0, amplitude: 1, subtract: false),
      NengoLIF(dt: 0.001, tauRC: 0.05, tauRef: 0.001, minVoltage: -0.25, amplitude: 0.1, subtract: false),
      NengoLIF(dt: 0.005, tauRC: 0.02, tauRef: 0.002, minVoltage: 0, amplitude: 1, subtract: false),
    ]
    let steps = 10_000
    for model in models {
      let k = Self.constants(
        dt: model.dt, tauRC: model.tauRC, tauRef: model.tauRef, minVoltage: model.minVoltage,
        amplitude: model.amplitude, subtract: model.subtract)
      for set in [InstructionSet.scalar] + vectorSets {
        let context = "\(set), dt \(model.dt), tau_rc \(model.tauRC), subtract \(model.subtract)"
        var v = initialVoltage
        var ref = [Double](repeating: 0, count: n)
        var kernel = LIFRun(voltage: v, refractory: ref, output: Array(repeating: 0, count: n))
        var index = [Int32](repeating: -1, count: n + Events.slack)
        var value = [Double](repeating: 0, count: n + Events.slack)
        var spikes = 0
        var worstVoltage = 0.0
        var worstRefractory = 0.0
        for step in 0..<steps {
          let expected = model.step(current: current, voltage: &v, refractory: &ref)
          let count = withUnsafePointer(to: k) { c in
            Int(
              snn_lif_step_f64(
                set.path, c, Int64(n), current, &kernel.voltage, &kernel.refractory, &kernel.output, &index, &value))
          }
          spikes += count
          guard kernel.output == expected else {
            let differ = (0..<n).filter { kernel.output[$0] != expected[$0] }
            return XCTFail("\(context): step \(step), spikes differ at neurons \(differ)")
          }
          XCTAssertEqual(Array(index[0..<count]), (0..<n).filter { expected[$0] != 0 }.map(Int32.init))
          for i in 0..<n {
            worstVoltage = max(worstVoltage, abs(kernel.voltage[i] - v[i]) / max(abs(v[i]), 1))
            worstRefractory = max(worstRefractory, abs(kernel.refractory[i] - ref[i]) / max(abs(ref[i]), model.dt))
          }
        }
        XCTAssertGreaterThan(spikes, steps * n / 20, context)
        XCTAssertLessThanOrEqual(worstVoltage, 1e-12, "voltage, \(context)")
        XCTAssertLessThanOrEqual(worstRefractory, 1e-12, "refractory time, \(context)")
      }
    }
  }

  /// Reset by subtraction can leave a voltage above J > 1: its next spike has no crossing
  /// time, and a NaN refractory time integrates a whole step, as in the float kernel.
  func testLIF_VoltageLeftAboveJ_SubtractReset_RecoversTheSteadyRate() {
    let k = Self.constants(dt: 0.001, tauRC: 0.02, tauRef: 0.002, minVoltage: 0, amplitude: 1, subtract: true)
    let n = 19
    let current = [Double](repeating: 1.5, count: n)
    let start = LIFRun(
      voltage: (0..<n).map { $0 % 2 == 0 ? 3 : 0 }, refractory: Array(repeating: 0, count: n),
      output: Array(repeating: 0, count: n))
    for set in [InstructionSet.scalar] + vectorSets {
      let run = runLIF(k, current: current, start: start, steps: 400, path: set)
      XCTAssertTrue(run.voltage.allSatisfy { $0.isFinite }, "\(set)")
      var late = [Int](repeating: 0, count: n)
      for step in run.events[200...] { for i in step { late[Int(i)] += 1 } }
      XCTAssertGreaterThan(late[1], 5, "\(set): the fresh neuron fires")
      for i in stride(from: 0, to: n, by: 2) { XCTAssertEqual(late[i], late[1], accuracy: 1, "\(set), neuron \(i)") }
    }
  }

  // MARK: - expm1 and log1p

  /// expm1 and log1p as Taylor series in Float80 (64-bit significands): exact to far
  /// below a double's ulp on |x| < 1/8.
  static func expm1Series(_ x: Double) -> Float80 {
    var term = Float80(x)
    var sum: Float80 = 0
    for m in 2...30 {
      sum += term
      term *= Float80(x) / Float80(m)
    }
    return sum
  }

  static func log1pSeries(_ y: Double) -> Float80 {
    var power = Float80(y)
    var sum: Float80 = 0
    for m in 1...60 {
      sum += (m % 2 == 1 ? power : -power) / Float80(m)
      power *= Float80(y)
    }
    return sum
  }

  /// The error of `value` in units of the last place of the exact result.
  static func ulps(_ value: Double, exact: Float80) -> Double {
    Double(abs(Float80(value) - exact)) / Double(exact).ulp
  }

  func testExpm1AndLog1pSmall_WithinAnUlp_InRange_AndLibmBeyond() {
    var rng = SplitMix64(seed: 4)
    var worstExpm1 = 0.0
    var worstLog1p = 0.0
    for i in 0..<200_000 {
      // Uniform on (-1/8, 1/8), and every 20th point log-uniform down to 1e-12.
      var x = (Double(rng.next() >> 11) / 0x1p53 - 0.5) / 4
      if i % 20 == 0 { x = (x < 0 ? -1 : 1) * Foundation.pow(10, -1 - 11 * Double(rng.next() >> 11) / 0x1p53) }
      guard x != 0 else { continue }
      worstExpm1 = max(worstExpm1, Self.ulps(snn_expm1_small_f64(x), exact: Self.expm1Series(x)))
      worstLog1p = max(worstLog1p, Self.ulps(snn_log1p_small_f64(x), exact: Self.log1pSeries(x)))
    }
    XCTAssertLessThan(worstExpm1, 1, "expm1")
    XCTAssertLessThan(worstLog1p, 1, "log1p")
    for x in [0.125, -0.125, 0.5, -0.7, 3, -40] {
      XCTAssertEqual(snn_expm1_small_f64(x).bitPattern, Foundation.expm1(x).bitPattern, "expm1(\(x))")
      XCTAssertEqual(snn_log1p_small_f64(x).bitPattern, Foundation.log1p(x).bitPattern, "log1p(\(x))")
    }
    XCTAssertTrue(snn_log1p_small_f64(-2).isNaN)
    XCTAssertTrue(snn_expm1_small_f64(.nan).isNaN)
  }

  // MARK: - Row add

  func testRowAdd_EveryPath_EqualsEventOrderFusedSums_BitForBit() {
    var rng = SplitMix64(seed: 13)
    func uniform() -> Double { Double(rng.next() >> 11) / 0x1p53 - 0.5 }
    for width in [1, 3, 4, 5, 8, 9, 31, 32, 33, 64, 65, 100, 128, 130] {
      let rows = 40
      let w = (0..<(rows * width)).map { _ in uniform() }
      for count in [0, 1, 5, 33] {
        let index = (0..<count).map { _ in Int32(rng.next() % UInt64(rows)) }
        let value = (0..<count).map { _ in Double(1 + rng.next() % 3) * 0.37 }
        let start = (0..<width).map { _ in uniform() }
        var expected = start
        for c in 0..<width {
          for e in 0..<count { expected[c] = expected[c].addingProduct(w[Int(index[e]) * width + c], value[e]) }
        }
        for set in [InstructionSet.scalar] + vectorSets {
          var dest = start
          snn_row_add_f64(set.path, w, Int64(width), index, value, Int64(count), &dest)
          XCTAssertEqual(dest.map(\.bitPattern), expected.map(\.bitPattern), "\(set), width \(width), \(count) events")
        }
      }
    }
  }

  // MARK: - Poisson

  /// Runs `body` with `g` as the C kernels' generator (the same memory).
  func withGenerator<R>(_ g: inout Xoshiro128x8, _ body: (UnsafeMutablePointer<snn_xoshiro128x8>) -> R) -> R {
    withUnsafeMutablePointer(to: &g) { p in p.withMemoryRebound(to: snn_xoshiro128x8.self, capacity: 1, body) }
  }

  /// One step of the float64 Poisson kernel; returns the events. Writes `output` unless
  /// `writesOutput` is false (the kernel then gets no output array).
  func poisson64(
    _ set: InstructionSet, active: Int, activeIndex: [Int32], threshold: [UInt32], stride: Int, lambda: [Double],
    height: Double, rng g: inout Xoshiro128x8, output: inout [Double], writesOutput: Bool = true
  ) -> (index: [Int32], value: [Double]) {
    var index = [Int32](repeating: 0, count: active + Events.slack)
    var value = [Double](repeating: 0, count: active + Events.slack)
    let count = withGenerator(&g) { rng in
      output.withUnsafeMutableBufferPointer { out in
        Int(
          snn_poisson_step_f64(
            set.path, Int64(active), activeIndex, threshold, Int64(stride), lambda, nil, height, rng,
            writesOutput ? out.baseAddress : nil, &index, &value))
      }
    }
    return (Array(index[0..<count]), Array(value[0..<count]))
  }

  /// Thresholds per active neuron (SNN_POISSON_ROWS rows).
  static let rows = Int(SNN_POISSON_ROWS)

  /// Threshold rows are padded to whole blocks of 16 (the kernels read whole blocks).
  static func rowStride(_ active: Int) -> Int { (active + 15) / 16 * 16 }

  /// The thresholds the kernels expect: row m holds P(k <= m) * 2^32 of Poisson(lambda),
  /// rounded down (UInt32.max where that reaches 2^32 - 1), the CDF summed in double.
  static func thresholds(_ lambdas: [Double]) -> [UInt32] {
    let stride = rowStride(lambdas.count)
    var threshold = [UInt32](repeating: 0, count: rows * stride)
    for (a, lambda) in lambdas.enumerated() {
      var p = Foundation.exp(-lambda)
      var cdf = p
      for m in 0..<rows {
        if m > 0 {
          p *= lambda / Double(m)
          cdf += p
        }
        let scaled = cdf * 0x1p32
        threshold[m * stride + a] = scaled >= 4_294_967_295 ? .max : UInt32(scaled)
      }
    }
    return threshold
  }

  /// The float64 kernel gives the float kernel's counts for the same thresholds (Poisson
  /// CDFs) and generator state, with lambdas in the tail (CDF inverted further) and past 64
  /// (normal approximation), on every path.
  func testPoisson_CountsEqualTheFloatKernels_ForTheSameThresholdsAndGenerator() {
    let n = 45
    let lambda32: [Float] = (0..<n).map { i in [0.3, 0.05, 2, 7, 30, 100, 400][i % 7] }
    let lambda64 = lambda32.map(Double.init)
    let rowStride = Self.rowStride(n)
    let thresholds = Self.thresholds(lambda64)
    let activeIndex = (0..<rowStride).map(Int32.init)
    for set in [InstructionSet.scalar] + vectorSets {
      var g32 = Xoshiro128x8(seed: 31)
      var g64 = g32
      var tail = 0
      for step in 0..<300 {
        var out32 = [Float](repeating: 0, count: n)
        var index32 = [Int32](repeating: 0, count: n + Events.slack)
        var value32 = [Float](repeating: 0, count: n + Events.slack)
        let count32 = withGenerator(&g32) {
          Int(
            snn_poisson_step(
              InstructionSet.scalar.path, Int64(n), activeIndex, thresholds, Int64(rowStride), lambda32, nil, 2.5, $0,
              &out32, &index32, &value32))
        }
        // Every third step without an output array (the events alone).
        let writesOutput = step % 3 != 0
        var out64 = [Double](repeating: 0, count: n)
        let events = poisson64(
          set, active: n, activeIndex: activeIndex, threshold: thresholds, stride: rowStride, lambda: lambda64,
          height: 2.5, rng: &g64, output: &out64, writesOutput: writesOutput)
        XCTAssertEqual(events.index, Array(index32[0..<count32]), "\(set), step \(step)")
        XCTAssertEqual(events.value, value32[0..<count32].map(Double.init), "\(set), step \(step)")
        let expectedOutput = writesOutput ? out32.map(Double.init) : Array(repeating: 0, count: n)
        XCTAssertEqual(out64, expectedOutput, "\(set), step \(step)")
        tail += events.value.filter { $0 / 2.5 > Double(Self.rows) }.count
      }
      XCTAssertEqual(g64.s0, g32.s0, "\(set): the same draws")
      XCTAssertGreaterThan(tail, 1000, "\(set): counts past the last threshold")
    }
  }

  /// The Poisson CDF at k, in closed form: the sum of e^-lambda lambda^i / i! with each term
  /// from lgamma (not the kernel's recurrence).
  static func poissonCDF(_ k: Int, _ lambda: Double) -> Double {
    (0...k).reduce(0) { sum, i in
      sum + Foundation.exp(Double(i) * Foundation.log(lambda) - lambda - Foundation.lgamma(Double(i + 1)))
    }
  }

  /// With every threshold 0 each draw `u` is past P(k <= 7): the count is the smallest k >= 8
  /// with CDF(k) >= (u + 1/2) / 2^32 (lambda <= 64), or `round(lambda + sqrt(lambda) z)`
  /// with z by Box-Muller from `u` and the generator's next lane-0 draw (lambda > 64),
  /// computed here from an independent xoshiro128++.
  func testPoissonTail_InvertsTheCDF_ClosedForm() {
    let active = 29  // a full block of 16 and a partial one (two draws, then one)
    let rowStride = Self.rowStride(active)
    let threshold = [UInt32](repeating: 0, count: Self.rows * rowStride)
    let activeIndex = (0..<rowStride).map { Int32($0 * 2 + 1) }
    var lambda = [Double](repeating: 0, count: 2 * rowStride + 1)
    for a in 0..<active { lambda[2 * a + 1] = [3, 9.5, 20.25, 40, 64, 100.5, 1000][a % 7] }
    for set in [InstructionSet.scalar] + vectorSets {
      var g = Xoshiro128x8(seed: 17)
      var reference = (0..<8).map { l in CKernelTests.ReferenceXoshiro(s: (g.s0[l], g.s1[l], g.s2[l], g.s3[l])) }
      func draw() -> [UInt32] { (0..<8).map { reference[$0].next() } }
      var checked = 0
      for step in 0..<40 {
        var output = [Double](repeating: 0, count: lambda.count)
        let events = poisson64(
          set, active: active, activeIndex: activeIndex, threshold: threshold, stride: rowStride, lambda: lambda,
          height: 0.5, rng: &g, output: &output)
        XCTAssertEqual(events.index, Array(activeIndex[0..<active]), "\(set), step \(step)")
        for block in stride(from: 0, to: active, by: 16) {
          let u = draw() + (block + 8 < active ? draw() : [])
          for l in 0..<min(16, active - block) {
            let lam = lambda[Int(activeIndex[block + l])]
            let uu = (Double(u[l]) + 0.5) / 0x1p32
            let count = events.value[block + l] / 0.5
            var expected: Double
            var ambiguous: Bool
            if lam > 64 {
              let u2 = (Double(draw()[0]) + 0.5) / 0x1p32
              let z = (-2 * Foundation.log(uu)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
              let x = lam + lam.squareRoot() * z
              expected = x.rounded()
              ambiguous = abs(abs(x - x.rounded(.down)) - 0.5) < 1e-9
            } else {
              var k = 0
              while Self.poissonCDF(k, lam) < uu { k += 1 }
              expected = Double(max(k, Self.rows))
              ambiguous =
                abs(Self.poissonCDF(k, lam) - uu) < 1e-12 || (k > 0 && abs(Self.poissonCDF(k - 1, lam) - uu) < 1e-12)
            }
            if ambiguous { continue }
            XCTAssertEqual(count, expected, "\(set), step \(step), lambda \(lam), u \(u[l])")
            checked += 1
          }
        }
      }
      XCTAssertGreaterThan(checked, 40 * active - 5, "\(set): few draws fall on a CDF boundary")
      XCTAssertEqual((0..<8).map { g.s0[$0] }, reference.map { $0.s.0 }, "\(set): the kernel drew as often")
    }
  }
}
