import Foundation
import SwiftSNN

@testable import SNNTool

/// A 6-4-3 ReLU network with mixed-sign weights, converted with the defaults, and five
/// random test inputs: small enough to check the `snn compare` export by hand.
struct CompareTestNetwork {
  let ann: Sequential
  let converted: ConvertedNetwork
  let images: Matrix
  let labels: [UInt8]

  /// - Parameters:
  ///   - bias: the hidden layer's bias (none by default).
  ///   - images: number of test inputs (labels cycle 0, 1, 2).
  init(bias: [Float]? = nil, images count: Int = 5) throws {
    var rng = SplitMix64(seed: 7)
    func matrix(_ r: Int, _ c: Int, shift: Float) throws -> Matrix {
      try Matrix(rows: r, cols: c, values: (0..<(r * c)).map { _ in rng.nextUnitFloat() - shift })
    }
    ann = try Sequential(layers: [
      Dense(kernel: try matrix(6, 4, shift: 0.2), bias: bias, activation: .relu),
      Dense(kernel: try matrix(4, 3, shift: 0.3), activation: .softmax),
    ])
    converted = try Converter.convert(ann, calibration: try matrix(40, 6, shift: 0))
    images = try matrix(count, 6, shift: 0)
    labels = (0..<count).map { UInt8($0 % 3) }
  }

  /// The export of this network and its inputs.
  func export(steps: Int = 40) throws -> CompareExport {
    try CompareExport.make(ann: ann, converted: converted, images: images, labels: labels, steps: steps, dt: 0.001)
  }
}
