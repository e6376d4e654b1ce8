import SNNSimulator

/// Counts, for every step `t`, the examples whose readout accumulated over steps `1...t`
/// picks the right label.
///
/// The running sum adds the recorded steps in order, in `Float`, exactly as a summed probe
/// does, so the count at the last step matches the final classification bit for bit.
struct AccuracyCurve {
  let steps: Int
  let outputs: Int
  private(set) var correct: [Int]

  init(steps: Int, outputs: Int) {
    self.steps = steps
    self.outputs = outputs
    correct = [Int](repeating: 0, count: steps)
  }

  /// Adds a batch: `trace` holds every step of the readout signal for each example.
  mutating func add(_ trace: ProbeData, labels: ArraySlice<UInt8>) {
    precondition(trace.size == outputs && trace.steps >= steps && trace.batchSize == labels.count)
    var sum = [Float](repeating: 0, count: outputs)
    for (b, label) in zip(0..<trace.batchSize, labels) {
      for i in sum.indices { sum[i] = 0 }
      for t in 0..<steps {
        let base = (b * trace.steps + t) * outputs
        for i in 0..<outputs { sum[i] += trace.values[base + i] }
        if Readout.classify(sum[...]).label == Int(label) { correct[t] += 1 }
      }
    }
  }

  /// The accuracy at every step over `examples` examples.
  func accuracies(examples: Int) -> [Double] {
    correct.map { Double($0) / Double(max(examples, 1)) }
  }
}
