import SNNCore
import SNNModel
import SNNSimulator

/// Runs a network on a few examples and explains, in plain words and with the numbers
/// measured, why its accuracy may be poor: firing rates per layer against the highest rate
/// the neurons can reach at this dt, input currents against the threshold, output ties,
/// what the readout measures, and a list of causes with stable ids and fixes.
///
/// ```swift
/// let setup = DiagnosisSetup(network: net, input: input, output: out,
///                            readout: .positiveSteps(probe: probe), steps: 350)
/// let report = try Diagnosis.run(setup, inputs: pixels, labels: labels)
/// print(report.text)                    // or report.json()
/// ```
///
/// The diagnosis simulates a copy of the network with extra probes (each ensemble's summed
/// output and its input current at every step); the user's probes and spikes are unchanged.
/// For a NEF network the input currents of each decoded ensemble also give the value it is
/// asked to represent, against its radius (``RepresentedValue``, the cause
/// `value_outside_radius`).
public enum Diagnosis {
  /// A neuron is saturated when its rate is within this fraction of the highest rate its
  /// type reaches at the time step (``highestRate(of:dt:)``).
  public static let saturationMargin = 0.1
  /// Most floats the recorded input currents of one batch may take (64 MB).
  static let recordBudget = 16 << 20

  /// Runs `setup` on `inputs` (one example per row, in the units the input node takes) and
  /// diagnoses it.
  /// - Parameters:
  ///   - setup: the network, its input node, output ensemble and readout, and the run.
  ///   - inputs: one example per row, as many columns as the input node's size.
  ///   - labels: the examples' classes; when given, the report includes the accuracy of
  ///     the readout and of spike counts.
  ///   - progress: called after each batch with the examples done so far.
  /// - Throws: ``DiagnosisError`` for inputs or labels of the wrong shape, a missing input
  ///   node, output ensemble or readout probe; ``/SNNSimulator/BuildError`` or
  ///   ``/SNNModel/ModelError`` when the
  ///   network does not build.
  public static func run(
    _ setup: DiagnosisSetup, inputs: Matrix, labels: [UInt8]? = nil, progress: ((Int) -> Void)? = nil
  ) throws -> DiagnosisReport {
    let source = setup.network
    try validate(setup, inputs: inputs, labels: labels)
    var net = source
    // A network without a seed draws its parameters at each build: fix one draw, so that
    // every batch and the reported gains come from the same network.
    if net.seed == nil { net.seed = UInt64.random(in: 0...UInt64.max) }
    let ensembleIDs = try NetworkHandles(net).ensembles
    // A Direct ensemble has no neurons to record: its layer stays empty.
    let direct = source.ensembles.map { $0.neuronType?.model is Direct }
    let sums = try ensembleIDs.map { id in
      direct[id.index] ? nil : try net.probe(.neurons(id), mode: .sum, label: "diagnosis.output.\(id.index)")
    }
    let currents = try ensembleIDs.map { id in
      direct[id.index]
        ? nil : try net.probe(.neurons(id), attribute: .input, mode: .everyStep, label: "diagnosis.input.\(id.index)")
    }
    let out = setup.output.index
    let perExample = setup.steps * (source.ensembles.map(\.nNeurons).reduce(0, +) + source.ensembles[out].nNeurons)
    let batch = max(1, min(setup.batchSize, recordBudget / max(perExample, 1), inputs.rows))
    let sim = try Simulator(
      net, dt: setup.dt, batchSize: batch, seed: setup.seed, threads: setup.threads,
      options: EngineOptions(precision: setup.precision))
    let plan = sim.plan
    var layers = source.ensembles.indices.map { i in
      LayerAccumulator(
        type: plan.ensembles[i].neuronType, neurons: source.ensembles[i].nNeurons, steps: setup.steps, dt: setup.dt)
    }
    var outputs = OutputAccumulator(limit: layers[out].limit)
    var radii = source.ensembles.indices.map {
      direct[$0] ? nil : RadiusAccumulator(index: $0, network: source, built: plan.ensembles[$0])
    }

    try sim.forEachBatch(inputs, into: setup.input, steps: setup.steps) { examples in
      let sumData = sums.map { $0.map { sim.data($0) } }
      let currentData = currents.map { $0.map { sim.data($0) } }
      let readoutData = setup.readout.probe.map { sim.data($0) }
      for (b, example) in examples.enumerated() {
        var outputRates: [Double] = []
        var outputCounts: [Double] = []
        for (i, _) in layers.enumerated() {
          guard let sums = sumData[i], let currents = currentData[i] else { continue }
          let n = source.ensembles[i].nNeurons
          let sum = sums.values[(b * n)..<((b + 1) * n)]
          let js = currents.values[(b * setup.steps * n)..<((b + 1) * setup.steps * n)]
          let rates = layers[i].add(outputSum: sum, currents: js, steps: setup.steps)
          radii[i]?.add(currents: js, steps: setup.steps)
          if i == out {
            outputRates = rates
            outputCounts = layers[i].events(sum)
          }
        }
        let values: [Double]
        switch (setup.readout, readoutData) {
        case (.positiveSteps, let data?): values = positiveSteps(data, example: b)
        case (.probeSum, let data?): values = data.sum(example: b).map(Double.init)
        default: values = outputCounts
        }
        outputs.add(readout: values, counts: outputCounts, rates: outputRates, label: labels.map { Int($0[example]) })
      }
      progress?(examples.upperBound)
    }

    var layerReports = layers.enumerated().map { i, acc in
      acc.report(name: source.ensembles[i].label, gain: plan.ensembles[i].gain, bias: plan.ensembles[i].bias)
    }
    for case let radius? in radii {
      let i = radius.ensemble
      let built = plan.ensembles[i]
      let encoding = EnsembleEncoding(
        label: built.label, neuronType: built.neuronType.model, encoders: built.encoders, gain: built.gain,
        bias: built.bias, radius: built.radius, evalPoints: try net.evalPoints(of: ensembleIDs[i], seed: plan.seed))
      layerReports[i].represented = radius.report(encoding: encoding)
    }
    let input = inputSummary(setup, inputs: inputs)
    let readout = outputs.report(setup: setup, network: source)
    var report = DiagnosisReport(
      network: source.label, images: inputs.rows, steps: setup.steps, dt: setup.dt, input: input,
      layers: layerReports, readout: readout, causes: [])
    report.causes = causes(report, setup: setup, plan: plan)
    return report
  }

