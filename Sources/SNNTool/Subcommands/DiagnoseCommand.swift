import ArgumentParser
import Foundation
import SwiftSNN

extension SNNCommand {
  /// `snn diagnose NET`: runs a network file on MNIST test images and explains its
  /// accuracy.
  struct Diagnose: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a network file on MNIST test images (or given inputs) and explain what goes wrong.",
      discussion: """
        Reports per layer the mean and max firing rate, the fraction of neurons saturated (within 10% of the \
        highest rate the neuron type reaches at this dt) and silent, the input current range against the \
        threshold, output ties and what the readout measures, and for each decoded ensemble (a NEF ensemble \
        fed through its encoders) the value it is asked to represent against its radius; then the causes \
        found, by stable id (input_not_normalized, gain_scales_weights, rate_beyond_dt_limit, \
        output_saturation, probe_counts_steps_not_spikes, silent_layer, value_outside_radius), each with its \
        fix. The file's metadata says how to run it: input_node, input_scale, output_ensemble, readout, \
        readout_probe, dt, steps. With --input the examples are the rows of one array named after the input \
        node, (examples, size), each held for the whole run, instead of MNIST images (no accuracy then).
        """)

    @Argument(help: "Network file (.json), e.g. written by `nengo-forum --export`.")
    var network: String
    @OptionGroup var dataOptions: DataOptions
    @Option(parsing: .unconditional, help: "Use the first N test images, 1-10000.")
    var limit = 200
    @Option(
      help: ArgumentHelp(
        "Diagnose on these inputs instead of MNIST (.npz): one (examples, size) array named after the input node.",
        valueName: "file.npz"))
    var input: String?
    @OptionGroup var simulation: SimulationOptions
    @Flag(help: "Print the report as one JSON object.")
    var json = false

    func validate() throws {
      guard limit > 0, limit <= 10_000 else { throw ValidationError("--limit must be in 1-10000, got \(limit)") }
      try FileArguments.requireNonEmpty(["NETWORK": network, "--input": input])
    }

    func run() throws {
      let url = URL(fileURLWithPath: network)
      let doc = try NetworkFile.load(url: url)
      let run = try DiagnosedRun(doc, file: url.path, steps: simulation.steps, dt: simulation.dt)
      var setup = run.setup
      setup.seed = simulation.seed
      setup.threads = simulation.threads
      setup.precision = simulation.precision
      let inputs: Matrix
      var labels: [UInt8]?
      if let input {
        inputs = try givenInputs(input, setup: setup)
      } else {
        let (_, test) = try MNISTPipeline.loadData(
          directory: dataOptions.data, trainLimit: 0, testLimit: limit, limitOption: "--limit",
          log: json ? nil : { print($0) })
        let pixels = test.scaledPixels(range: 0..<test.count).map { $0 * run.inputScale }
        inputs = try Matrix(rows: test.count, cols: test.pixelsPerImage, values: pixels)
        labels = test.labels
      }
      let bar = ProgressBar("diagnose", total: inputs.rows, enabled: !json)
      let report = try Diagnosis.run(setup, inputs: inputs, labels: labels, progress: { bar.update($0) })
      if json {
        try Output.json(report)
      } else {
        print(report.text)
      }
    }

    /// The examples of `--input`: the `(examples, size)` array named after the input node
    /// (values as given: `input_scale` does not apply).
    private func givenInputs(_ file: String, setup: DiagnosisSetup) throws -> Matrix {
      let url = URL(fileURLWithPath: file)
      let node = setup.network.nodes[setup.input.index]
      let arrays = try NPZ.read(url: url)
      guard let array = arrays[node.label] else {
        throw ValidationError(
          "\(file): no array named '\(node.label)' (the input node); it has \(arrays.keys.sorted().joined(separator: ", "))"
        )
      }
      let given = try NetworkInputs(arrays: [node.label: array], for: setup.network, steps: setup.steps, file: url.path)
      guard case .constant(let m)? = given.values[setup.input.index] else {
        throw ValidationError(
          "\(file): '\(node.label)' has shape \(array.shape); snn diagnose holds each example's "
            + "input for the whole run: give (examples, \(node.size))")
      }
      return m
    }
  }
}

/// How to run a network file: its metadata resolved to handles and numbers.
struct DiagnosedRun {
  /// The diagnosis setup (seed and threads at their defaults).
  let setup: DiagnosisSetup
  /// Factor from [0, 1] pixels to the values the input node takes (`input_scale`).
  let inputScale: Float

  init(_ doc: NetworkDocument, file: String, steps: Int?, dt: Double?) throws {
    let net = doc.network
    let meta = doc.metadata
    let handles = try NetworkHandles(net)
    func fail(_ problem: String) -> ValidationError { ValidationError("\(file): \(problem)") }
    let input: NodeID
    if let label = meta["input_node"] {
      guard let id = handles.node(labelled: label) else { throw fail("input_node '\(label)' names no single node") }
      input = id
    } else {
      let fed = net.nodes.indices.filter { net.nodes[$0].source == .input }
      guard !fed.isEmpty else {
        throw fail(
          "snn diagnose feeds its examples (MNIST images or --input) through an input node, and this network has "
            + "none (its nodes are constant, passthrough or process nodes); add an input node (type \"input\") "
            + "where the examples enter")
      }
      guard fed.count == 1 else { throw fail("no input_node in the metadata and \(fed.count) input nodes") }
      input = handles.nodes[fed[0]]
    }
    let output: EnsembleID
    if let label = meta["output_ensemble"] {
      guard let id = handles.ensemble(labelled: label) else {
        throw fail("output_ensemble '\(label)' names no single ensemble")
      }
      output = id
    } else {
      guard let last = handles.ensembles.last else { throw fail("the network has no ensemble") }
      output = last
    }
    let readout: ReadoutRule
    switch meta["readout"] ?? "spike_count" {
    case "spike_count": readout = .spikeCount
    case let rule where ["probe_positive_steps", "probe_sum", "membrane"].contains(rule):
      guard let label = meta["readout_probe"], let probe = handles.probe(labelled: label) else {
        throw fail("readout \(rule) needs readout_probe naming one probe")
      }
      readout = rule == "probe_positive_steps" ? .positiveSteps(probe: probe) : .probeSum(probe: probe)
    case let other: throw fail("readout '\(other)' is not spike_count, probe_positive_steps, probe_sum or membrane")
    }
    func number(_ key: String) throws -> Double? {
      guard let text = meta[key] else { return nil }
      guard let x = Double(text), x.isFinite, x > 0 else { throw fail("\(key) '\(text)' is not a positive number") }
      return x
    }
    let scale = try number("input_scale") ?? 1
    let fileSteps = try number("steps")
    if let fileSteps, fileSteps != fileSteps.rounded() || fileSteps > Double(OptionLimits.steps.upperBound) {
      throw fail("steps '\(fileSteps)' is not a whole number in \(OptionLimits.text(OptionLimits.steps))")
    }
    let fileDT = try number("dt")
    if let fileDT { try SimulationOptions.checkDt(fileDT, source: "\(file): dt") }
    setup = DiagnosisSetup(
      network: net, input: input, output: output, readout: readout,
      steps: steps ?? fileSteps.map { Int($0) } ?? SimulationOptions.defaultSteps,
      dt: dt ?? fileDT ?? SimulationOptions.defaultDt)
    inputScale = Float(scale)
  }
}
