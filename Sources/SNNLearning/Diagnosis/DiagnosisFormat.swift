import Foundation

/// Number formatting for the diagnosis texts: readable, not exhaustive.
enum DiagnosisFormat {
  /// `25,500`, `312`, `2.03`, `0.0451`, `0`.
  static func number(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    if x == 0 { return "0" }
    let a = abs(x)
    if a >= 1000 {
      let digits = String(Int64(a.rounded()))
      var grouped = ""
      for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { grouped += "," }
        grouped.append(ch)
      }
      return (x < 0 ? "-" : "") + grouped
    }
    if a >= 100 { return String(format: "%.0f", x) }
    if a >= 0.01 { return String(format: "%.3g", x) }
    return String(format: "%.2e", x)
  }

  /// `47%`, `0.5%`.
  static func percent(_ fraction: Double) -> String {
    let p = fraction * 100
    if p != 0 && abs(p) < 1 { return String(format: "%.1f%%", p) }
    return String(format: "%.0f%%", p)
  }

  /// `2.03` for equal values, `0.5 to 2.1` for a range.
  static func range(_ lo: Double, _ hi: Double) -> String {
    abs(hi - lo) <= 1e-9 * max(abs(lo), abs(hi), 1) ? number(lo) : "\(number(lo)) to \(number(hi))"
  }

  /// A time in seconds as `1 ms`, `0.5 ms`, `0.1 s`.
  static func seconds(_ t: Double) -> String {
    t < 0.1 ? "\(number(t * 1000)) ms" : "\(number(t)) s"
  }
}