  /// The number of steps at which each component of example `b` of `data` is positive.
  static func positiveSteps(_ data: ProbeData, example b: Int) -> [Double] {
    var counts = [Double](repeating: 0, count: data.size)
    for t in 0..<data.steps {
      for i in 0..<data.size where data[b, t, i] > 0 { counts[i] += 1 }
    }
    return counts
  }

  static func validate(_ setup: DiagnosisSetup, inputs: Matrix, labels: [UInt8]?) throws {
    let net = setup.network
    guard setup.steps > 0 else { throw DiagnosisError("steps must be positive, got \(setup.steps)") }
    guard setup.batchSize > 0 else { throw DiagnosisError("batch size must be positive, got \(setup.batchSize)") }
    guard net.nodes.indices.contains(setup.input.index) else {
      throw DiagnosisError("input node #\(setup.input.index) is not in network '\(net.label)'")
    }
    guard net.ensembles.indices.contains(setup.output.index) else {
      throw DiagnosisError("output ensemble #\(setup.output.index) is not in network '\(net.label)'")
    }
    let output = net.ensembles[setup.output.index]
    if output.neuronType?.model is Direct {
      throw DiagnosisError("output ensemble '\(output.label)' is Direct: it has no neurons whose spikes to read out")
    }
    let node = net.nodes[setup.input.index]
    guard inputs.rows > 0, inputs.cols == node.size else {
      throw DiagnosisError(
        "inputs of shape \(inputs.shapeDescription) given; node '\(node.label)' takes (examples > 0, \(node.size))")
    }
    if let bad = inputs.nonFiniteSummary() {
      throw DiagnosisError("inputs hold \(bad.count) NaN or infinite values, the first at flat index \(bad.firstIndex)")
    }
    if let labels, labels.count != inputs.rows {
      throw DiagnosisError("\(labels.count) labels given for \(inputs.rows) examples")
    }
    if let probe = setup.readout.probe {
      guard net.probes.indices.contains(probe.index) else {
        throw DiagnosisError("readout probe #\(probe.index) is not in network '\(net.label)'")
      }
      let p = net.probes[probe.index]
      let outputSize = net.ensembles[setup.output.index].nNeurons
      if case .positiveSteps = setup.readout, p.mode != .everyStep {
        throw DiagnosisError("readout probe '\(p.label)' records only a sum; probe > 0 needs every step")
      }
      guard net.size(of: p.target) == outputSize else {
        throw DiagnosisError(
          "readout probe '\(p.label)' records \(net.name(of: p.target)) (\(net.size(of: p.target)) values), "
            + "not the \(outputSize) neurons of output '\(net.ensembles[setup.output.index].label)'")
      }
    }
  }

  static func inputSummary(_ setup: DiagnosisSetup, inputs: Matrix) -> InputSummary {
    let net = setup.network
    var lo = Double.infinity
    var hi = -Double.infinity
    var sum = 0.0
    for v in inputs.values {
      lo = min(lo, Double(v))
      hi = max(hi, Double(v))
      sum += Double(v)
    }
    var feeds: [String] = []
    var expected = 0.0
    for c in net.connections where c.pre == .node(setup.input) {
      feeds.append(net.name(of: c.post))
      switch c.post {
      case .ensemble(let id): expected = max(expected, net.ensembles[id.index].radius ?? 1)
      default: expected = max(expected, 1)
      }
    }
    return InputSummary(
      node: net.nodes[setup.input.index].label, size: inputs.cols, min: lo, max: hi,
      mean: sum / Double(max(inputs.values.count, 1)), expectedMagnitude: expected > 0 ? expected : 1, feeds: feeds)
  }
}
