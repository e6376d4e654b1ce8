import Foundation
import SwiftSNN
import XCTest

/// ``NetworkInputs``: arrays named after input nodes, checked against the network.
final class NetworkFileInputsTests: XCTestCase {
  private static func network(inputs labels: [String]) throws -> Network {
    var net = Network(seed: 1)
    try net.add(Node(constant: [1], label: "constant"))
    for label in labels { try net.add(Node(size: 2, label: label)) }
    return net
  }

  func testInputs_ConstantAndPerStep_ByNodeIndex() throws {
    let net = try Self.network(inputs: ["a", "b"])
    let perStep = (0..<(3 * 4 * 2)).map(Float.init)
    let inputs = try NetworkInputs(
      arrays: [
        "a": try NDArray(shape: [3, 2], storage: .uint8([0, 1, 2, 3, 4, 255])),
        "b": try NDArray(shape: [3, 4, 2], floats: perStep),
      ], for: net, steps: 4, file: "in.npz")
    XCTAssertEqual(inputs.batchSize, 3)
    XCTAssertEqual(inputs.values[1], .constant(try Matrix([[0, 1], [2, 3], [4, 255]])))
    XCTAssertEqual(inputs.values[2], .sequence(perStep, steps: 4))
    XCTAssertNil(inputs.values[0])
  }

  func testInputs_NoInputNodes_BatchOfOne() throws {
    let inputs = try NetworkInputs(arrays: [:], for: try Self.network(inputs: []), steps: 5, file: "in.npz")
    XCTAssertEqual(inputs.batchSize, 1)
    XCTAssertTrue(inputs.values.isEmpty)
  }

  func testInputs_Problems_NameFileAndArray() throws {
    let net = try Self.network(inputs: ["a"])
    let ok = try NDArray(shape: [1, 2], floats: [0, 0])
    InteropFixtures.assertFormatError("in.npz", "array \"a\"", "missing", "(batch, 2) or (batch, 5, 2)") {
      _ = try NetworkInputs(arrays: [:], for: net, steps: 5, file: "in.npz")
    }
    InteropFixtures.assertFormatError("array \"constant\"", "does not name an input node (input nodes: a)") {
      _ = try NetworkInputs(arrays: ["a": ok, "constant": ok], for: net, steps: 5, file: "in.npz")
    }
    InteropFixtures.assertFormatError("shape (2,)") {
      _ = try NetworkInputs(arrays: ["a": NDArray([1, 2] as [Float])], for: net, steps: 5, file: "in.npz")
    }
    InteropFixtures.assertFormatError("dtype bool") {
      _ = try NetworkInputs(
        arrays: ["a": try NDArray(shape: [1, 2], storage: .bool([true, false]))], for: net, steps: 5, file: "in.npz")
    }
    InteropFixtures.assertFormatError("2 NaN or infinite values", "flat index 1") {
      _ = try NetworkInputs(
        arrays: ["a": try NDArray(shape: [2, 2], storage: .float64([0, .infinity, 1e300, 0]))], for: net, steps: 5,
        file: "in.npz")
    }
  }

  func testInputs_SharedInputLabels_Refused() throws {
    let net = try Self.network(inputs: ["a", "a"])
    InteropFixtures.assertFormatError("2 input nodes share this label") {
      _ = try NetworkInputs(arrays: [:], for: net, steps: 5, file: "in.npz")
    }
  }
}
