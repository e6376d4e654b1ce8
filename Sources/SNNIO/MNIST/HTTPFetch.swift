import Dispatch
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A blocking HTTP GET into memory with a size limit, built on URLSession.
///
/// The transfer is abandoned as soon as the server announces or sends more than the limit,
/// so a misbehaving server cannot make the caller allocate without bound.
enum HTTPFetch {
  /// Downloads `url` and returns its body.
  ///
  /// - Parameters:
  ///   - url: An `http` or `https` URL.
  ///   - maxBytes: The largest body accepted.
  ///   - idleTimeout: Seconds without data after which the transfer fails.
  ///   - transferTimeout: Seconds the whole transfer may take.
  /// - Throws: ``DataFormatError`` naming the URL on a network error, a status other than
  ///   2xx, a body over `maxBytes`, or a timeout.
  static func get(
    _ url: URL, maxBytes: Int, idleTimeout: TimeInterval, transferTimeout: TimeInterval
  ) throws -> Data {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = idleTimeout
    configuration.timeoutIntervalForResource = transferTimeout
    let receiver = Receiver(maxBytes: maxBytes)
    let session = URLSession(configuration: configuration, delegate: receiver, delegateQueue: nil)
    // The session holds its delegate strongly until it is invalidated.
    defer { session.finishTasksAndInvalidate() }
    let task = session.dataTask(with: url)
    task.resume()
    // A little beyond the session's own deadline, as a backstop.
    if receiver.finished.wait(timeout: .now() + transferTimeout + 5) == .timedOut {
      task.cancel()
      throw DataFormatError(
        file: url.absoluteString, "download timed out after \(Int(transferTimeout)) s")
    }
    return try receiver.result(for: url)
  }

  /// Collects one task's body, enforcing the size limit; callbacks arrive on the session's
  /// queue, the result is read after `finished` is signalled, and a lock orders the two.
  private final class Receiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let finished = DispatchSemaphore(value: 0)
    private let maxBytes: Int
    private let lock = NSLock()
    private var body = Data()
    private var failure: String?

    init(maxBytes: Int) {
      self.maxBytes = maxBytes
    }

    /// The body, or the failure recorded during the transfer.
    func result(for url: URL) throws -> Data {
      lock.lock()
      defer { lock.unlock() }
      if let failure { throw DataFormatError(file: url.absoluteString, failure) }
      return body
    }

    func urlSession(
      _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
      completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
      var problem: String?
      if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
        problem = "server answered HTTP \(http.statusCode)"
      } else if response.expectedContentLength > Int64(maxBytes) {
        problem =
          "server announced \(response.expectedContentLength) bytes, more than the limit of "
          + "\(maxBytes)"
      }
      if let problem { record(problem) }
      completionHandler(problem == nil ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
      lock.lock()
      let overLimit = body.count + data.count > maxBytes
      if overLimit {
        failure = failure ?? "response is larger than the limit of \(maxBytes) bytes"
      } else {
        body.append(data)
      }
      lock.unlock()
      if overLimit { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
      if let error { record("download failed: \(error.localizedDescription)") }
      finished.signal()
    }

    /// Keeps the first problem seen (a later "cancelled" is its consequence).
    private func record(_ problem: String) {
      lock.lock()
      failure = failure ?? problem
      lock.unlock()
    }
  }
}
