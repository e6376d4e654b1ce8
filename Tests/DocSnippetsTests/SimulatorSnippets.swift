import Foundation
import SwiftSNN

/// The code of "How the simulator works": one small network followed from its description
/// to its probes, the delays of synapses, and the determinism contract.
enum SimulatorTour {
  struct Tour {
    var network: Network
    var input: NodeID
    var pixels: EnsembleID
    var hidden: EnsembleID
    var spikes: ProbeID
    var current: ProbeID
  }

  static func network() throws -> Tour {
    // snippet: tour-network
    var net = Network(seed: 3, label: "tour")
    let input = try net.add(Node(size: 4, label: "input"))
    let pixels = try net.add(
      Ensemble(
        nNeurons: 4, dimensions: 1,
        neuronType: .poissonSpiking(base: .rectifiedLinear(), amplitude: 0.001),
        gain: [1000, 1000, 1000, 1000], bias: [0, 0, 0, 0], label: "pixels"))
    try net.connect(.node(input), .neurons(pixels), synapse: nil)
    let hidden = try net.add(
      Ensemble(
        nNeurons: 3, dimensions: 1, neuronType: .lif,
        maxRates: .uniform(low: 200, high: 400),
        intercepts: .uniform(low: -1, high: 0.9),
        label: "hidden"))
    // Nengo's shape (size_out, size_in): row j feeds hidden neuron j.
    let w = try Matrix([[1, 0.5, 0, 0], [0, 1, 0.5, 0], [0, 0, 1, -2]])
    try net.connect(
      .neurons(pixels), .neurons(hidden), transform: .matrix(w),
      synapse: .lowpass(0.005))
    let spikes = try net.probe(
      .neurons(hidden), synapse: .lowpass(0.01), label: "spikes")
    let current = try net.probe(.neurons(hidden), attribute: .input, label: "J")
    // snippet-end
    return Tour(network: net, input: input, pixels: pixels, hidden: hidden, spikes: spikes, current: current)
  }

  static func plan(_ tour: Tour) throws -> Plan {
    let net = tour.network
    let hidden = tour.hidden
    // snippet: tour-plan
    let plan = try Builder.build(net, dt: 0.001)
    print(plan.summary)
    let built = plan.ensembles[hidden.index]  // BuiltEnsemble
    print("gain", built.gain, "bias", built.bias)
    // snippet-end
    return plan
  }

  static func run(_ tour: Tour, batchSize: Int, threads: Int, rows: [Int]) throws -> [ProbeData] {
    let (net, input, spikes, current) = (tour.network, tour.input, tour.spikes, tour.current)
    let images: [[Float]] = [[0.9, 0.1, 0.5, 0], [0.2, 0.8, 0.8, 0.3], [1, 1, 1, 1]]
    // snippet: tour-run
    let sim = try Simulator(
      net, dt: 0.001, batchSize: batchSize, seed: 7, threads: threads)
    let batch = try Matrix(rows.map { images[$0] })  // one example per row
    try sim.setInput(input, batch)
    sim.reset(exampleIDs: rows.map { UInt64($0) })  // example i: stream i
    try sim.run(steps: 200)
    let (s, j) = (sim.data(spikes), sim.data(current))  // [batch][step][i]
    // snippet-end
    return [s, j]
  }

  /// A constant 2 drives one neuron's input through Lowpass(0.005), another's without a
  /// synapse; the first probe row shows the one-step delay of the filtered connection.
  static func delays() throws -> (filtered: [Float], direct: [Float], probed: [Float]) {
    // snippet: delays
    var net = Network(seed: 0, label: "delays")
    let two = try net.add(Node(constant: [2], label: "two"))
    let a = try net.add(
      Ensemble(
        nNeurons: 1, dimensions: 1, neuronType: .lifRate,
        gain: [1], bias: [0], label: "a"))
    let b = try net.add(
      Ensemble(
        nNeurons: 1, dimensions: 1, neuronType: .lifRate,
        gain: [1], bias: [0], label: "b"))
    try net.connect(.node(two), .neurons(a), synapse: .lowpass(0.005))
    try net.connect(.node(two), .neurons(b), synapse: nil)
    let ja = try net.probe(.neurons(a), attribute: .input)  // J of a
    let jb = try net.probe(.neurons(b), attribute: .input)
    let node = try net.probe(.node(two), synapse: .lowpass(0.005))
    let sim = try Simulator(net, dt: 0.001)
    try sim.run(steps: 4)
    for p in [ja, jb, node] { print(sim.data(p).values) }
    // a, one step late, 2 (1 - exp(-(k-1) dt/tau)) at step k:
    //   [0.0, 0.3625385, 0.65935993, 0.9023768]
    // b, this very step:
    //   [2.0, 2.0, 2.0, 2.0]
    // the filtered probe, its filter before this step's update:
    //   [0.0, 0.3625385, 0.65935993, 0.9023768]
    // snippet-end
    return (sim.data(ja).values, sim.data(jb).values, sim.data(node).values)
  }
}
