import Foundation

/// The draws the NEF distributions and processes make from any seeded generator, written
/// out here (not the standard library's `random(in:using:)` or `shuffle(using:)`, whose
/// algorithms may change between Swift releases) so a seed gives the same values on every
/// toolchain.
extension RandomNumberGenerator {
  /// A uniform double in `[0, 1)` with 53 random bits.
  mutating func unitDouble() -> Double {
    Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
  }

  /// A standard normal sample (Box-Muller; one pair of uniforms per sample).
  mutating func gaussian() -> Double {
    let u1 = max(unitDouble(), .leastNormalMagnitude)
    let u2 = unitDouble()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// A uniform integer in `0 ..< bound` (`bound > 0`), by Lemire's multiply-shift with
  /// rejection (no modulo bias).
  mutating func index(below bound: Int) -> Int {
    precondition(bound > 0)
    let b = UInt64(bound)
    while true {
      let product = next().multipliedFullWidth(by: b)
      if product.low >= (0 &- b) % b { return Int(product.high) }
    }
  }

  /// Shuffles the `rows` rows of the row-major `values` (each `cols` wide) in place
  /// (Fisher-Yates, last row first, as `numpy.random.shuffle` on the first axis).
  mutating func shuffleRows(_ values: inout [Double], rows: Int, cols: Int) {
    guard rows > 1, cols > 0 else { return }
    for i in stride(from: rows - 1, to: 0, by: -1) {
      let j = index(below: i + 1)
      guard j != i else { continue }
      for c in 0..<cols { values.swapAt(i * cols + c, j * cols + c) }
    }
  }
}
