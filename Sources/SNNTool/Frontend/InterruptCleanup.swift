import Foundation

/// What to undo when the user presses Ctrl-C (SIGINT) or the process gets SIGTERM: stop a
/// child process, remove a temporary file. The first ``add(_:)`` replaces the default
/// action of both signals with a handler (a `DispatchSource`) that runs every registered
/// action, newest first, then exits with status 128 + the signal's number, as a shell
/// reports a process the signal ended.
final class InterruptCleanup: @unchecked Sendable {
  /// The process's one registry.
  static let shared = InterruptCleanup()

  private let lock = NSLock()
  private var actions: [(id: Int, action: @Sendable () -> Void)] = []
  private var nextID = 0
  private var sources: [any DispatchSourceSignal] = []
  private let queue = DispatchQueue(label: "swiftsnn.interrupt-cleanup")

  /// Registers `action`; returns the id that ``remove(_:)`` takes.
  func add(_ action: @escaping @Sendable () -> Void) -> Int {
    lock.lock()
    defer { lock.unlock() }
    if sources.isEmpty { installHandlers() }
    nextID += 1
    actions.append((nextID, action))
    return nextID
  }

  /// Unregisters the action `id` (the work it would undo is done or undone).
  func remove(_ id: Int) {
    lock.lock()
    actions.removeAll { $0.id == id }
    lock.unlock()
  }

  private func installHandlers() {
    for sig in [SIGINT, SIGTERM] {
      signal(sig, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
      source.setEventHandler { [self] in
        lock.lock()
        let pending = actions.reversed().map(\.action)
        actions = []
        lock.unlock()
        for action in pending { action() }
        Foundation.exit(128 + sig)
      }
      source.resume()
      sources.append(source)
    }
  }
}
