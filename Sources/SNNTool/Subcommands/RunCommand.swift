import ArgumentParser
import Foundation
import SwiftSNN

extension SNNCommand {
  /// `snn run`: simulate a network file and write every probe's data to an `.npz`.
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Simulate a network file and write every probe's data to an .npz file.",
      discussion: """
        Input nodes are fed from --input, an .npz with one array per input node named after \
        the node: (batch, size) held at every step, or (batch, steps, size) one row per step. \
        The output has one array per probe, named after the probe, of shape \
        (batch, steps, size) (a sum-mode probe: (batch, 1, size)): float32, or float64 with \
        --precision float64, which also feeds float64 inputs without rounding them.
        """)

    @Argument(help: "The network file (.json; its weights .npz, if any, beside it).")
    var network: String
    @OptionGroup var simulation: SimulationOptions
    @Option(help: "Input data (.npz): one array per input node, named after the node.")
    var input: String?
    @Option(help: "Where to write the probe data (.npz).")
    var out: String
    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    /// The most values all probes together may record (2 GiB of float32).
    static let maxRecordedValues = 1 << 29

    func validate() throws {
      try FileArguments.requireNonEmpty(["NETWORK": network, "--input": input, "--out": out])
      try FileArguments.requireWritableFiles(["--out": out])
    }

    func run() throws {
      let start = Date()
      let doc = try NetworkFile.load(url: URL(fileURLWithPath: network))
      let net = doc.network
      let steps = try resolvedSteps(doc)
      let dt = try resolvedDt(doc)
      let inputs = try loadInputs(net, steps: steps)
      if let warning = try inputScaleWarning(doc, inputs: inputs) { printWarning("warning: \(network): " + warning) }
      try checkProbes(net, batch: inputs.batchSize, steps: steps)

      let sim: Simulator
      do {
        sim = try Simulator(
          net, dt: dt, batchSize: inputs.batchSize, seed: simulation.seed, threads: simulation.threads,
          options: EngineOptions(precision: simulation.precision))
      } catch {
        throw ValidationError("\(network): \(error)")
      }
      let handles = try NetworkHandles(net)
      for (k, values) in inputs.values {
        let exact = inputs.doubleValues[k] ?? []
        switch (values, simulation.precision) {
        case (.constant(let m), .float32): try sim.setInput(handles.nodes[k], m)
        case (.sequence(let v, let n), .float32): try sim.setInput(handles.nodes[k], sequence: v, steps: n)
        case (.constant, .float64): try sim.setInput(handles.nodes[k], values: exact)
        case (.sequence(_, let n), .float64): try sim.setInput(handles.nodes[k], sequence: exact, steps: n)
        }
      }
      let simulationStart = Date()
      try sim.run(steps: steps)
      let simulationSeconds = Date().timeIntervalSince(simulationStart)

      var arrays: [String: NDArray] = [:]
      for (k, probe) in net.probes.enumerated() {
        let data = sim.data(handles.probes[k])
        let shape = [data.batchSize, data.steps, data.size]
        arrays[probe.label] =
          data.precision == .float64
          ? try NDArray(shape: shape, storage: .float64(data.doubleValues))
          : try NDArray(shape: shape, floats: data.values)
      }
      if let warning = silentReadoutWarning(doc, arrays: arrays) { printWarning("warning: \(network): " + warning) }
      let saved = SavedFiles()
      saved.save("--out", out) {
        let url = URL(fileURLWithPath: out)
        try NPZ.write(arrays, to: url)
        return [url]
      }
      try report(
        net, arrays: arrays, batch: inputs.batchSize, steps: steps, dt: dt, simulationSeconds: simulationSeconds,
        totalSeconds: Date().timeIntervalSince(start), written: !saved.written.isEmpty)
      try saved.finish()
    }

    // MARK: - Settings

    private func resolvedSteps(_ doc: NetworkDocument) throws -> Int {
      if let steps = simulation.steps { return steps }
      guard let text = doc.metadata["steps"] else {
        throw ValidationError("--steps is required: \(network) has no \"steps\" metadata")
      }
      guard let n = Int(text), OptionLimits.steps.contains(n) else {
        throw ValidationError(
          "\(network): metadata.steps must be an integer in \(OptionLimits.text(OptionLimits.steps)), got \"\(text)\"")
      }
      return n
    }

    private func resolvedDt(_ doc: NetworkDocument) throws -> Double {
      if let dt = simulation.dt { return dt }
      guard let text = doc.metadata["dt"] else { return SimulationOptions.defaultDt }
      guard let x = Double(text) else {
        throw ValidationError("\(network): metadata.dt must be a number of seconds, got \"\(text)\"")
      }
      try SimulationOptions.checkDt(x, source: "\(network): metadata.dt")
      return x
    }

    /// The input-scale warning (``InputScaleCheck``) for the input node the file's
    /// metadata names (`input_node`, else its only input node), when it has `input_scale`.
    private func inputScaleWarning(_ doc: NetworkDocument, inputs: NetworkInputs) throws -> String? {
      guard let text = doc.metadata["input_scale"] else { return nil }
      guard let scale = Double(text), scale > 0, scale.isFinite else {
        throw ValidationError("\(network): metadata.input_scale must be a positive number, got \"\(text)\"")
      }
      let fed = doc.network.nodes.indices.filter { doc.network.nodes[$0].source == .input }
      let label = doc.metadata["input_node"]
      guard
        let k = label.flatMap({ l in fed.first { doc.network.nodes[$0].label == l } })
          ?? (fed.count == 1 ? fed[0] : nil),
        let values = inputs.values[k]
      else { return nil }
      let name = doc.network.nodes[k].label
      switch values {
      case .constant(let m): return InputScaleCheck.warning(values: m.values, scale: scale, input: name)
      case .sequence(let v, _): return InputScaleCheck.warning(values: v, scale: scale, input: name)
      }
    }

    /// A warning when the probe the metadata reads the class from (`readout_probe`)
    /// recorded nothing but zeros for most examples: their class is a guess.
    private func silentReadoutWarning(_ doc: NetworkDocument, arrays: [String: NDArray]) -> String? {
      guard let label = doc.metadata["readout_probe"], let array = arrays[label], let batch = array.shape.first,
        batch > 0
      else { return nil }
      let values = array.floats()
      let perExample = values.count / batch
      let silent = (0..<batch).filter { b in values[(b * perExample)..<((b + 1) * perExample)].allSatisfy { $0 == 0 } }
        .count
      guard 2 * silent > batch else { return nil }
      return "the readout probe '\(label)' recorded only zeros for \(silent) of \(batch) examples; their class is a "
        + "guess (more steps, or inputs at the network's input_scale, may help)"
    }

    // MARK: - Inputs and probes

    private func loadInputs(_ net: Network, steps: Int) throws -> NetworkInputs {
      let inputNodes = net.nodes.filter { $0.source == .input }.map(\.label)
      guard let input else {
        guard inputNodes.isEmpty else {
          throw ValidationError(
            "\(network) has input nodes (\(inputNodes.joined(separator: ", "))): "
              + "give their data with --input FILE.npz, one array per node named after it")
        }
        return try NetworkInputs(arrays: [:], for: net, steps: steps, file: "")
      }
      let url = URL(fileURLWithPath: input)
      return try NetworkInputs(arrays: try NPZ.read(url: url), for: net, steps: steps, file: url.path)
    }

    /// Refuses probe labels that would collide in the output file and runs whose probe
    /// data would not fit in memory, before anything is allocated.
    private func checkProbes(_ net: Network, batch: Int, steps: Int) throws {
      var seen = Set<String>()
      var total = 0.0  // a Double: batch x steps x size may exceed Int.max in a hostile file
      for p in net.probes {
        guard seen.insert(p.label).inserted else {
          throw ValidationError(
            "\(network): two probes are labelled \"\(p.label)\"; the output names arrays after probes")
        }
        total += Double(batch) * Double(p.mode == .sum ? 1 : steps) * Double(net.size(of: p.target))
      }
      guard total <= Double(Self.maxRecordedValues) else {
        throw ValidationError(
          "the probes would record \(Int64(min(total, 9e18))) values (batch \(batch) x \(steps) steps), "
            + "more than the \(Self.maxRecordedValues) (2 GiB of float32) allowed; "
            + "use fewer steps, a smaller batch or sum probes")
      }
    }

    // MARK: - Output

    private func report(
      _ net: Network, arrays: [String: NDArray], batch: Int, steps: Int, dt: Double, simulationSeconds: Double,
      totalSeconds: Double, written: Bool
    ) throws {
      if json {
        let probes = net.probes.map { RunResult.Probe(label: $0.label, shape: arrays[$0.label]?.shape ?? []) }
        try Output.json(
          RunResult(
            network: network, out: written ? out : nil, batch: batch, steps: steps, dt: dt,
            precision: simulation.precision.rawValue,
            simulationSeconds: simulationSeconds, seconds: totalSeconds, probes: probes))
        return
      }
      print("\(net.label): \(batch) example(s) x \(steps) steps of \(dt) s in \(Output.fixed(simulationSeconds, 3)) s")
      var rows = [["probe", "shape"]]
      for p in net.probes {
        rows.append([p.label, "(" + (arrays[p.label]?.shape ?? []).map(String.init).joined(separator: ", ") + ")"])
      }
      Output.table(rows)
      if written { print("wrote \(out)") }
    }
  }
}

/// What `snn run --json` prints (snake_case keys).
struct RunResult: Encodable {
  /// A probe's output array.
  struct Probe: Encodable {
    var label: String
    /// `(batch, steps, size)`; a sum probe has `(batch, 1, size)`.
    var shape: [Int]
  }

  var network: String
  /// The probe data file; absent when it could not be written.
  var out: String?
  var batch: Int
  var steps: Int
  /// Time step, in seconds.
  var dt: Double
  /// The simulation's arithmetic and the probe arrays' dtype: `float32` or `float64`.
  var precision: String
  var simulationSeconds: Double
  var seconds: Double
  var probes: [Probe]
}
