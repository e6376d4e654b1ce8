import SNNModel
import SNNSimulator

extension Diagnosis {
  /// Input values count as not normalized beyond this multiple of the magnitude the fed
  /// neurons are tuned for.
  public static let inputExcess = 2.0
  /// Spiking neurons are beyond the dt limit above this multiple of 1/dt (a Poisson neuron
  /// at exactly 1/dt, the converter's default input rate, stays below it).
  public static let rateExcess = 1.5
  /// Output saturation is reported when two or more output neurons are saturated in at
  /// least this fraction of the examples.
  public static let saturatedExamples = 0.25
  /// A layer is reported silent when it emits nothing in at least this fraction of the
  /// examples.
  public static let silentExamples = 0.5
  /// A decoded ensemble's input counts as outside its radius when its magnitude exceeds
  /// this multiple of the radius (spike noise takes a value at the radius a little beyond it).
  public static let radiusExcess = 1.1

  /// The causes the statistics in `r` point to, in a fixed order.
  static func causes(_ r: DiagnosisReport, setup: DiagnosisSetup, plan: Plan) -> [Cause] {
    var found: [Cause] = []
    if let c = inputCause(r, setup: setup, plan: plan) { found.append(c) }
    found += gainCauses(r, setup: setup, plan: plan)
    found += rateCauses(r, setup: setup)
    if let c = saturationCause(r, setup: setup, plan: plan) { found.append(c) }
    if let c = readoutCause(r, setup: setup) { found.append(c) }
    found += silenceCauses(r)
    found += radiusCauses(r)
    return found
  }

  typealias F = DiagnosisFormat

  static func inputCause(_ r: DiagnosisReport, setup: DiagnosisSetup, plan: Plan) -> Cause? {
    let input = r.input
    let magnitude = max(abs(input.min), abs(input.max))
    guard magnitude > inputExcess * input.expectedMagnitude else { return nil }
    let net = setup.network
    var effect = ""
    if let c = net.connections.first(where: { $0.pre == .node(setup.input) }) {
      let id: Int
      switch c.post {
      case .ensemble(let e), .neurons(let e): id = e.index
      case .node, .learningRule: id = -1
      }
      if id >= 0 {
        let layer = r.layers[id]
        let built = plan.ensembles[id]
        effect =
          "; '\(layer.name)' then fires at up to \(F.number(layer.maxRate)) Hz (mean \(F.number(layer.meanRate)) Hz)"
        if let rates = built.maxRates {
          effect += " where its max_rates ask for \(F.range(rates.min() ?? 0, rates.max() ?? 0)) Hz at input 1"
        }
      }
    }
    return Cause(
      id: .inputNotNormalized, subject: input.node,
      explanation:
        "Node '\(input.node)' gives values from \(F.number(input.min)) to \(F.number(input.max)) (mean "
        + "\(F.number(input.mean))), but \(input.feeds.joined(separator: ", ")) is tuned for inputs of magnitude up "
        + "to \(F.number(input.expectedMagnitude)) (max_rates are the rates at input 1, the radius)\(effect).",
      fix:
        "Scale the inputs to [0, 1] as the ANN saw them (pixels / 255: Nengo `X_test / 255`, SwiftSNN "
        + "`MNISTDataset.scaledPixels`).")
  }

  static func gainCauses(_ r: DiagnosisReport, setup: DiagnosisSetup, plan: Plan) -> [Cause] {
    let net = setup.network
    var found: [Cause] = []
    for c in net.connections {
      guard case .neurons = c.pre, case .neurons(let post) = c.post else { continue }
      let built = plan.ensembles[post.index]
      guard built.gain.contains(where: { abs($0 - 1) > 1e-6 }) else { continue }
      let layer = r.layers[post.index]
      let gain = F.range(layer.gainMin, layer.gainMax)
      var origin = ""
      if let rates = built.maxRates, let intercepts = built.intercepts {
        origin =
          " (\(built.neuronType.name) with max_rates \(F.range(rates.min() ?? 0, rates.max() ?? 0)) Hz and "
          + "intercepts \(F.range(intercepts.min() ?? 0, intercepts.max() ?? 0)))"
      }
      var bias = "."
      if layer.biasMax != 0 || layer.biasMin != 0 {
        bias = ", and every neuron also receives its bias current \(F.range(layer.biasMin, layer.biasMax)) each step"
        if abs(layer.biasMin - layer.threshold) < 1e-6 && abs(layer.biasMax - layer.threshold) < 1e-6 {
          bias += ", which holds it exactly at its threshold J = \(F.number(layer.threshold)) before any input arrives"
        }
        bias += "."
      }
      found.append(
        Cause(
          id: .gainScalesWeights, subject: c.label,
          explanation:
            "Connection '\(c.label)' goes into the neurons of '\(layer.name)', so Nengo multiplies every weight by "
            + "the neuron's gain, \(gain) here\(origin): the ANN's weights act \(gain) times larger than trained\(bias)",
          fix:
            "Give '\(layer.name)' gain 1 and bias 0 (Nengo: `gain=np.ones(n), bias=np.zeros(n)` on the Ensemble; "
            + "SwiftSNN: `Ensemble(..., gain: ..., bias: ...)`), or divide the transform by the gain."))
    }
    return found
  }

