import SNNModel

/// What building a decoded connection produced (Nengo's `BuiltConnection`, plus the
/// activities and targets that went into the solver).
public struct BuiltDecoders: Sendable {
  /// The eval points the decoders were solved on, `m x d_pre`, in the pre ensemble's
  /// units (scaled by its radius); nil for ``/SNNModel/Solver/noSolver(values:weights:)``, which
  /// solves nothing.
  public let evalPoints: DoubleMatrix?
  /// `A`, the pre neurons' rates at the eval points, `m x n_pre`, in Hz (nil as above).
  public let activities: DoubleMatrix?
  /// `Y`, the function at the eval points, `m x size_mid` (nil as above).
  public let targets: DoubleMatrix?
  /// The decoders `D` (`n_pre x size_mid`) and the fit's errors.
  public let solution: DecoderSolution
  /// What the simulation multiplies the pre neurons' output by (Nengo's
  /// `sim.data[conn].weights`): `T · Dᵀ`, `size_out x n_pre`, decoded values per unit of
  /// output; or, when ``isFullWeights``, the currents into the post neurons,
  /// `n_post x n_pre` (`scaled_encoders · T · Dᵀ`).
  public let weights: DoubleMatrix
  /// Whether ``weights`` go straight to the post neurons (`weights: true` into an
  /// ensemble) rather than to the post object's decoded input.
  public let isFullWeights: Bool
}
