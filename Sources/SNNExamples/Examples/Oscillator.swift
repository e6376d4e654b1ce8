import Foundation
import SwiftSNN

/// `oscillator`: a 2-D recurrent connection that turns the represented vector at 1 Hz.
///
/// kick `[1, 0]` for t < 0.1 s -> A (200 LIF, 2-D), default synapse; A -> A with transform
/// `[[1, -w tau], [w tau, 1]]`, Lowpass(tau), tau = 0.1 s, w = 2 pi rad/s (the loop makes
/// `x' = w [[0, -1], [1, 0]] x`); A probed through Lowpass(10 ms); 3 s. Figures over
/// t >= 1 s: the frequency of the phase (Hz), the amplitude's mean and std.
enum Oscillator: NEFExampleDefinition {
  static let name = "oscillator"
  static let summary = "kick -> A (200, 2-D) with A -> A turning at 1 Hz; frequency and amplitude"
  static let duration = 3.0
  /// The recurrent synapse's time constant, in seconds.
  static let tau = 0.1
  /// The angular frequency, in rad/s.
  static let omega = 2 * Double.pi

  static func kick(_ t: Double) -> [Double] { t < 0.1 ? [1, 0] : [0, 0] }

  static func network(seed: UInt64) throws -> (network: Network, output: ProbeID, reference: ProbeID?) {
    var net = Network(seed: seed, label: name)
    let stim = try net.add(Node(label: "kick", kick))
    let a = try net.add(Ensemble(nNeurons: 200, dimensions: 2, label: "A"))
    try net.connect(stim, a)
    let turn = try DoubleMatrix(rows: 2, cols: 2, values: [1, -omega * tau, omega * tau, 1])
    try net.connect(a, a, transform: .matrix(turn), synapse: .lowpass(tau))
    let probe = try net.probe(a, synapse: .lowpass(0.01), label: "A")
    return (net, probe, nil)
  }

  /// None: the figures are the oscillation's own frequency and amplitude.
  static func ideal(steps: Int, dt: Double) -> [[Double]]? { nil }

  static func figures(_ trace: NEFExampleTrace) throws -> [NEFFigure] {
    let o = try NEFFigures.oscillation(t: trace.t, output: trace.output)
    return [
      NEFFigure("frequency_hz", o.frequencyHz), NEFFigure("amplitude_mean", o.amplitudeMean),
      NEFFigure("amplitude_std", o.amplitudeStd),
    ]
  }
}
