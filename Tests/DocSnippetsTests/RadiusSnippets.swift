import SwiftSNN

/// The code of the section "Values outside the radius" of "Why the forum network gave
/// 0.45": a communication channel diagnosed beyond and within its radius.
enum RadiusTutorial {
  // snippet: radius-channel-diagnosis
  /// A communication channel, stim -> a -> b (100 LIF neurons each, radius
  /// 1), diagnosed for 300 steps with one constant input per example.
  static func channelDiagnosis(stim: [Float]) throws -> DiagnosisReport {
    var net = Network(seed: 11, label: "channel")
    let input = try net.add(Node(size: 1, label: "stim"))
    let a = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "a"))
    let b = try net.add(Ensemble(nNeurons: 100, dimensions: 1, label: "b"))
    try net.connect(.node(input), .ensemble(a))
    try net.connect(.ensemble(a), .ensemble(b))
    let setup = DiagnosisSetup(
      network: net, input: input, output: b, steps: 300)
    let inputs = try Matrix(rows: stim.count, cols: 1, values: stim)
    return try Diagnosis.run(setup, inputs: inputs)
  }
  // snippet-end
}