  static func rateCauses(_ r: DiagnosisReport, setup: DiagnosisSetup) -> [Cause] {
    let net = setup.network
    let stepRate = 1 / r.dt
    var found: [Cause] = []
    for (i, layer) in r.layers.enumerated() where layer.spiking && layer.maxRate > rateExcess * stepRate {
      let height = layer.spikeHeight ?? 0
      let amplitude = height * r.dt
      var next = ""
      if let c = net.connections.first(where: { if case .neurons(let e) = $0.pre { e.index == i } else { false } }),
        case .neurons(let post) = c.post
      {
        let target = r.layers[post.index]
        next =
          " The currents of '\(target.name)' reach \(F.number(target.currentMax)) (threshold \(F.number(target.threshold)))."
      }
      found.append(
        Cause(
          id: .rateBeyondDtLimit, subject: layer.name,
          explanation:
            "'\(layer.name)' (\(layer.neuronType)) fires at up to \(F.number(layer.maxRate)) Hz (mean "
            + "\(F.number(layer.meanRate)) Hz) at dt = \(F.seconds(r.dt)): up to \(F.number(layer.maxRate * r.dt)) "
            + "spikes per step, far beyond the one-spike-per-step rate 1/dt = \(F.number(stepRate)) Hz. Each spike "
            + "has height amplitude/dt = \(F.number(height)), so a neuron's output averages rate x amplitude = up to "
            + "\(F.number(layer.maxRate * amplitude)) where the ANN's activations were at most about 1.\(next)",
          fix:
            "Keep rates at or below 1/dt and make each spike train average to the ANN's activation: inputs in "
            + "[0, 1], gain = max rate <= 1/dt (e.g. 1000 Hz at dt = 1 ms) and amplitude = 1 / max rate (the "
            + "Converter's defaults: PoissonSpiking at 1000 Hz with amplitude 0.001)."))
    }
    return found
  }

  static func saturationCause(_ r: DiagnosisReport, setup: DiagnosisSetup, plan: Plan) -> Cause? {
    let out = setup.output.index
    let layer = r.layers[out]
    guard r.readout.multipleSaturatedFraction >= saturatedExamples else { return nil }
    var why = ""
    if case .lif(let p) = plan.ensembles[out].neuronType, p.tauRef * layer.rateLimit > 0.999 {
      why = " = 1 / tau_ref, tau_ref = \(F.seconds(p.tauRef))"
    }
    let upstream = r.layers.enumerated().filter { $0.offset != out && $0.element.saturatedFraction >= 0.1 }
      .map { "\(F.percent($0.element.saturatedFraction)) of '\($0.element.name)'" }
    let alsoUp = upstream.isEmpty ? "" : " Upstream, \(upstream.joined(separator: " and ")) are saturated too."
    return Cause(
      id: .outputSaturation, subject: layer.name,
      explanation:
        "In \(F.percent(r.readout.multipleSaturatedFraction)) of the examples two or more neurons of '\(layer.name)' "
        + "fire within \(F.percent(saturationMargin)) of the highest rate \(layer.neuronType) reaches at dt = "
        + "\(F.seconds(r.dt)) (\(F.number(layer.rateLimit)) Hz\(why)); on average "
        + "\(F.number(r.readout.saturatedOutputs)) of \(layer.neurons) output neurons are saturated, with input "
        + "currents up to \(F.number(layer.currentMax)) against the threshold \(F.number(layer.threshold)). "
        + "Saturated neurons fire at nearly that rate whatever their input, so spike counts stop ranking the "
        + "classes: the top spike count is tied in \(F.percent(r.readout.spikeCountTiedFraction)) of the "
        + "examples.\(alsoUp)",
      fix:
        "Scale each layer's weights so that currents stay in the neurons' working range: normalize by a high "
        + "percentile of the ANN's activations (Rueckauer et al. 2017; the Converter's default percentile:99.9), "
        + "with gain 1 and bias 0.")
  }

