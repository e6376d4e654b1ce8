import SNNCore
import SNNModel

// The network half of the C API: describe a network object by object. Every function
// returns a status (0 = success; see `snn_last_error`) and writes its result through an
// `out_*` pointer. Object handles are indices in order of addition, per kind.
//
// Endpoint kinds: 0 = a node's output, 1 = an ensemble's decoded value, 2 = its neurons,
// 3 = the learning rule of connection `index` (Nengo's `conn.learning_rule`: a connection
// into it is its error; a probe on it reads its weights, encoders, activities or `P`).
// Synapse kinds: 0 = none (Nengo's `None`), 1 = Lowpass(tau), 2 = Alpha(tau); tau in seconds.

func endpoint(_ kind: Int32, _ index: Int64, in h: NetworkHandle) throws -> Endpoint {
  switch kind {
  case 0: return .node(try h.ids.node(index))
  case 1: return .ensemble(try h.ids.ensemble(index))
  case 2: return .neurons(try h.ids.ensemble(index))
  case 3:
    guard index >= 0, index < h.network.connections.count, h.network.contains(.learningRule(Int(index))) else {
      throw CAPIError(.argument, "connection #\(index) has no learning rule (snn_network_set_learning_rule)")
    }
    return .learningRule(Int(index))
  default:
    throw CAPIError(
      .argument, "endpoint kind \(kind) is not 0 (node), 1 (ensemble), 2 (neurons) or 3 (learning rule)")
  }
}

func synapse(_ kind: Int32, _ tau: Double) throws -> Synapse? {
  switch kind {
  case 0: return nil
  case 1: return .lowpass(tau)
  case 2: return .alpha(tau)
  default: throw CAPIError(.argument, "synapse kind \(kind) is not 0 (none), 1 (Lowpass) or 2 (Alpha)")
  }
}

