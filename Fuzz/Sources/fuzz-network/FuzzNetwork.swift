import Foundation
import FuzzDriver
import SwiftSNN

/// The file the input is written to: `NetworkFile.load(url:)` reads a path. One private
/// directory per process, so parallel fuzzing jobs do not share it.
private let inputURL: URL = {
  let dir = FileManager.default.temporaryDirectory
    .appendingPathComponent("swiftsnn-fuzz-network-\(getpid())", isDirectory: true)
  try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir.appendingPathComponent("net.json")
}()

/// libFuzzer entry point: loads the input as a network file (JSON with inline weights;
/// a `"weights"` field makes it look for an `.npz` that does not exist). A
/// `DataFormatError` is a correct answer; a crash, leak or hang is a bug.
func fuzz(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let bytes else { return 0 }
  let data = Data(bytes: bytes, count: size)
  guard (try? data.write(to: inputURL)) != nil else { return 0 }
  _ = try? NetworkFile.load(url: inputURL)
  return 0
}

/// The entry point SwiftPM links this executable with: runs libFuzzer on ``fuzz(_:_:)``.
@_cdecl("fuzz_network_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  swiftsnn_fuzz_main(argc, argv, fuzz)
}
