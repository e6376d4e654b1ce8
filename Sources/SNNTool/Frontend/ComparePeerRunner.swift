import Foundation

/// Runs one Python peer script (`compare/peer_<name>.py`) as a child process and reads
/// its one-line JSON result.
///
/// The child's standard output and error go to files in a fresh temporary directory (no
/// pipe can fill up and block it); at most the last `maxOutputBytes` of each are read.
/// A child still running after `timeout` seconds is sent SIGTERM, then SIGKILL, with its
/// whole process group; so is a child running when `snn` gets SIGINT (Ctrl-C) or SIGTERM
/// (``InterruptCleanup``), and `snn` then exits.
struct ComparePeerRunner {
  /// The Python interpreter (the peers' virtual environment).
  var python: URL
  /// Seconds a peer may run before it is stopped.
  var timeout: TimeInterval
  /// The most bytes read from the end of each output stream.
  var maxOutputBytes = 1 << 20

  /// A peer's row and the wall-clock seconds of its whole process (start-up, imports,
  /// loading and any build included).
  struct Result {
    /// The parsed result.
    var row: CompareRow
    /// Seconds from launch to exit.
    var processSeconds: Double
  }

  /// Runs `script` with `arguments` and parses its result.
  /// - Parameter name: the peer's name, for messages.
  /// - Throws: ``ComparePeerError`` when the interpreter or script is missing, the process
  ///   fails to start, exits non-zero (the message quotes the last line of its standard
  ///   error, e.g. a `ModuleNotFoundError`), times out, or prints no valid result.
  func run(name: String, script: URL, arguments: [String]) throws -> Result {
    let fm = FileManager.default
    guard fm.isExecutableFile(atPath: python.path) else {
      throw ComparePeerError(
        "\(name): no Python interpreter at \(python.path) (run scripts/setup-peers.sh or pass --python)")
    }
    guard fm.fileExists(atPath: script.path) else { throw ComparePeerError("\(name): no peer script \(script.path)") }
    let dir = fm.temporaryDirectory.appendingPathComponent("snn-compare-\(UUID().uuidString)")
    try fm.createDirectory(at: dir, withIntermediateDirectories: true)
    let removeDir = InterruptCleanup.shared.add { try? FileManager.default.removeItem(at: dir) }
    defer {
      InterruptCleanup.shared.remove(removeDir)
      try? fm.removeItem(at: dir)
    }
    let outURL = dir.appendingPathComponent("stdout")
    let errURL = dir.appendingPathComponent("stderr")
    guard fm.createFile(atPath: outURL.path, contents: nil), fm.createFile(atPath: errURL.path, contents: nil) else {
      throw ComparePeerError("\(name): cannot create output files in \(dir.path)")
    }
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    defer {
      try? outHandle.close()
      try? errHandle.close()
    }

    let process = Process()
    process.executableURL = python
    process.arguments = [script.path] + arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = outHandle
    process.standardError = errHandle
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    let start = Date()
    do {
      try process.run()
    } catch {
      throw ComparePeerError("\(name): cannot start \(python.path): \(error.localizedDescription)")
    }
    // Foundation starts the child in its own process group (pgid = pid) and notices its
    // exit only when every process holding its status socket has exited: signal the group.
    let pid = process.processIdentifier
    let signalChild: @Sendable (Int32) -> Void = { sig in
      kill(-pid, sig)
      kill(pid, sig)
    }
    let cleanup = InterruptCleanup.shared.add { signalChild(SIGKILL) }
    defer { InterruptCleanup.shared.remove(cleanup) }
    if finished.wait(timeout: .now() + timeout) == .timedOut {
      signalChild(SIGTERM)
      if finished.wait(timeout: .now() + 5) == .timedOut {
        signalChild(SIGKILL)
        _ = finished.wait(timeout: .now() + 5)
      }
      throw ComparePeerError("\(name): stopped after the \(Int(timeout)) s timeout")
    }
    let seconds = Date().timeIntervalSince(start)
    let stdout = try tail(of: outURL)
    if process.terminationReason != .exit || process.terminationStatus != 0 {
      let lastLine = try tail(of: errURL).split(whereSeparator: \.isNewline).last.map(String.init) ?? "no message"
      let how = process.terminationReason == .exit ? "exit status" : "signal"
      throw ComparePeerError("\(name): failed (\(how) \(process.terminationStatus)): \(lastLine.prefix(300))")
    }
    return Result(row: try CompareRow.parse(stdout: stdout, peer: name), processSeconds: seconds)
  }

  /// The last `maxOutputBytes` of the file at `url`, as text.
  private func tail(of url: URL) throws -> String {
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    let size = try handle.seekToEnd()
    try handle.seek(toOffset: size > UInt64(maxOutputBytes) ? size - UInt64(maxOutputBytes) : 0)
    return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
  }
}
