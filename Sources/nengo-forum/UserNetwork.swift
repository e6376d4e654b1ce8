import SwiftSNN

/// The forum user's Nengo network, written line for line with SwiftSNN's model API; the
/// Python each line mirrors (Nengo 4.1) is in the comment beside it.
///
/// The ANN was Keras `Dense(128, relu, use_bias=False) -> Dense(10, softmax,
/// use_bias=False)` trained on pixels / 255; the spiking network reuses its kernels as they
/// are, is fed the raw 0...255 pixels, and reads the class from a filtered probe.
struct UserNetwork {
  /// The network.
  let network: Network
  /// `inp`: the node that holds the current test image.
  let input: NodeID
  /// `out`: the 10 output LIF neurons.
  let output: EnsembleID
  /// `out_p`: the output spikes through a Lowpass(0.1) synapse.
  let probe: ProbeID

  /// Builds the network from the ANN's kernels `w1` (784 x hidden) and `w2` (hidden x 10),
  /// Keras layout.
  init(w1: Matrix, w2: Matrix) throws {
    let nInput = w1.rows
    let nHidden = w1.cols
    let nOut = w2.cols
    // with nengo.Network(seed=0) as net:
    var net = Network(seed: 0, label: "nengo-forum")
    //     net.config[nengo.Ensemble].max_rates = nengo.dists.Choice([100])
    net.config.ensemble.maxRates = .choice([100])
    //     net.config[nengo.Ensemble].intercepts = nengo.dists.Choice([0])
    net.config.ensemble.intercepts = .choice([0])
    //     net.config[nengo.Connection].synapse = None
    net.config.connection.synapse = nil
    //     inp = nengo.Node(lambda t: image)    # the current test image, raw pixels 0..255
    let inp = try net.add(Node(size: nInput, label: "inp"))
    //     input_layer = nengo.Ensemble(n_input, 1, neuron_type=nengo.PoissonSpiking(nengo.RectifiedLinear()))
    let inputLayer = try net.add(
      Ensemble(
        nNeurons: nInput, dimensions: 1, neuronType: .poissonSpiking(base: .rectifiedLinear()), label: "input_layer"))
    //     nengo.Connection(inp, input_layer.neurons, transform=1)
    try net.connect(.node(inp), .neurons(inputLayer), transform: .scalar(1))
    //     hidden = nengo.Ensemble(n_hidden, 1, neuron_type=nengo.LIF())
    let hidden = try net.add(Ensemble(nNeurons: nHidden, dimensions: 1, neuronType: .lif, label: "hidden"))
    //     nengo.Connection(input_layer.neurons, hidden.neurons, transform=W1.T)
    try net.connect(.neurons(inputLayer), .neurons(hidden), transform: .matrix(w1.transposed()))
    //     out = nengo.Ensemble(n_out, 1, neuron_type=nengo.LIF())
    let out = try net.add(Ensemble(nNeurons: nOut, dimensions: 1, neuronType: .lif, label: "out"))
    //     nengo.Connection(hidden.neurons, out.neurons, transform=W2.T)
    try net.connect(.neurons(hidden), .neurons(out), transform: .matrix(w2.transposed()))
    //     out_p = nengo.Probe(out.neurons, synapse=0.1)
    let outP = try net.probe(.neurons(out), synapse: .lowpass(0.1), label: "out_p")
    network = net
    input = inp
    output = out
    probe = outP
  }
}
