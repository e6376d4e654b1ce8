import Foundation
import FuzzDriver
import SwiftSNN

/// The file the input is written to: `KerasWeights.load(url:)` goes through libhdf5, which
/// opens paths. One private directory per process, so parallel jobs do not share it.
private let inputURL: URL = {
  let dir = FileManager.default.temporaryDirectory
    .appendingPathComponent("swiftsnn-fuzz-keras-\(getpid())", isDirectory: true)
  try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir.appendingPathComponent("weights.h5")
}()

/// libFuzzer entry point: loads the input as a Keras weights file (HDF5, or a `.keras` /
/// `.npz` zip archive when it starts with the zip signature). A `DataFormatError` is a
/// correct answer; a crash, leak or hang is a bug.
func fuzz(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let bytes else { return 0 }
  let data = Data(bytes: bytes, count: size)
  guard (try? data.write(to: inputURL)) != nil else { return 0 }
  _ = try? KerasWeights.load(url: inputURL)
  return 0
}

/// The entry point SwiftPM links this executable with: runs libFuzzer on ``fuzz(_:_:)``.
@_cdecl("fuzz_keras_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  swiftsnn_fuzz_main(argc, argv, fuzz)
}
