import SNNModel
import SNNSimulator

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The status every `snn_*` function returns (`int32_t`): 0 on success, else the kind of
/// failure, with the message in ``snn_last_error()``.
enum Status: Int32 {
  case ok = 0
  /// A ``ModelError``: an object or parameter of the network description is invalid.
  case model = 1
  /// A ``BuildError``: the network cannot be built or run as asked.
  case build = 2
  /// A bad argument at the C boundary: a null handle or pointer, an unknown name, a size.
  case argument = 3
  /// A node function (callback) reported a failure.
  case callback = 4
}

/// A failure at the C boundary that is not one of the library's own errors.
struct CAPIError: Error {
  let status: Status
  let message: String
  init(_ status: Status = .argument, _ message: String) {
    self.status = status
    self.message = message
  }
}

/// The last error message of each thread, a C string owned by that thread's slot.
private let errorKey: pthread_key_t = {
  var key = pthread_key_t()
  pthread_key_create(&key) { free($0) }
  return key
}()

private func setLastError(_ message: String?) {
  if let old = pthread_getspecific(errorKey) { free(old) }
  pthread_setspecific(errorKey, message.flatMap { strdup($0) }.map { UnsafeMutableRawPointer($0) })
}

/// Runs `body`, turning every thrown error into a status code and the thread's last error
/// message (nothing crosses the C boundary as a Swift error).
func capture(_ body: () throws -> Void) -> Int32 {
  do {
    try body()
    setLastError(nil)
    return Status.ok.rawValue
  } catch let e as CAPIError {
    setLastError(e.message)
    return e.status.rawValue
  } catch let e as ModelError {
    setLastError(e.description)
    return Status.model.rawValue
  } catch let e as BuildError {
    setLastError(e.description)
    return Status.build.rawValue
  } catch {
    setLastError("\(error)")
    return Status.build.rawValue
  }
}

/// The message of the last failed `snn_*` call on this thread, or NULL after a success.
/// The string stays valid until the next `snn_*` call on the same thread.
@_cdecl("snn_last_error")
public func snn_last_error() -> UnsafePointer<CChar>? {
  pthread_getspecific(errorKey).map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) }
}
