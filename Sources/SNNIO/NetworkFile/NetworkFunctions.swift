import SNNModel

/// What a network's closures become in a file: a decoded connection's function is stored
/// as its values at the pre ensemble's eval points (Nengo's targets, the only thing the
/// decoders see), and those eval points are stored with the ensemble.
///
/// An ensemble without eval points of its own gets the ones the builder would draw for the
/// network's seed (``/SNNModel/Network/evalPoints(of:seed:)``), so the saved network solves
/// for the same decoders as the original. A network without a seed draws them from a fresh
/// one: the file then holds one valid draw, as a build of that network would.
struct NetworkFunctions {
  /// Eval points to store for ensembles that have none, by ensemble index.
  private(set) var evalPoints: [Int: DoubleMatrix] = [:]
  /// The sampled values of each closure, by connection index (`m x size_mid`).
  private(set) var values: [Int: DoubleMatrix] = [:]

  /// No closures.
  init() {}

  /// Samples every closure of `net`.
  /// - Throws: ``DataFormatError`` naming `file` and the connection when its function
  ///   cannot be sampled (wrong or varying output size, a non-finite value).
  init(sampling net: Network, file: String) throws {
    let seed = net.seed ?? UInt64.random(in: 0...UInt64.max)
    for (k, c) in net.connections.enumerated() {
      // Only a decoded connection (from an ensemble) has a function: the model checks it.
      guard case .closure = c.function, case .ensemble(let pre) = c.pre else { continue }
      do throws(ModelError) {
        let points: DoubleMatrix
        if let drawn = evalPoints[pre.index] {
          points = drawn
        } else {
          points = try net.evalPoints(of: pre, seed: seed)
        }
        if net.ensembles[pre.index].evalPoints == nil { evalPoints[pre.index] = points }
        values[k] = try c.function.targets(at: points, preSlice: c.preSlice, object: c.label)
      } catch {
        throw DataFormatError(
          file: file, object: error.object, "\(error.attribute): \(error.problem) (while sampling it to save it)")
      }
    }
  }
}
