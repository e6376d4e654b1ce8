import SwiftSNN

/// Runs the user's network on test images and reads the class two ways from the same
/// spikes: the user's `argmax(sum(probe > 0))` and true spike counts.
enum ForumRun {
  /// Accuracies over the images run.
  struct Result {
    /// The user's readout: argmax over neurons of the steps with `out_p > 0`.
    var userReadout: Double
    /// Argmax of the output spike counts (the same simulation).
    var spikeCount: Double
    /// Output spikes per image, summed over the output neurons.
    var spikesPerImage: Double
  }

  /// Runs `user` on `images` (raw 0...255 pixels, one image per row) for `steps` steps each.
  ///
  /// The user ran one image at a time, resetting the simulator before each; here
  /// `batchSize` images run side by side, each with its own state and random stream (the
  /// image's index), which changes nothing per image.
  static func run(
    _ user: UserNetwork, images: Matrix, labels: [UInt8], steps: Int, dt: Double, batchSize: Int,
    progress: (Int) -> Void
  ) throws -> Result {
    // Fix 1 needs one more probe: spikes = nengo.Probe(out.neurons), unfiltered. Probes do
    // not change the simulation, so both readouts see the same spikes.
    var net = user.network
    let spikes = try net.probe(.neurons(user.output), mode: .sum, label: "spikes")
    // sim = nengo.Simulator(net, dt=0.001)
    let sim = try Simulator(net, dt: dt, batchSize: max(1, min(batchSize, images.rows)))
    var userCorrect = 0
    var countCorrect = 0
    var spikeTotal = 0.0
    // for i, x in enumerate(X_test[:limit]): image[:] = x; sim.reset(); sim.run_steps(presentation_time)
    try sim.forEachBatch(images, into: user.input, steps: steps) { examples in
      let trace = sim.data(user.probe)  //     sim.data[out_p]
      let sums = sim.data(spikes)  //     sim.data[spikes]
      let n = trace.size
      for (b, i) in examples.enumerated() {
        // pred = np.argmax(np.sum(sim.data[out_p] > 0, axis=0))
        var positive = [Float](repeating: 0, count: n)
        for t in 0..<trace.steps { for j in 0..<n where trace[b, t, j] > 0 { positive[j] += 1 } }
        if Readout.classify(positive[...]).label == Int(labels[i]) { userCorrect += 1 }
        // Fix 1: pred = np.argmax(sim.data[spikes].sum(axis=0))
        let row = sums.values[(b * n)..<((b + 1) * n)]
        if Readout.classify(row).label == Int(labels[i]) { countCorrect += 1 }
        spikeTotal += Double(row.reduce(0, +)) * dt  // each spike has height 1 / dt
      }
      progress(examples.upperBound)
    }
    let total = Double(max(images.rows, 1))
    return Result(
      userReadout: Double(userCorrect) / total, spikeCount: Double(countCorrect) / total,
      spikesPerImage: spikeTotal / total)
  }
}
