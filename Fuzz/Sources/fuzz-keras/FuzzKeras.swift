import CHDF5
import Foundation
import FuzzDriver
import SwiftSNN

/// The file the input is written to: `KerasWeights.load(url:)` goes through libhdf5, which
/// opens paths. One per process, so parallel jobs (and fork mode's children) do not share
/// it; removed after each load.
private let inputPath = FileManager.default.temporaryDirectory
  .appendingPathComponent("swiftsnn-fuzz-keras-\(getpid()).h5").path

/// Writes `size` bytes to ``inputPath`` with plain `write(2)`: `Data.write(to:)` also
/// fsyncs and copies extended attributes, a disk round trip per input.
private func writeInput(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> Bool {
  let fd = open(inputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  guard fd >= 0 else { return false }
  defer { close(fd) }
  var written = 0
  while written < size {
    let n = write(fd, bytes + written, size - written)
    guard n > 0 else { return false }
    written += n
  }
  return true
}

/// libFuzzer entry point: loads the input as a Keras weights file (HDF5, or a `.keras` /
/// `.npz` zip archive when it starts with the zip signature). A `DataFormatError` is a
/// correct answer; a crash, leak or hang is a bug. Leaks inside libhdf5 are suppressed
/// (`Fuzz/suppressions/libhdf5.lsan`), so a handle the loader forgets to close would go
/// unreported there: every HDF5 object must be closed when the load returns.
func fuzz(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let bytes, writeInput(bytes, size) else { return 0 }
  _ = try? KerasWeights.load(url: URL(fileURLWithPath: inputPath))
  unlink(inputPath)
  let all = H5F_OBJ_FILE | H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR
  let open = H5Fget_obj_count(hid_t(all), UInt32(all))
  if open != 0 { fatalError("\(open) HDF5 objects left open after a load") }
  return 0
}

/// The entry point SwiftPM links this executable with: runs libFuzzer on ``fuzz(_:_:)``.
@_cdecl("fuzz_keras_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  swiftsnn_fuzz_main(argc, argv, fuzz)
}
