import Foundation
import FuzzDriver
import SwiftSNN

/// libFuzzer entry point: reads the input as a NumPy `.npy` file with a 16 MiB size cap.
/// A `DataFormatError` is a correct answer; a crash, leak or hang is a bug.
func fuzz(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let bytes else { return 0 }
  let data = Data(bytes: bytes, count: size)
  if let array = try? NPY.read(data: data, name: "fuzz.npy", maxBytes: 1 << 24) {
    _ = array.floats()
  }
  return 0
}

/// The entry point SwiftPM links this executable with: runs libFuzzer on ``fuzz(_:_:)``.
@_cdecl("fuzz_npy_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  swiftsnn_fuzz_main(argc, argv, fuzz)
}
