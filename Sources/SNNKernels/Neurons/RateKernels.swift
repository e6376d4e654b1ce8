import Foundation

/// Rate curves and the neuron types built on them: rate neurons (LIFRate, RectifiedLinear),
/// SpikingRectifiedLinear and RegularSpiking (Nengo's `step` functions).
enum RateKernels {
  /// The rate of `function` at current `j` (Hz times amplitude).
  @inline(__always)
  static func rate(_ function: RateFunction, _ j: Float) -> Float {
    switch function {
    case .rectifiedLinear(let amplitude):
      return amplitude * max(j, 0)
    case .lif(let tauRC, let tauRef, let amplitude):
      let x = j - 1
      guard x > 0 else { return 0 }
      return amplitude / (tauRef + tauRC * Float(Foundation.log1p(1 / Double(x))))
    }
  }

  /// `output = rate(J)` for a whole population.
  static func rateStep(_ function: RateFunction, n: Int, current j: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
    switch function {
    case .rectifiedLinear(let amplitude):
      for i in 0..<n { output[i] = amplitude * max(j[i], 0) }
    case .lif:
      for i in 0..<n { output[i] = rate(function, j[i]) }
    }
  }

  /// Integrate-and-fire with reset by subtraction, several spikes per step possible:
  /// `v += max(J, 0) dt; k = floor(v); output = k amplitude/dt; v -= k`
  /// (RegularSpiking is the same on `rate(J)` instead of `max(J, 0)`).
  /// - Returns: the number of events written.
  @inline(__always)
  static func integrateAndFire(
    n: Int, dt: Float, height: Float, drive: (Int) -> Float, voltage v: UnsafeMutablePointer<Float>,
    output: UnsafeMutablePointer<Float>, eventIndex: UnsafeMutablePointer<Int32>, eventValue: UnsafeMutablePointer<Float>
  ) -> Int {
    var count = 0
    for i in 0..<n {
      var vv = v[i] + drive(i) * dt
      let spikes = vv.rounded(.down)
      vv -= spikes
      v[i] = vv
      let out = spikes * height
      output[i] = out
      if spikes > 0 {
        eventIndex[count] = Int32(i)
        eventValue[count] = out
        count += 1
      }
    }
    return count
  }
}

/// The neurons step of a rate population (LIFRate, RectifiedLinear): `output = rate(J)`.
final class RateStep: EngineStep {
  let function: RateFunction
  let n: Int
  let current: UnsafeMutablePointer<Float>
  let output: UnsafeMutablePointer<Float>

  init(_ c: NeuronStepContext, function: RateFunction) {
    self.function = function
    n = c.spec.n
    current = c.signals.current.base
    output = c.state.output[c.population].base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      RateKernels.rateStep(function, n: n, current: current + r * n, output: output + (chunk.lo + r) * n)
    }
  }
}

/// The neurons step of SpikingRectifiedLinear (`drive = max(J, 0)`) or RegularSpiking
/// (`drive = rate(J)`): ``RateKernels/integrateAndFire(n:dt:height:drive:voltage:output:eventIndex:eventValue:)``.
final class IntegrateAndFireStep: EngineStep {
  /// The base rate curve (RegularSpiking), or nil for `max(J, 0)` (SpikingRectifiedLinear).
  let base: RateFunction?
  let dt: Float
  let height: Float
  let n: Int
  let current: UnsafeMutablePointer<Float>
  let voltage: UnsafeMutablePointer<Float>
  let output: UnsafeMutablePointer<Float>
  let eventIndex: UnsafeMutablePointer<Int32>
  let eventValue: UnsafeMutablePointer<Float>
  let eventCount: UnsafeMutablePointer<Int>

  init(_ c: NeuronStepContext, base: RateFunction?, amplitude: Float) {
    self.base = base
    dt = c.dt
    height = amplitude / c.dt
    n = c.spec.n
    current = c.signals.current.base
    voltage = c.state.required(c.state.voltage, c.population)
    output = c.state.output[c.population].base
    eventIndex = c.signals.eventIndex.base
    eventValue = c.signals.eventValue.base
    eventCount = c.signals.eventCount.base
  }

  func run(_ chunk: Chunk, _ counters: inout Executor.Counters) {
    for r in 0..<chunk.rows {
      let b = chunk.lo + r
      let j = current + r * n
      let v = voltage + b * n
      let out = output + b * n
      let ei = eventIndex + r * n
      let ev = eventValue + r * n
      if let base {
        eventCount[r] = RateKernels.integrateAndFire(
          n: n, dt: dt, height: height, drive: { RateKernels.rate(base, j[$0]) }, voltage: v, output: out,
          eventIndex: ei, eventValue: ev)
      } else {
        eventCount[r] = RateKernels.integrateAndFire(
          n: n, dt: dt, height: height, drive: { max(j[$0], 0) }, voltage: v, output: out, eventIndex: ei,
          eventValue: ev)
      }
    }
  }
}
