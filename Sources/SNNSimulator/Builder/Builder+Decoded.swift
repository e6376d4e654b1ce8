import SNNCore
import SNNKernels
import SNNModel

extension Builder {
  /// An ensemble's NEF parameters for solving decoders: its built gains, biases and
  /// encoders, and its eval points (given, or Nengo's default drawn from stream 4 of the
  /// ensemble's seed, the stream ``EnsembleEncoding/build`` uses).
  static func encoding(_ e: Ensemble, _ built: BuiltEnsemble, seed: UInt64) throws -> EnsembleEncoding {
    let points: DoubleMatrix
    if let given = e.evalPoints {
      guard given.cols == e.dimensions, given.rows > 0 else {
        throw BuildError(
          object: e.label, "eval_points: shape \(given.rows) x \(given.cols), expected (m, \(e.dimensions)) with m > 0")
      }
      points = given
    } else {
      var rng = SplitMix64(seed: deriveSeed(seed, 4))
      points = try EvalPoints.generate(
        .defaultEvalPoints, count: nil, nNeurons: e.nNeurons, dimensions: e.dimensions, radius: built.radius,
        scale: true, using: &rng, object: e.label)
    }
    return EnsembleEncoding(
      label: e.label, neuronType: built.neuronType.model, encoders: built.encoders, gain: built.gain, bias: built.bias,
      radius: built.radius, evalPoints: points)
  }

  /// `transform` as Nengo's `(size_out, size_mid)` matrix, `size_mid` = `sizeOut` for a
  /// scalar or vector.
  static func transformMatrix(_ transform: Transform, sizeOut: Int) -> DoubleMatrix {
    switch transform {
    case .matrix(let m): return m
    case .scalar(let s):
      return DoubleMatrix(
        unchecked: sizeOut, sizeOut, (0..<(sizeOut * sizeOut)).map { $0 % (sizeOut + 1) == 0 ? s : 0 })
    case .vector(let v):
      return DoubleMatrix(
        unchecked: sizeOut, sizeOut, (0..<(sizeOut * sizeOut)).map { $0 % (sizeOut + 1) == 0 ? v[$0 / sizeOut] : 0 })
    }
  }

  /// A decoded connection (from `.ensemble`) into an ensemble or its neurons: decode
  /// (`T · Dᵀ`, solved by the connection's solver at the pre eval points; event-driven
  /// rows for a spiking pre), the synapse on the `size_out`-wide decoded value, then
  /// encode with the post's `gain * encoders / radius` (columns of its post slice). Into
  /// `.neurons` each decoded value is one neuron's input times its gain: the gains fold
  /// into the decoder rows (`n_post` wide, zero outside the post slice), no encode step.
  /// - Throws: ``BuildError`` naming the connection for what is not supported yet (no
  ///   synapse), and every decoder failure (``DecoderBuilder/build(using:)``).
  static func buildDecodedConnection(
    _ c: Connection, pre: EncodedPre, post: BuiltEnsemble, postIndex: Int, postNeurons: Int, intoNeurons: Bool,
    dt: Double, path: SynapticPathChoice, precision: Precision, seed: UInt64
  ) throws -> (ConnectionSpec, String) {
    guard let synapse = c.synapse else {
      throw BuildError(
        object: c.label, "a decoded connection without a synapse is not supported yet; give it a synapse")
    }
    let sizeOut = c.postSlice?.count ?? (intoNeurons ? postNeurons : post.encoders.cols)
    var builder = DecoderBuilder(connection: c.label, pre: pre.encoding)
    builder.function = c.function
    builder.preSlice = c.preSlice
    builder.solver = c.solver
    builder.transform = transformMatrix(c.transform, sizeOut: sizeOut)
    var rng = SplitMix64(seed: seed)
    let decoders = try builder.build(using: &rng).weights  // size_out x n_pre
    guard decoders.rows == sizeOut else {
      throw BuildError(object: c.label, "the transform gives \(decoders.rows) values for \(sizeOut) post dimensions")
    }
    let nPre = decoders.cols
    let chosen: SynapticPath = path != .dense && pre.spiking ? .event : .dense
    let why =
      chosen == .event
      ? "decoded: the pre ensemble spikes, each spike adds its decoder row" : "decoded: dense decode"
    let filter = FilterDesign.discretize(synapse, dt: dt)
    if intoNeurons {
      let columns = c.postSlice ?? Array(0..<postNeurons)
      var rows = [Double](repeating: 0, count: nPre * postNeurons)
      for i in 0..<nPre {
        for (q, col) in columns.enumerated() {
          rows[i * postNeurons + col] = product(post.gain[col], decoders[q, i], precision)
        }
      }
      let spec = ConnectionSpec(
        pre: .population(pre.index), post: .population(postIndex), preSize: nPre, postSize: postNeurons,
        weights: .rows(try rounded(rows, precision, object: c.label, attribute: "decoders")), path: chosen,
        filter: filter)
      return (spec, why)
    }
    var rows = [Double](repeating: 0, count: nPre * sizeOut)
    for i in 0..<nPre {
      for q in 0..<sizeOut { rows[i * sizeOut + q] = decoders[q, i] }
    }
    rows = try rounded(rows, precision, object: c.label, attribute: "decoders")
    let columns = c.postSlice ?? Array(0..<post.encoders.cols)
    var encoders = [Double](repeating: 0, count: sizeOut * postNeurons)
    for (q, col) in columns.enumerated() {
      for j in 0..<postNeurons {
        let g = post.gain[j] / post.radius
        encoders[q * postNeurons + j] = post.encoders[j, col] * g
      }
    }
    encoders = try rounded(encoders, precision, object: c.label, attribute: "scaled encoders")
    let spec = ConnectionSpec(
      pre: .population(pre.index), post: .population(postIndex), preSize: nPre, postSize: sizeOut, weights: .rows(rows),
      path: chosen, filter: filter, encoders: encoders)
    return (spec, why)
  }

  /// A decoded probe's decoders (identity, the default solver): the ensemble's neuron
  /// count rows of its dimensions, as the simulation's precision holds them.
  static func probeDecoders(_ p: Probe, pre: EnsembleEncoding, precision: Precision, seed: UInt64) throws -> [Double] {
    var rng = SplitMix64(seed: seed)
    let d = try DecoderBuilder(connection: p.label, pre: pre).build(using: &rng).weights  // dims x n
    var rows = [Double](repeating: 0, count: d.rows * d.cols)
    for i in 0..<d.cols {
      for q in 0..<d.rows { rows[i * d.rows + q] = d[q, i] }
    }
    return try rounded(rows, precision, object: p.label, attribute: "decoders")
  }

  /// A decoded connection's pre ensemble.
  struct EncodedPre {
    let index: Int
    let encoding: EnsembleEncoding
    let spiking: Bool
  }
}
