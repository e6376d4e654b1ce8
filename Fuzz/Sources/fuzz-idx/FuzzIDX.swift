import Foundation
import FuzzDriver
import SwiftSNN

/// libFuzzer entry point: decodes the input as an MNIST IDX file (raw, or gzip when it
/// starts with the gzip magic), whole and with an item limit. Any `DataFormatError` is a
/// correct answer; a crash, leak or hang is a bug.
func fuzz(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let bytes else { return 0 }
  let data = Data(bytes: bytes, count: size)
  _ = try? IDXFile.decode(data, source: "fuzz.idx", maxPayloadBytes: 1 << 24)
  _ = try? IDXFile.decode(data, source: "fuzz.idx", maxItems: 1, maxPayloadBytes: 1 << 24)
  return 0
}

/// The entry point SwiftPM links this executable with: runs libFuzzer on ``fuzz(_:_:)``.
@_cdecl("fuzz_idx_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  swiftsnn_fuzz_main(argc, argv, fuzz)
}
