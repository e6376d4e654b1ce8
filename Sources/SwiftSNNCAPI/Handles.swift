import SNNModel
import SNNSimulator

/// A network being described through the C API (`snn_network *`).
final class NetworkHandle {
  var network: Network
  /// The handles `Network.add` returned, in order (the C API names objects by index).
  var ids = ObjectIDs()
  init(_ network: Network) { self.network = network }
}

/// The typed handles of a network's objects, by index of addition.
struct ObjectIDs {
  var nodes: [NodeID] = []
  var ensembles: [EnsembleID] = []
  var probes: [ProbeID] = []

  func node(_ index: Int64) throws -> NodeID {
    guard index >= 0, index < nodes.count else {
      throw CAPIError(.argument, "node #\(index) is not in this network (\(nodes.count) nodes)")
    }
    return nodes[Int(index)]
  }

  func ensemble(_ index: Int64) throws -> EnsembleID {
    guard index >= 0, index < ensembles.count else {
      throw CAPIError(.argument, "ensemble #\(index) is not in this network (\(ensembles.count) ensembles)")
    }
    return ensembles[Int(index)]
  }

  func probe(_ index: Int64) throws -> ProbeID {
    guard index >= 0, index < probes.count else {
      throw CAPIError(.argument, "probe #\(index) is not in this network (\(probes.count) probes)")
    }
    return probes[Int(index)]
  }
}

/// A node function called by the engine at every step: `f(t, x, nx, out, nout, ctx)`
/// writes the node's `nout` output values for time `t` (seconds) into `out` and returns 0,
/// or nonzero to stop the run (the caller keeps its own error). `x` is the node's input of
/// this step (`nx` values; NULL and 0 for an input node's function of t alone).
public typealias SNNNodeFunction =
  @convention(c) (Double, UnsafePointer<Double>?, Int64, UnsafeMutablePointer<Double>?, Int64, UnsafeMutableRawPointer?)
  -> Int32

/// Turns a handle passed in from C back into its object, or throws for NULL.
func object<T: AnyObject>(_ pointer: UnsafeMutableRawPointer?, as type: T.Type, name: String) throws -> T {
  guard let pointer else { throw CAPIError(.argument, "\(name) handle is NULL") }
  return Unmanaged<T>.fromOpaque(pointer).takeUnretainedValue()
}

/// Reads `count` values from a C array, or throws naming `what` when it is NULL.
func doubles(_ pointer: UnsafePointer<Double>?, _ count: Int64, _ what: String) throws -> [Double] {
  guard count >= 0 else { throw CAPIError(.argument, "\(what): negative count \(count)") }
  guard count == 0 || pointer != nil else { throw CAPIError(.argument, "\(what): NULL array of \(count) values") }
  guard let pointer else { return [] }
  return Array(UnsafeBufferPointer(start: pointer, count: Int(count)))
}

/// A C string as a Swift string ("" for NULL).
func string(_ pointer: UnsafePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
