extension DiagnosisReport {
  /// The report for people: the input, a table of layers, the readout, and each cause with
  /// its fix, wrapped at 100 columns.
  public var text: String {
    typealias F = DiagnosisFormat
    var lines: [String] = []
    lines.append(
      "Diagnosis of '\(network)' on \(images) example\(images == 1 ? "" : "s"), \(steps) steps of \(F.seconds(dt)) each"
    )
    lines.append(
      "Input '\(input.node)': values \(F.number(input.min)) to \(F.number(input.max)) (mean \(F.number(input.mean))), "
        + "fed to \(input.feeds.isEmpty ? "nothing" : input.feeds.joined(separator: ", ")), which is tuned for "
        + "magnitudes up to \(F.number(input.expectedMagnitude))")
    lines.append("")
    var table = [
      [
        "layer", "neurons", "type", "gain", "bias", "mean Hz", "max Hz", "limit Hz", "saturated", "silent", "J min",
        "J max", "J > thr",
      ]
    ]
    for l in layers {
      table.append([
        l.name, "\(l.neurons)", l.neuronType, F.range(l.gainMin, l.gainMax), F.range(l.biasMin, l.biasMax),
        F.number(l.meanRate), F.number(l.maxRate), F.number(l.rateLimit), F.percent(l.saturatedFraction),
        F.percent(l.silentFraction), F.number(l.currentMin), F.number(l.currentMax), F.percent(l.aboveThreshold),
      ])
    }
    lines += Self.aligned(table)
    lines.append(
      "(rates per neuron and example; saturated: within 10% of the highest rate at this dt; "
        + "J > thr: steps with input current above the firing threshold)")
    lines.append("")
    let probeText = readout.probe.map { " of probe '\($0)'" + (readout.probeSynapse.map { ", \($0)" } ?? "") } ?? ""
    lines += Self.wrap("Readout (\(readout.rule)\(probeText)): \(readout.measures).", indent: "  ")
    var scores =
      "top value tied in \(F.percent(readout.tiedFraction)) of the examples (spike counts: "
      + "\(F.percent(readout.spikeCountTiedFraction))); same class as spike counts in "
      + "\(F.percent(readout.agreesWithSpikeCount))"
    if let a = readout.accuracy, let b = readout.spikeCountAccuracy {
      scores += "; accuracy \(F.number(a)) (spike counts: \(F.number(b)))"
    }
    lines += Self.wrap(scores, first: "  ", indent: "    ")
    lines.append(
      "  saturated output neurons per example: \(F.number(readout.saturatedOutputs)) of "
        + "\(layers.first { $0.name == readout.output }?.neurons ?? 0)")
    lines.append("")
    if causes.isEmpty {
      lines.append("No cause found: rates, currents, gains and the readout look sound.")
    } else {
      lines.append("Causes (\(causes.count)):")
      for (i, c) in causes.enumerated() {
        lines += Self.wrap("\(i + 1). [\(c.id.rawValue)] \(c.subject): \(c.explanation)", indent: "   ")
        lines += Self.wrap("Fix: \(c.fix)", first: "   ", indent: "   ")
      }
    }
    return lines.joined(separator: "\n")
  }

  /// Rows with aligned columns (first left-aligned, the others right-aligned).
  static func aligned(_ rows: [[String]]) -> [String] {
    var widths = [Int](repeating: 0, count: rows.first?.count ?? 0)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    return rows.map { row in
      row.enumerated().map { i, cell in
        let pad = String(repeating: " ", count: widths[i] - cell.count)
        return i == 0 ? cell + pad : pad + cell
      }.joined(separator: "  ")
    }
  }

  /// `text` broken into lines of at most `width` columns at spaces; the first line starts
  /// with `first`, the others with `indent`.
  static func wrap(_ text: String, first: String = "", indent: String, width: Int = 100) -> [String] {
    var lines: [String] = []
    var line = first
    var empty = true
    for word in text.split(separator: " ") {
      if !empty && line.count + 1 + word.count > width {
        lines.append(line)
        line = indent + word
      } else {
        line += (empty ? "" : " ") + word
      }
      empty = false
    }
    lines.append(line)
    return lines
  }
}
