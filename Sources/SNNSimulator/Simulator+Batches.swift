import SNNCore
import SNNModel

extension Simulator {
  /// Runs every example of `inputs` (one per row, held on `node` for the whole run) for
  /// `steps` steps from a fresh state, `batchSize` examples at a time; the last batch runs
  /// the examples that are left, in the same simulator. Example `i` gets id `i`, so its
  /// spikes are the same whatever the batch size or thread count.
  ///
  /// ```swift
  /// try sim.forEachBatch(images, into: input, steps: 350) { examples in
  ///   let counts = sim.data(probe)   // examples.count x 1 x size
  /// }
  /// ```
  /// - Parameters:
  ///   - inputs: the examples, one per row, as wide as `node`.
  ///   - node: the input node that holds each example for the run.
  ///   - steps: time steps per example.
  ///   - body: called after each batch with the rows of `inputs` it ran; read the
  ///     batch's probes (``data(_:)``) there.
  /// - Throws: ``BuildError`` when `node` takes no input or `inputs` has the wrong width;
  ///   whatever `body` throws.
  public func forEachBatch(
    _ inputs: Matrix, into node: NodeID, steps: Int, _ body: (_ examples: Range<Int>) throws -> Void
  ) throws {
    var done = 0
    while done < inputs.rows {
      let count = min(batchSize, inputs.rows - done)
      let rows = Array(inputs.values[(done * inputs.cols)..<((done + count) * inputs.cols)])
      try setInput(node, Matrix(rows: count, cols: inputs.cols, values: rows))
      reset(exampleIDs: (0..<count).map { UInt64(done + $0) })
      try run(steps: steps)
      try body(done..<(done + count))
      done += count
    }
  }
}
