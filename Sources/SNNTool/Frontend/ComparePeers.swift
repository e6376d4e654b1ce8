import Foundation

/// Which peer scripts `snn compare` runs, with which configuration, on how many images.
struct ComparePeerRun: Equatable {
  /// The peer's name: its script is `peer_<name>.py`.
  var peer: String
  /// `correct` or `user` (compare/README.md, "The networks").
  var configuration: String
  /// The first `images` test images of the export.
  var images: Int
  /// Further command-line arguments of the script.
  var extraArguments: [String] = []

  /// The peers run by default, in table order.
  static let defaultPeers = ["numpy", "snntorch", "nengo", "brian2"]

  /// The runs for `peers`: Nengo twice (the user's configuration and the correct one) on
  /// `nengoLimit` images, Brian2 on `brian2Limit`, every other peer (`correct`) on
  /// `limit`; numpy and snntorch get `threads` worker threads. No run exceeds `limit`.
  static func plan(peers: [String], limit: Int, nengoLimit: Int, brian2Limit: Int, threads: Int) -> [ComparePeerRun] {
    peers.flatMap { peer -> [ComparePeerRun] in
      switch peer {
      case "nengo":
        let n = min(nengoLimit, limit)
        return [
          ComparePeerRun(peer: peer, configuration: "user", images: n),
          ComparePeerRun(peer: peer, configuration: "correct", images: n),
        ]
      case "brian2":
        return [ComparePeerRun(peer: peer, configuration: "correct", images: min(brian2Limit, limit))]
      case "numpy", "snntorch":
        return [
          ComparePeerRun(
            peer: peer, configuration: "correct", images: limit, extraArguments: ["--threads", "\(threads)"])
        ]
      default:
        return [ComparePeerRun(peer: peer, configuration: "correct", images: limit)]
      }
    }
  }

  /// The script's command-line arguments for the export file `data` and `seed`.
  func arguments(data: URL, seed: UInt64) -> [String] {
    ["--data", data.path, "--limit", "\(images)", "--config", configuration, "--seed", "\(seed)"] + extraArguments
  }

  /// The script's file in `directory`.
  func script(in directory: URL) -> URL { directory.appendingPathComponent("peer_\(peer).py") }
}
