import Foundation
import SwiftSNN

/// Writes the user's network in SwiftSNN's network file format, with the metadata
/// `snn diagnose` and `snn run` need to feed and read it as the user did.
enum ForumExport {
  /// The network file's contents: the network and its metadata.
  static func document(_ user: UserNetwork, steps: Int, dt: Double) -> NetworkDocument {
    let net = user.network
    let metadata = [
      "input_node": net.nodes[user.input.index].label,
      "input_scale": "255",
      "output_ensemble": net.ensembles[user.output.index].label,
      "readout": "probe_positive_steps",
      "readout_probe": net.probes[user.probe.index].label,
      "dt": "\(dt)",
      "steps": "\(steps)",
      "max_rate": "100",
    ]
    return NetworkDocument(network: net, metadata: metadata)
  }
}
