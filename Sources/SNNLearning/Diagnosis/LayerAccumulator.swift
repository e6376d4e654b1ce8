import SNNModel

/// Running statistics of one ensemble over the examples of a diagnosis.
struct LayerAccumulator {
  let neurons: Int
  let type: NeuronType
  /// Output value of one spike (amplitude / dt), or the rate factor (amplitude) of a rate
  /// neuron.
  let unit: Double
  let limit: Double
  let threshold: Double
  let seconds: Double
  var responses = 0
  var rateSum = 0.0
  var rateMax = 0.0
  var saturated = 0
  var silent = 0
  var examples = 0
  var silentExamples = 0
  var currentMin = Double.infinity
  var currentMax = -Double.infinity
  var currentSum = 0.0
  var currentCount = 0
  var above = 0

  init(type: NeuronType, neurons: Int, steps: Int, dt: Double) {
    self.neurons = neurons
    self.type = type
    let amplitude = Diagnosis.amplitude(of: type)
    unit = type.isSpiking ? amplitude / dt : amplitude
    limit = Diagnosis.highestRate(of: type, dt: dt)
    threshold = Diagnosis.threshold(of: type)
    seconds = Double(steps) * dt
  }

  /// Spikes of each neuron (spiking types) or summed rate (rate types), from the summed
  /// output of one example.
  func events(_ outputSum: ArraySlice<Float>) -> [Double] {
    outputSum.map { type.isSpiking ? (Double($0) / unit).rounded() : Double($0) / unit }
  }

  /// Adds one example: its summed output per neuron and its input currents, `steps x n`.
  /// - Returns: each neuron's rate in this example, in Hz.
  mutating func add(outputSum: ArraySlice<Float>, currents: ArraySlice<Float>, steps: Int) -> [Double] {
    let counts = events(outputSum)
    let rates = counts.map { type.isSpiking ? $0 / seconds : $0 / Double(steps) }
    var anyActive = false
    for r in rates {
      responses += 1
      rateSum += r
      rateMax = Swift.max(rateMax, r)
      if r >= (1 - Diagnosis.saturationMargin) * limit { saturated += 1 }
      if r <= 0 { silent += 1 } else { anyActive = true }
    }
    examples += 1
    if !anyActive { silentExamples += 1 }
    for j in currents {
      let x = Double(j)
      currentMin = Swift.min(currentMin, x)
      currentMax = Swift.max(currentMax, x)
      currentSum += x
      if x > threshold { above += 1 }
    }
    currentCount += currents.count
    return rates
  }

  /// The finished statistics.
  func report(name: String, gain: [Double], bias: [Double]) -> LayerReport {
    let r = Double(Swift.max(responses, 1))
    let c = Double(Swift.max(currentCount, 1))
    return LayerReport(
      name: name, neurons: neurons, neuronType: type.name, spiking: type.isSpiking,
      gainMin: gain.min() ?? 0, gainMax: gain.max() ?? 0, biasMin: bias.min() ?? 0, biasMax: bias.max() ?? 0,
      spikeHeight: type.isSpiking ? unit : nil, meanRate: rateSum / r, maxRate: rateMax, rateLimit: limit,
      saturatedFraction: Double(saturated) / r, silentFraction: Double(silent) / r,
      silentExamples: Double(silentExamples) / Double(Swift.max(examples, 1)), threshold: threshold,
      currentMin: currentCount > 0 ? currentMin : 0, currentMax: currentCount > 0 ? currentMax : 0,
      currentMean: currentSum / c, aboveThreshold: Double(above) / c)
  }
}
