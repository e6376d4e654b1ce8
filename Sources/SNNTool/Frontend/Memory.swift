import Foundation

/// Resident memory of this process, from Linux's /proc (nil elsewhere).
enum Memory {
  /// Peak resident set size since the last ``resetPeak()``, in MiB.
  static func peakMiB() -> Double? { field("VmHWM:") }

  /// Current resident set size, in MiB.
  static func currentMiB() -> Double? { field("VmRSS:") }

  /// Starts a new peak measurement (writes 5 to /proc/self/clear_refs; Linux >= 4.0).
  static func resetPeak() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
  }

  private static func field(_ name: String) -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix(name) {
      let kB = line.split(separator: " ").compactMap { Double($0) }.first
      return kB.map { $0 / 1024 }
    }
    return nil
  }
}
