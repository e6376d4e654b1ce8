import Foundation
import FuzzDriver
@_spi(Fuzzing) import SNNIO

/// libFuzzer entry point: decodes the input into an in-memory HDF5 tree (``TreeDecoder``)
/// and loads it with `KerasWeights.load(tree:configJSON:)`, the validation `load(url:)`
/// runs on what libhdf5 returns. A `DataFormatError` is a correct answer; a crash, leak or
/// hang is a bug.
func fuzz(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let bytes else { return 0 }
  var decoder = TreeDecoder(UnsafeBufferPointer(start: bytes, count: size))
  let (tree, config) = decoder.decode()
  _ = try? KerasWeights.load(tree: tree, configJSON: config)
  return 0
}

/// The entry point SwiftPM links this executable with: runs libFuzzer on ``fuzz(_:_:)``.
@_cdecl("fuzz_keras_tree_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  swiftsnn_fuzz_main(argc, argv, fuzz)
}
