import ArgumentParser
import Foundation
import SwiftSNN

/// The converted network and the test set that `snn compare` hands to the Python peers in
/// `compare/`, in their export format (compare/README.md, "The export file").
///
/// The peers run every network with Nengo's spike heights `amplitude / dt` and
/// `amplitude = 1`: input neuron `i` fires Poisson counts at `pixel_i * maxRate` Hz, and
/// the currents are `J_hidden = (input spikes) @ W1`, `J_out = (hidden spikes) @ W2`
/// (gain 1, bias 0, no synapses, Nengo's LIF). The converted network's spikes have
/// integrals (amplitudes) other than 1 — `1 / maxRate` at the input, `1 / r(currentAtMax)`
/// at the hidden layer — so each exported weight matrix is the connection's transform,
/// transposed to Keras layout, times the amplitude of the population that sends the
/// spikes: `W1 = T1^T * amp_input`, `W2 = T2^T * amp_hidden`. With those, a peer's
/// currents equal SwiftSNN's at every step for the same spikes.
struct CompareExport: Equatable {
  /// Input -> hidden weights as the peers use them, `inputs x hidden` (Keras layout).
  var w1: Matrix
  /// Hidden -> output weights as the peers use them, `hidden x outputs`.
  var w2: Matrix
  /// The ANN's trained kernels (the forum user's network, Nengo "user" configuration).
  var w1Raw: Matrix
  /// The ANN's second kernel.
  var w2Raw: Matrix
  /// Test images, one per row, pixels in [0, 1].
  var images: Matrix
  /// Test labels, one per image.
  var labels: [UInt8]
  /// Simulation steps per image.
  var steps: Int
  /// Time step, in seconds.
  var dt: Double
  /// Input rate of a pixel of intensity 1, in Hz.
  var maxRate: Double
  /// LIF membrane time constant, in seconds.
  var tauRC: Double
  /// LIF refractory period, in seconds.
  var tauRef: Double

  /// Reads the exported weights out of `converted` (made from `ann`) and pairs them with
  /// the test set.
  /// - Throws: `ValidationError` when the network is not the two-layer LIF network the
  ///   peers implement (Poisson input -> LIF -> LIF with reset to zero, no biases, one LIF
  ///   parameter set, spike-count readout).
  static func make(
    ann: Sequential, converted: ConvertedNetwork, images: Matrix, labels: [UInt8], steps: Int, dt: Double
  ) throws -> CompareExport {
    let net = converted.network
    guard ann.layers.count == 2, converted.layers.count == 3 else {
      throw ValidationError(
        "compare: the peers implement an ANN of two Dense layers; this one has \(ann.layers.count)")
    }
    guard converted.options.readout == .count else {
      throw ValidationError(
        "compare: the peers read the class from spike counts; this network's readout is \(converted.options.readout)")
    }
    for (l, layer) in ann.layers.enumerated() where layer.bias?.contains(where: { $0 != 0 }) == true {
      throw ValidationError("compare: Dense layer \(l + 1) has a nonzero bias; the peers' network has no biases")
    }
    let input = net.ensembles[converted.layers[0].index]
    guard case .poissonSpiking(.rectifiedLinear(let baseAmplitude), let inputAmplitude)? = input.neuronType,
      baseAmplitude == 1, let gains = input.gain, let maxRate = gains.first, gains.allSatisfy({ $0 == maxRate }),
      input.bias?.allSatisfy({ $0 == 0 }) ?? false
    else {
      throw ValidationError("compare: the input population is not Poisson spiking at one max rate with bias 0")
    }
    var lif: LIFParameters?
    for id in converted.layers.dropFirst() {
      let e = net.ensembles[id.index]
      guard case .lif(let p)? = e.neuronType, lif.map({ $0.tauRC == p.tauRC && $0.tauRef == p.tauRef }) ?? true,
        p.minVoltage == 0, p.reset == .zero, e.gain?.allSatisfy({ $0 == 1 }) ?? false,
        e.bias?.allSatisfy({ $0 == 0 }) ?? false
      else {
        throw ValidationError(
          "compare: population '\(e.label)' is not a LIF population (reset to zero) with gain 1, bias 0")
      }
      lif = p
    }
    guard let lif, case .lif(let hidden)? = net.ensembles[converted.layers[1].index].neuronType else {
      throw ValidationError("compare: the converted network has no LIF layers")
    }
    let w1 = try exportedWeights(net, from: converted.layers[0], to: converted.layers[1], amplitude: inputAmplitude)
    let w2 = try exportedWeights(net, from: converted.layers[1], to: converted.layers[2], amplitude: hidden.amplitude)
    return CompareExport(
      w1: w1, w2: w2, w1Raw: ann.layers[0].kernel, w2Raw: ann.layers[1].kernel, images: images, labels: labels,
      steps: steps, dt: dt, maxRate: maxRate, tauRC: lif.tauRC, tauRef: lif.tauRef)
  }

  /// The transform of the one connection `pre.neurons -> post.neurons`, transposed (Keras
  /// layout) and multiplied by the amplitude of `pre`'s spikes.
  static func exportedWeights(_ net: Network, from pre: EnsembleID, to post: EnsembleID, amplitude: Double) throws
    -> Matrix
  {
    let matches = net.connections.filter { $0.pre == .neurons(pre) && $0.post == .neurons(post) }
    guard matches.count == 1, case .matrix(let t) = matches[0].transform, matches[0].synapse == nil else {
      throw ValidationError(
        "compare: expected one unfiltered matrix connection \(net.name(of: .neurons(pre))) -> "
          + "\(net.name(of: .neurons(post))), found \(matches.count)")
    }
    var w = t.rounded().transposed()
    for i in w.values.indices { w.values[i] = Float(Double(w.values[i]) * amplitude) }
    return w
  }

  /// The arrays of the export file, named as compare/README.md names them. `amplitude`
  /// (1) is written explicitly; the scalars are `float64` (`steps` `int64`) so that the
  /// peers see exactly SwiftSNN's `dt` and time constants.
  func arrays() throws -> [String: NDArray] {
    func scalar(_ x: Double) throws -> NDArray { try NDArray(shape: [], storage: .float64([x])) }
    return [
      "W1": NDArray(w1), "W2": NDArray(w2), "W1_raw": NDArray(w1Raw), "W2_raw": NDArray(w2Raw),
      "images": NDArray(images),
      "labels": try NDArray(shape: [labels.count], storage: .int64(labels.map { Int64($0) })),
      "steps": try NDArray(shape: [], storage: .int64([Int64(steps)])),
      "dt": try scalar(dt), "max_rate": try scalar(maxRate), "tau_rc": try scalar(tauRC),
      "tau_ref": try scalar(tauRef), "amplitude": try scalar(1),
    ]
  }

  /// Writes the export file (an uncompressed `.npz`, atomically).
  /// - Throws: `DataFormatError` naming the path when it cannot be written.
  func write(to url: URL) throws {
    try NPZ.write(try arrays(), to: url)
  }
}
