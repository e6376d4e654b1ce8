import SNNModel

/// Running statistics of the readout over the examples of a diagnosis.
struct OutputAccumulator {
  let limit: Double
  var examples = 0
  var tied = 0
  var countTied = 0
  var agree = 0
  var winnerValue = 0.0
  var winnerSpikes = 0.0
  var saturated = 0
  var multipleSaturated = 0
  var labelled = 0
  var correct = 0
  var countCorrect = 0

  init(limit: Double) { self.limit = limit }

  /// Adds one example: the readout value, spike count and rate (Hz) of each output neuron,
  /// and the example's class when known.
  mutating func add(readout: [Double], counts: [Double], rates: [Double], label: Int?) {
    let values = readout.map(Float.init)
    let (choice, isTied) = Readout.classify(values[...])
    let (countChoice, countIsTied) = Readout.classify(counts.map(Float.init)[...])
    examples += 1
    if isTied { tied += 1 }
    if countIsTied { countTied += 1 }
    if choice == countChoice { agree += 1 }
    winnerValue += readout[choice]
    winnerSpikes += counts[choice]
    let n = rates.filter { $0 >= (1 - Diagnosis.saturationMargin) * limit }.count
    saturated += n
    if n >= 2 { multipleSaturated += 1 }
    if let label {
      labelled += 1
      if choice == label { correct += 1 }
      if countChoice == label { countCorrect += 1 }
    }
  }

  /// The finished statistics.
  func report(setup: DiagnosisSetup, network net: Network) -> ReadoutReport {
    let e = Double(Swift.max(examples, 1))
    let output = net.ensembles[setup.output.index].label
    var probe: String?
    var synapse: String?
    let measures: String
    switch setup.readout {
    case .spikeCount:
      measures =
        "the number of spikes each neuron of '\(output)' fires during the run; the class is the neuron with the most"
    case .probeSum(let id):
      let p = net.probes[id.index]
      probe = p.label
      synapse = p.synapse?.name
      let what = p.attribute == .input ? "input current" : p.attribute.rawValue
      measures =
        "the \(what) of \(net.name(of: p.target)) summed over the run (probe '\(p.label)'); the class is the "
        + "neuron with the largest sum"
    case .positiveSteps(let id):
      let p = net.probes[id.index]
      probe = p.label
      synapse = p.synapse?.name
      if let s = p.synapse {
        measures =
          "the number of steps at which probe '\(p.label)' (\(s.name) of \(net.name(of: p.target))) is > 0: "
          + "a filtered trace stays positive after a neuron's first spike, so this counts the steps since each "
          + "neuron first fired, not its spikes"
      } else {
        measures =
          "the number of steps at which probe '\(p.label)' (unfiltered \(net.name(of: p.target))) is > 0: "
          + "the steps with at least one spike"
      }
    }
    return ReadoutReport(
      rule: setup.readout.name, probe: probe, probeSynapse: synapse, measures: measures, output: output,
      tiedFraction: Double(tied) / e, spikeCountTiedFraction: Double(countTied) / e,
      agreesWithSpikeCount: Double(agree) / e, winnerValue: winnerValue / e, winnerSpikes: winnerSpikes / e,
      saturatedOutputs: Double(saturated) / e, multipleSaturatedFraction: Double(multipleSaturated) / e,
      accuracy: labelled > 0 ? Double(correct) / Double(labelled) : nil,
      spikeCountAccuracy: labelled > 0 ? Double(countCorrect) / Double(labelled) : nil)
  }
}
