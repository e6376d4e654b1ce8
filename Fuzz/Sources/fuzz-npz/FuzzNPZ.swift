import Foundation
import FuzzDriver
import SwiftSNN

/// libFuzzer entry point: reads the input as a NumPy `.npz` archive (stored or deflated
/// entries) with a 16 MiB cap on the decompressed arrays. A `DataFormatError` is a correct
/// answer; a crash, leak or hang is a bug.
func fuzz(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let bytes else { return 0 }
  let data = Data(bytes: bytes, count: size)
  if let arrays = try? NPZ.read(data: data, name: "fuzz.npz", maxBytes: 1 << 24) {
    for array in arrays.values { _ = array.floats() }
  }
  return 0
}

/// The entry point SwiftPM links this executable with: runs libFuzzer on ``fuzz(_:_:)``.
@_cdecl("fuzz_npz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  swiftsnn_fuzz_main(argc, argv, fuzz)
}
