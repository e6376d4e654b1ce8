import SNNKernels
import SNNModel

/// What decoding from, or encoding into, a built ensemble needs, in float64 (the part of
/// Nengo's `BuiltEnsemble` that `build_decoders` and `build_connection` read).
public struct EnsembleEncoding: Sendable {
  /// The ensemble's label, for messages.
  public var label: String
  /// The neuron model: its rate curve gives the activities.
  public var neuronType: any NeuronModel
  /// Unit-length encoders, `n x d`.
  public var encoders: DoubleMatrix
  /// Per-neuron gain (dimensionless), `n` values.
  public var gain: [Double]
  /// Per-neuron bias current (dimensionless), `n` values.
  public var bias: [Double]
  /// Radius of the represented space (> 0).
  public var radius: Double
  /// The ensemble's eval points, `m x d`, already scaled by the radius (Nengo scales an
  /// ensemble's eval points, given or drawn, when it builds the ensemble).
  public var evalPoints: DoubleMatrix

  /// Creates the description; ``validate()`` checks it.
  public init(
    label: String, neuronType: any NeuronModel, encoders: DoubleMatrix, gain: [Double], bias: [Double],
    radius: Double, evalPoints: DoubleMatrix
  ) {
    self.label = label
    self.neuronType = neuronType
    self.encoders = encoders
    self.gain = gain
    self.bias = bias
    self.radius = radius
    self.evalPoints = evalPoints
  }

  /// Number of neurons.
  public var nNeurons: Int { encoders.rows }
  /// Dimensionality of the represented value.
  public var dimensions: Int { encoders.cols }

  /// `encoders * gain / radius`, row by row: what a decoded input is multiplied by to give
  /// each neuron's current (Nengo's `scaled_encoders`).
  public var scaledEncoders: DoubleMatrix {
    var values = encoders.values
    for i in 0..<nNeurons {
      let s = gain[i] / radius
      for k in 0..<dimensions { values[i * dimensions + k] *= s }
    }
    return DoubleMatrix(unchecked: nNeurons, dimensions, values)
  }

  /// Checks that the sizes agree and every value is finite.
  /// - Throws: ``BuildError`` naming the ensemble.
  public func validate() throws(BuildError) {
    func fail(_ problem: String) -> BuildError { BuildError(object: label, problem) }
    guard gain.count == nNeurons, bias.count == nNeurons else {
      throw fail("\(gain.count) gains and \(bias.count) biases for \(nNeurons) neurons")
    }
    guard radius.isFinite, radius > 0 else { throw fail("radius must be finite and > 0, got \(radius)") }
    guard evalPoints.cols == dimensions else {
      throw fail("eval points \(evalPoints.shapeDescription) need \(dimensions) columns, one per dimension")
    }
    for (name, values) in [
      ("encoders", encoders.values), ("gains", gain), ("biases", bias), ("eval points", evalPoints.values),
    ] where !values.allSatisfy(\.isFinite) {
      throw fail("\(name) hold a non-finite value")
    }
  }

  /// The neurons' steady-state outputs (Hz times amplitude) at the eval points `points`
  /// (`m x d`, in the ensemble's units): `rate(gain * (points · encodersᵀ / radius) + bias)`
  /// (Nengo's `get_activities`: the projection by BLAS, as NumPy's `dot` does).
  /// - Returns: `A`, `m x n`.
  /// - Throws: ``BuildError`` naming `connection` when the neuron type has no rate curve.
  func activities(at points: DoubleMatrix, connection: String) throws(BuildError) -> DoubleMatrix {
    let (m, n, d) = (points.rows, nNeurons, dimensions)
    let scaled = encoders.values.map { $0 / radius }  // Nengo: encoders.T / radius, then the dot
    let x = LAPACK.product(points.values, rows: m, cols: d, scaled, rows: n, cols: d, transposeB: true)
    var a = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        guard let rate = neuronType.rate(current: gain[j] * x[i * n + j] + bias[j]) else {
          throw BuildError(
            object: connection,
            "the pre ensemble '\(label)' has neuron type \(neuronType.name), which has no rate curve to solve decoders with"
          )
        }
        a[i * n + j] = rate
      }
    }
    return DoubleMatrix(unchecked: m, n, a)
  }
}
