import SNNCore
import SNNKernels
import SNNModel

extension Builder {
  /// A decoded connection into an ensemble solved with `weights: true` (Nengo's
  /// `solver.weights`): one `n_post x n_pre` matrix of currents, `scaled_encoders[:, post
  /// slice] · T · Dᵀ` (gains and radius included), from the pre neurons straight into the
  /// post neurons' input; the post ensemble's decoded input receives nothing.
  /// - Throws: ``BuildError`` naming the connection (no synapse yet, decoder failures).
  static func buildFullWeightsConnection(
    _ c: Connection, pre: EncodedPre, post: EnsembleEncoding, postIndex: Int, dt: Double, path: SynapticPathChoice,
    precision: Precision, seed: UInt64
  ) throws -> (ConnectionSpec, String) {
    var builder = DecoderBuilder(connection: c.label, pre: pre.encoding)
    builder.function = c.function
    builder.preSlice = c.preSlice
    builder.postSlice = c.postSlice
    builder.solver = c.solver
    builder.postEnsemble = post
    builder.transform = transformMatrix(c.transform, sizeOut: c.postSlice?.count ?? post.dimensions)
    var rng = SplitMix64(seed: seed)
    let w = try builder.build(using: &rng).weights  // n_post x n_pre
    guard w.rows == post.nNeurons else {
      throw BuildError(object: c.label, "full weights of \(w.rows) rows for \(post.nNeurons) post neurons")
    }
    var rows = [Double](repeating: 0, count: w.rows * w.cols)
    for i in 0..<w.cols {
      for j in 0..<w.rows { rows[i * w.rows + j] = w[j, i] }
    }
    let chosen: SynapticPath = path != .dense && pre.spiking ? .event : .dense
    let spec = ConnectionSpec(
      pre: .population(pre.index), post: .population(postIndex), preSize: w.cols, postSize: w.rows,
      weights: .rows(try rounded(rows, precision, object: c.label, attribute: "weights")), path: chosen,
      filter: c.synapse.map { FilterDesign.discretize($0, dt: dt) })
    return (spec, chosen == .event ? "full weights: each pre spike adds its row of currents" : "full weights: dense")
  }
}