/// Creates an empty network; `seed` < 0 lets the build draw one. Free it with
/// `snn_network_free`.
@_cdecl("snn_network_create")
public func snn_network_create(
  _ seed: Int64, _ label: UnsafePointer<CChar>?, _ outNetwork: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> Int32 {
  capture {
    guard let outNetwork else { throw CAPIError(.argument, "snn_network_create: out_network is NULL") }
    let name = string(label)
    let net = Network(seed: seed < 0 ? nil : UInt64(seed), label: name.isEmpty ? "network" : name)
    outNetwork.pointee = Unmanaged.passRetained(NetworkHandle(net)).toOpaque()
  }
}

/// Frees a network (NULL is ignored). Simulators built from it stay valid.
@_cdecl("snn_network_free")
public func snn_network_free(_ network: UnsafeMutableRawPointer?) {
  guard let network else { return }
  Unmanaged<NetworkHandle>.fromOpaque(network).release()
}

/// Adds a node of `size` outputs: constant when `values` is not NULL (`size` values),
/// else supplied by the simulator (`snn_simulator_set_input`, `snn_simulator_set_function`).
@_cdecl("snn_network_add_node")
public func snn_network_add_node(
  _ network: UnsafeMutableRawPointer?, _ label: UnsafePointer<CChar>?, _ size: Int64,
  _ values: UnsafePointer<Double>?, _ outIndex: UnsafeMutablePointer<Int64>?
) -> Int32 {
  capture {
    let h = try object(network, as: NetworkHandle.self, name: "network")
    let node: Node
    if let values {
      guard size > 0 else { throw CAPIError(.argument, "node '\(string(label))': size must be positive, got \(size)") }
      node = Node(constant: try doubles(values, size, "node '\(string(label))' values"), label: string(label))
    } else {
      node = Node(size: Int(clamping: size), label: string(label))
    }
    h.ids.nodes.append(try h.network.add(node))
    outIndex?.pointee = Int64(h.ids.nodes.count - 1)
  }
}

/// Adds a node with `size_in` inputs (the sum of the connections into it, this step's
/// values): a passthrough node of `size_in` outputs when `function` is NULL (Nengo's
/// `Node(size_in=n)`; `size_out` must equal `size_in`), else a node whose `size_out`
/// outputs are `function(t, x, size_in, out, size_out, context)` at every step and for
/// every example (Nengo's `Node(f, size_in=n)`). The engine calls it from its worker
/// threads, one call at a time per example; a nonzero return stops the run with status 1
/// naming the node (the caller keeps its own error).
@_cdecl("snn_network_add_node_with_input")
public func snn_network_add_node_with_input(
  _ network: UnsafeMutableRawPointer?, _ label: UnsafePointer<CChar>?, _ sizeIn: Int64, _ sizeOut: Int64,
  _ function: SNNNodeFunction?, _ context: UnsafeMutableRawPointer?, _ outIndex: UnsafeMutablePointer<Int64>?
) -> Int32 {
  capture {
    let h = try object(network, as: NetworkHandle.self, name: "network")
    let name = string(label)
    guard sizeIn > 0, sizeOut > 0, sizeIn <= 1 << 24, sizeOut <= 1 << 24 else {
      throw CAPIError(.argument, "node '\(name)': size_in (\(sizeIn)) and size_out (\(sizeOut)) must be positive")
    }
    let node: Node
    if let function {
      let call = NodeCallback(function: function, context: context)
      let n = Int(sizeOut)
      node = Node(sizeIn: Int(sizeIn), sizeOut: n, label: name) { t, x in
        var out = [Double](repeating: 0, count: n)
        let status = x.withUnsafeBufferPointer { xs in
          out.withUnsafeMutableBufferPointer { ys in
            call.function(t, xs.baseAddress, Int64(xs.count), ys.baseAddress, Int64(n), call.context)
          }
        }
        return status == 0 ? out : []  // an output of the wrong size stops the run naming the node
      }
    } else {
      guard sizeOut == sizeIn else {
        throw CAPIError(
          .argument, "node '\(name)': a passthrough node has size_out = size_in, got \(sizeOut) and \(sizeIn)")
      }
      node = Node(passthrough: Int(sizeIn), label: name)
    }
    h.ids.nodes.append(try h.network.add(node))
    outIndex?.pointee = Int64(h.ids.nodes.count - 1)
  }
}

/// A C node function and its context, called from the engine's threads (the caller makes
/// the function safe to call from them).
private struct NodeCallback: @unchecked Sendable {
  let function: SNNNodeFunction
  let context: UnsafeMutableRawPointer?
}

/// Adds an ensemble of `n_neurons` neurons representing `dimensions` values.
///
/// - `neuron_type`, `params`, `n_params`: Nengo's class name and its parameters in Nengo's
///   order (LIF: tau_rc, tau_ref, min_voltage, amplitude; LIFRate: tau_rc, tau_ref,
///   amplitude; RectifiedLinear and SpikingRectifiedLinear: amplitude; Sigmoid and Tanh:
///   tau_ref); `wrapper` NULL, "PoissonSpiking" or "RegularSpiking" with its amplitude.
/// - `gain`, `bias`: `n_neurons` values each as Nengo built them, or both NULL to sample
///   Nengo's default max rates and intercepts.
/// - `encoders`: `n_neurons x dimensions`, row-major, unit length (NULL: random);
///   `radius` > 0.
/// - `initial_voltage`: `n_neurons` values (NULL: U(0, 1) per example);
///   `initial_refractory`: `n_neurons` remaining refractory times in seconds (NULL: 0).
@_cdecl("snn_network_add_ensemble")
public func snn_network_add_ensemble(
  _ network: UnsafeMutableRawPointer?, _ label: UnsafePointer<CChar>?, _ nNeurons: Int64, _ dimensions: Int64,
  _ neuronType: UnsafePointer<CChar>?, _ params: UnsafePointer<Double>?, _ nParams: Int64,
  _ wrapper: UnsafePointer<CChar>?, _ wrapperAmplitude: Double,
  _ gain: UnsafePointer<Double>?, _ bias: UnsafePointer<Double>?, _ encoders: UnsafePointer<Double>?,
  _ radius: Double, _ initialVoltage: UnsafePointer<Double>?, _ initialRefractory: UnsafePointer<Double>?,
  _ outIndex: UnsafeMutablePointer<Int64>?
) -> Int32 {
  capture {
    let h = try object(network, as: NetworkHandle.self, name: "network")
    let name = string(label).isEmpty ? "ensemble\(h.network.ensembles.count)" : string(label)
    guard nNeurons > 0, dimensions > 0, nNeurons <= 1 << 26, dimensions <= 1 << 20 else {
      throw CAPIError(.argument, "\(name): n_neurons (\(nNeurons)) and dimensions (\(dimensions)) must be positive")
    }
    let type = try NeuronTypeNames.neuronType(
      name: string(neuronType), parameters: try doubles(params, nParams, "\(name) neuron parameters"),
      wrapper: string(wrapper), wrapperAmplitude: wrapperAmplitude, object: name)
    let n = nNeurons
    var e = Ensemble(nNeurons: Int(n), dimensions: Int(dimensions), neuronType: type, radius: radius, label: name)
    if gain != nil || bias != nil {
      e.gain = try doubles(gain, n, "\(name) gain")
      e.bias = try doubles(bias, n, "\(name) bias")
    }
    if let encoders {
      e.encoders = try DoubleMatrix(
        rows: Int(n), cols: Int(dimensions), values: try doubles(encoders, n * dimensions, "\(name) encoders"))
    }
    if let initialVoltage { e.initialVoltage = .values(try doubles(initialVoltage, n, "\(name) initial voltage")) }
    if let initialRefractory {
      e.initialRefractory = try doubles(initialRefractory, n, "\(name) initial refractory time")
    }
    h.ids.ensembles.append(try h.network.add(e))
    outIndex?.pointee = Int64(h.ids.ensembles.count - 1)
  }
}

/// Connects `pre` to `post` (endpoint kinds above) through a transform: kind 0 a scalar
/// (one value, one to one), 1 a vector (one value per component), 2 a matrix of shape
/// (size_out, size_in), row-major, Nengo's layout. `n_transform` values in `transform`.
@_cdecl("snn_network_connect")
public func snn_network_connect(
  _ network: UnsafeMutableRawPointer?, _ preKind: Int32, _ preIndex: Int64, _ postKind: Int32, _ postIndex: Int64,
  _ transformKind: Int32, _ transform: UnsafePointer<Double>?, _ nTransform: Int64,
  _ synapseKind: Int32, _ tau: Double, _ label: UnsafePointer<CChar>?, _ outIndex: UnsafeMutablePointer<Int64>?
) -> Int32 {
  capture {
    let h = try object(network, as: NetworkHandle.self, name: "network")
    let pre = try endpoint(preKind, preIndex, in: h)
    let post = try endpoint(postKind, postIndex, in: h)
    let name = string(label).isEmpty ? "\(h.network.name(of: pre))->\(h.network.name(of: post))" : string(label)
    let values = try doubles(transform, nTransform, "\(name) transform")
    let t: Transform
    switch transformKind {
    case 0:
      guard values.count == 1 else {
        throw CAPIError(.argument, "\(name): a scalar transform takes 1 value, got \(values.count)")
      }
      t = .scalar(values[0])
    case 1: t = .vector(values)
    case 2:
      let rows = h.network.inputSize(of: post)
      let cols = h.network.size(of: pre)
      guard values.count == rows * cols else {
        throw CAPIError(
          .argument,
          "\(name): a matrix transform needs (size_out, size_in) = (\(rows), \(cols)) values, got \(values.count)")
      }
      t = .matrix(try DoubleMatrix(rows: rows, cols: cols, values: values))
    default: throw CAPIError(.argument, "\(name): transform kind \(transformKind) is not 0, 1 or 2")
    }
    let index = try h.network.connect(pre, post, transform: t, synapse: try synapse(synapseKind, tau), label: name)
    outIndex?.pointee = Int64(index)
  }
}

/// Probes `attribute` of an endpoint ("output"; of neurons also "voltage", "input",
/// "refractory_time" (LIF), "rate_out" (spiking wrappers), "adaptation" (AdaptiveLIF,
/// AdaptiveLIFRate) and "recovery" (Izhikevich); of a learning rule (kind 3) "weights"
/// (the connection's, `(size_out, n_pre)` row-major), "scaled_encoders" (Voja's,
/// `(n_neurons, dimensions)`), "activities" (the filtered pre activities, Hz) and
/// "inv_gamma" (RLS's `P`, `(n_pre, n_pre)`)), filtered by a synapse (kinds above),
/// recorded at every step.
@_cdecl("snn_network_probe")
public func snn_network_probe(
  _ network: UnsafeMutableRawPointer?, _ kind: Int32, _ index: Int64, _ attribute: UnsafePointer<CChar>?,
  _ synapseKind: Int32, _ tau: Double, _ label: UnsafePointer<CChar>?, _ outIndex: UnsafeMutablePointer<Int64>?
) -> Int32 {
  capture {
    let h = try object(network, as: NetworkHandle.self, name: "network")
    let target = try endpoint(kind, index, in: h)
    guard let attr = Probe.Attribute(rawValue: string(attribute)) else {
      throw CAPIError(
        .argument,
        "probe '\(string(label))': attribute '\(string(attribute))' is not output, voltage, input, refractory_time, rate_out, adaptation, recovery, weights, scaled_encoders, activities or inv_gamma"
      )
    }
    h.ids.probes.append(
      try h.network.probe(target, attribute: attr, synapse: try synapse(synapseKind, tau), label: string(label)))
    outIndex?.pointee = Int64(h.ids.probes.count - 1)
  }
}
