import CSNNKernels
import Foundation
import XCTest

/// The LIF kernel's short-range expm1/log1p against libm in double precision.
final class LIFMathTests: XCTestCase {
  func testExpm1Small_MatchesLibmToFloatPrecision() {
    for i in -2000...2000 {
      let x = Float(i) * 0.0001  // -0.2 ... 0.2: both branches
      let exact = Foundation.expm1(Double(x))
      XCTAssertEqual(Double(snn_expm1_small(x)), exact, accuracy: max(abs(exact) * 3e-7, 1e-12), "x = \(x)")
    }
  }

  func testLog1pSmall_MatchesLibmToFloatPrecision() {
    for i in -9990...2000 {
      let y = Float(i) * 0.0001  // -0.999 ... 0.2: both branches
      let exact = Foundation.log1p(Double(y))
      XCTAssertEqual(Double(snn_log1p_small(y)), exact, accuracy: max(abs(exact) * 3e-7, 1e-12), "y = \(y)")
    }
  }
}
