import SNNLearning
import XCTest

/// ``InputScaleCheck``: inputs far from the declared scale warn, inputs near it do not.
final class InputScaleCheckTests: XCTestCase {
  func testRawPixelsIntoAUnitScaleNetwork_Warns() {
    XCTAssertEqual(
      InputScaleCheck.warning(values: [0, 12, 255, 3] as [Float], scale: 1, input: "inp"),
      "input 'inp' reaches 255, far above the input scale 1 the network was made for (inputs in [0, 1] or [-1, 1]); "
        + "scale the data to match")
  }

  func testUnitPixelsIntoARawPixelNetwork_Warns() {
    XCTAssertEqual(
      InputScaleCheck.warning(values: [0, 0.5, 1] as [Float], scale: 255, input: "inp"),
      "input 'inp' reaches only 1, far below the input scale 255 the network was made for (inputs in [0, 255] or "
        + "[-255, 255]); scale the data to match")
  }

  /// The bounds: up to 10 times the scale and down to a tenth of it pass; beyond, either
  /// way, warn; negative values count by magnitude; all zeros pass.
  func testBoundsAndSigns() {
    XCTAssertNil(InputScaleCheck.warning(values: [0, 1] as [Float], scale: 1, input: "x"))
    XCTAssertNil(InputScaleCheck.warning(values: [10] as [Float], scale: 1, input: "x"))
    XCTAssertNotNil(InputScaleCheck.warning(values: [10.5] as [Float], scale: 1, input: "x"))
    XCTAssertNotNil(InputScaleCheck.warning(values: [-11] as [Float], scale: 1, input: "x"))
    XCTAssertNil(InputScaleCheck.warning(values: [0.1] as [Float], scale: 1, input: "x"))
    XCTAssertNotNil(InputScaleCheck.warning(values: [0.09] as [Float], scale: 1, input: "x"))
    XCTAssertNil(InputScaleCheck.warning(values: [0, 0, 0] as [Float], scale: 1, input: "x"))
    XCTAssertNil(InputScaleCheck.warning(values: [1000] as [Float], scale: 0, input: "x"), "no scale, no check")
  }
}