  static func readoutCause(_ r: DiagnosisReport, setup: DiagnosisSetup) -> Cause? {
    guard case .positiveSteps(let id) = setup.readout, let synapse = setup.network.probes[id.index].synapse else {
      return nil
    }
    let probe = setup.network.probes[id.index].label
    var accuracy = ""
    if let a = r.readout.accuracy, let b = r.readout.spikeCountAccuracy {
      accuracy = " (accuracy \(F.number(a)) against \(F.number(b)) from spike counts)"
    }
    return Cause(
      id: .probeCountsStepsNotSpikes, subject: probe,
      explanation:
        "The class is the neuron with the most steps at which probe '\(probe)' is > 0, but the probe is filtered "
        + "(\(synapse.name)): after a neuron's first spike the filtered value decays as exp(-t / "
        + "\(F.seconds(synapse.tau))) and stays positive to the end of the run, so the readout counts the steps "
        + "since each neuron first fired, not its spikes: it ranks neurons by how early they fired. Here the chosen "
        + "neuron scored \(F.number(r.readout.winnerValue)) of \(r.steps) steps on average while firing "
        + "\(F.number(r.readout.winnerSpikes)) spikes; the readout and the spike counts chose different classes in "
        + "\(F.percent(1 - r.readout.agreesWithSpikeCount)) of the examples\(accuracy).",
      fix:
        "Count spikes: probe the output neurons without a synapse and take the argmax of the summed output "
        + "(Nengo: `p = nengo.Probe(out.neurons)`, `np.argmax(sim.data[p].sum(axis=0))`; SwiftSNN: "
        + "`net.probe(.neurons(out), mode: .sum)`).")
  }

  static func silenceCauses(_ r: DiagnosisReport) -> [Cause] {
    r.layers.filter { $0.silentExamples >= silentExamples }.map { layer in
      let above =
        layer.aboveThreshold > 0
        ? ", and above it only \(F.percent(layer.aboveThreshold)) of the time"
        : ", never above its threshold \(F.number(layer.threshold))"
      return Cause(
        id: .silentLayer, subject: layer.name,
        explanation:
          "'\(layer.name)' emitted nothing in \(F.percent(layer.silentExamples)) of the examples: its input current "
          + "stayed between \(F.number(layer.currentMin)) and \(F.number(layer.currentMax))\(above). Every layer "
          + "after it receives nothing from it.",
        fix:
          "Check the weights into '\(layer.name)' (all zero? the wrong layer?) and the scale of its input: its "
          + "currents must exceed the threshold \(F.number(layer.threshold)) for it to fire.")
    }
  }

  static func radiusCauses(_ r: DiagnosisReport) -> [Cause] {
    r.layers.compactMap { layer in
      guard let v = layer.represented, v.maxRatio > radiusExcess else { return nil }
      var decoded = ""
      if let atMax = v.decodedAtMaxInput, let atRadius = v.decodedBeyondRadius.first {
        let beyond = v.decodedBeyondRadius.filter { $0.input > v.radius }.map {
          "\(F.number($0.input)) -> \(F.number($0.decoded))"
        }
        decoded =
          " Beyond the radius the neurons' rates rise only slowly and no eval point taught the decoders those "
          + "values, so the decoded value saturates: decoding the rate curves gives \(F.number(atRadius.decoded)) at "
          + "the radius \(F.number(v.radius)), then \(beyond.joined(separator: ", ")); at the largest input, "
          + "\(F.number(v.maxInput)), '\(layer.name)' represents about \(F.number(atMax)) (\(F.percent(atMax / v.maxInput)) "
          + "of it)."
      }
      let scale = F.number(v.maxRatio)
      return Cause(
        id: .valueOutsideRadius, subject: layer.name,
        explanation:
          "The value '\(layer.name)' is asked to represent reaches |x| = \(F.number(v.maxInput)), \(scale) times its "
          + "radius \(F.number(v.radius)), and is beyond the radius in \(F.percent(v.outsideFraction)) of the steps "
          + "of all examples (x recovered from its neurons' input currents).\(decoded)",
        fix:
          "Give '\(layer.name)' a radius of at least \(F.number(v.maxInput)) (Nengo: `nengo.Ensemble(..., "
          + "radius=\(F.number(v.maxInput)))`; SwiftSNN: `Ensemble(..., radius: \(F.number(v.maxInput)))`), or scale "
          + "its input down by \(scale) (a transform of \(F.number(1 / v.maxRatio)) on the connections into it) and "
          + "scale the decoded value back up where it is used.")
    }
  }
}
