import Foundation
import SNNCore
import XCTest

@testable import SNNIO

/// `.npy` reading and writing, against files written by numpy 2.4.6
/// (scripts/make_numpy_fixtures.py) whose values are closed-form functions of the index.
final class NumPyNPYTests: XCTestCase {}

// MARK: - Reading files written by numpy

extension NumPyNPYTests {
  func testRead_LittleEndianFloat32_MatchesClosedForm() throws {
    let array = try NPY.read(url: InteropFixtures.numpy("f4.npy"))
    XCTAssertEqual(array.shape, [3, 4])
    XCTAssertEqual(array.dtype, .float32)
    XCTAssertEqual(array.storage, .float32((0..<12).map { Float($0) / 7 - 0.5 }))
  }

  func testRead_BigEndianFloat64_MatchesClosedForm() throws {
    let array = try NPY.read(url: InteropFixtures.numpy("f8_big.npy"))
    XCTAssertEqual(array.shape, [2, 3])
    XCTAssertEqual(array.storage, .float64((0..<6).map { Double($0) / 3 - 1 }))
  }

  func testRead_UInt8_MatchesClosedForm() throws {
    let array = try NPY.read(url: InteropFixtures.numpy("u1.npy"))
    XCTAssertEqual(array.shape, [2, 5])
    XCTAssertEqual(array.storage, .uint8((0..<10).map { UInt8(($0 * 29) % 256) }))
  }

  func testRead_Int64BoolAndScalar_MatchNumPy() throws {
    XCTAssertEqual(
      try NPY.read(url: InteropFixtures.numpy("i8.npy")).storage, .int64([-3, 0, 7, 1 << 40]))
    XCTAssertEqual(
      try NPY.read(url: InteropFixtures.numpy("b1.npy")).storage, .bool([true, false, true]))
    let scalar = try NPY.read(url: InteropFixtures.numpy("scalar_f8.npy"))
    XCTAssertEqual(scalar.shape, [])
    XCTAssertEqual(scalar.storage, .float64([2.5]))
  }

  func testRead_FortranOrder_ConvertsToCOrder() throws {
    let array = try NPY.read(url: InteropFixtures.numpy("f4_fortran.npy"))
    XCTAssertEqual(array.shape, [2, 3, 4])
    // numpy stored np.arange(24).reshape(2, 3, 4) column-major; in C order it is 0..23.
    XCTAssertEqual(array.floats(), (0..<24).map(Float.init))
  }

  func testRead_FormatVersions2And3_ReadLikeVersion1() throws {
    for name in ["f4_v2.npy", "f4_v3.npy"] {
      let array = try NPY.read(url: InteropFixtures.numpy(name))
      XCTAssertEqual(array.shape, [2, 2], name)
      XCTAssertEqual(array.floats(), [1, 2, 3, 4], name)
    }
  }

  func testRead_Python2HeaderWithLongSuffix_Reads() throws {
    let array = try NPY.read(url: InteropFixtures.numpy("i4_py2_header.npy"))
    XCTAssertEqual(array.shape, [2, 3])
    XCTAssertEqual(array.storage, .int32([0, 1, 2, 3, 4, 5]))
  }
}

// MARK: - Writing

extension NumPyNPYTests {
  func testEncode_SameArrays_ByteIdenticalToNumPySave() throws {
    let f4 = try NDArray(shape: [3, 4], floats: (0..<12).map { Float($0) / 7 - 0.5 })
    XCTAssertEqual(NPY.encode(f4), try InteropFixtures.numpyBytes("f4.npy"))
    let u1 = try NDArray(shape: [2, 5], bytes: (0..<10).map { UInt8(($0 * 29) % 256) })
    XCTAssertEqual(NPY.encode(u1), try InteropFixtures.numpyBytes("u1.npy"))
    let i8 = try NDArray(shape: [4], storage: .int64([-3, 0, 7, 1 << 40]))
    XCTAssertEqual(NPY.encode(i8), try InteropFixtures.numpyBytes("i8.npy"))
    let b1 = try NDArray(shape: [3], storage: .bool([true, false, true]))
    XCTAssertEqual(NPY.encode(b1), try InteropFixtures.numpyBytes("b1.npy"))
    let scalar = try NDArray(shape: [], storage: .float64([2.5]))
    XCTAssertEqual(NPY.encode(scalar), try InteropFixtures.numpyBytes("scalar_f8.npy"))
  }

  func testEncode_HeaderIsPaddedTo64Bytes() {
    for shape in [[1], [3, 4], [1000, 7, 3, 2], Array(repeating: 1, count: 40)] {
      let count = shape.reduce(1, *)
      let data = NPY.encode(NDArray(shape: shape, zerosOf: count))
      let headerLength = Int(data[8]) | Int(data[9]) << 8
      XCTAssertEqual((10 + headerLength) % 64, 0, "\(shape)")
      XCTAssertEqual(data[10 + headerLength - 1], UInt8(ascii: "\n"))
    }
  }

  func testEncodeThenRead_EveryDType_RoundTrips() throws {
    let storages: [NDArray.Storage] = [
      .bool([true, false, false, true, true, false]), .int8([-128, -1, 0, 1, 2, 127]),
      .uint8([0, 1, 2, 128, 254, 255]), .int16([-32768, -1, 0, 1, 300, 32767]),
      .uint16([0, 1, 2, 300, 40000, 65535]), .int32([.min, -1, 0, 1, 70000, .max]),
      .uint32([0, 1, 2, 70000, 3_000_000_000, .max]), .int64([.min, -1, 0, 1, 1 << 40, .max]),
      .uint64([0, 1, 2, 1 << 40, 1 << 63, .max]),
      .float32([-.infinity, -1.5, 0, .leastNonzeroMagnitude, 3.25, .greatestFiniteMagnitude]),
      .float64([-.infinity, -1.5, 0, .leastNonzeroMagnitude, 3.25, .pi]),
    ]
    XCTAssertEqual(Set(storages.map(\.dtype)), Set(NDArray.DType.allCases))
    for storage in storages {
      for shape in [[6], [2, 3], [3, 1, 2]] {
        let array = try NDArray(shape: shape, storage: storage)
        XCTAssertEqual(
          try NPY.read(data: NPY.encode(array), name: "mem"), array, "\(shape) \(storage.dtype)")
      }
    }
  }

  func testWrite_ToURL_ReadsBackEqual() throws {
    try InteropFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("m.npy")
      let matrix = try Matrix([[1, 2, 3], [4, 5, 6]])
      try NPY.write(NDArray(matrix), to: url)
      XCTAssertEqual(try NPY.read(url: url).matrix(), matrix)
    }
  }
}

// MARK: - NDArray

extension NumPyNPYTests {
  func testInit_ShapeNotMatchingCount_Throws() {
    XCTAssertThrowsError(try NDArray(shape: [2, 3], floats: [1, 2, 3]))
    XCTAssertThrowsError(try NDArray(shape: [-1, -3], floats: [1, 2, 3]))
  }

  func testMatrix_TwoDimensional_IsRowMajor() throws {
    let array = try NDArray(shape: [2, 2], storage: .int64([1, 2, 3, 4]))
    let matrix = try array.matrix()
    XCTAssertEqual(matrix[0, 1], 2)
    XCTAssertEqual(matrix[1, 0], 3)
  }

  func testMatrix_NotTwoDimensional_Throws() {
    XCTAssertThrowsError(try NDArray([Float(1), 2, 3]).matrix())
  }

  func testFloats_ConvertsEveryType() throws {
    XCTAssertEqual(NDArray([UInt8(0), 7, 255]).floats(), [0, 7, 255])
    XCTAssertEqual(try NDArray(shape: [2], storage: .bool([true, false])).floats(), [1, 0])
    XCTAssertEqual(try NDArray(shape: [2], storage: .float64([0.5, -2])).floats(), [0.5, -2])
  }
}

// MARK: - Corrupt input

extension NumPyNPYTests {
  func testRead_TruncatedData_ThrowsNamingSizes() throws {
    let data = try InteropFixtures.numpyBytes("f4.npy")
    InteropFixtures.assertFormatError("truncated.npy", "needs 48 bytes", "has 45", "truncated") {
      _ = try NPY.read(data: data.dropLast(3), name: "truncated.npy")
    }
  }

  func testRead_TrailingBytes_Throws() throws {
    let data = try InteropFixtures.numpyBytes("f4.npy") + Data([0, 0, 0, 0])
    InteropFixtures.assertFormatError("needs 48 bytes", "has 52") {
      _ = try NPY.read(data: data, name: "x.npy")
    }
  }

  func testRead_TooShortOrWrongMagic_Throws() throws {
    InteropFixtures.assertFormatError("too short") {
      _ = try NPY.read(data: Data([0x93, 0x4e]), name: "x.npy")
    }
    InteropFixtures.assertFormatError("not a .npy file") {
      _ = try NPY.read(data: Data("hello, this is text\n".utf8), name: "x.npy")
    }
  }

  func testRead_UnsupportedVersion_Throws() throws {
    var data = try InteropFixtures.numpyBytes("f4.npy")
    data[6] = 4
    InteropFixtures.assertFormatError("version 4.0") { _ = try NPY.read(data: data, name: "x.npy") }
  }

  func testRead_HeaderLengthPastEnd_Throws() throws {
    var data = try InteropFixtures.numpyBytes("f4.npy")
    data[8] = 0xff
    data[9] = 0x7f
    InteropFixtures.assertFormatError("header length 32767 runs past the end") {
      _ = try NPY.read(data: data, name: "x.npy")
    }
  }

  func testRead_MalformedHeaders_ThrowNamingTheProblem() throws {
    let cases: [(header: String, fragment: String)] = [
      ("{'descr': '<f4', 'shape': (1,), }", "expected descr, fortran_order and shape"),
      ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': True}", "expected descr"),
      ("{'descr': '<f4', 'descr': '<f4', 'shape': (1,), }", "expected descr"),
      ("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", "dtype '<c8' is not supported"),
      ("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }", "dtype '<f2' is not supported"),
      ("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", "dtype '|O' is not supported"),
      ("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", "structured dtypes"),
      ("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", "unexpected"),
      ("{'descr': '<f4', 'fortran_order': False, 'shape': 1, }", "unexpected"),
      ("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "negative dimension"),
      ("{'descr': '<f4', 'fortran_order': False, 'shape': (1, x), }", "expected a dimension"),
      ("{'descr': '<f4', 'fortran_order': False, 'shape': (1 2), }", "expected ',' or ')'"),
      ("{'descr': '<f4, 'fortran_order': False, 'shape': (1,), }", "expected ',' or '}'"),
      ("{'descr' '<f4', 'fortran_order': False, 'shape': (1,), }", "expected ':'"),
      ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } junk", "unexpected text"),
      ("['descr', '<f4']", "expected '{'"),
      ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", "expected ',' or '}'"),
      ("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", "overflows"),
      ("{'descr': 'f4', 'fortran_order': Nope, 'shape': (1,), }", "unexpected 'Nope'"),
    ]
    for (header, fragment) in cases {
      let data = npy(header: header, payload: Data(count: 4))
      InteropFixtures.assertFormatError("x.npy", "bad .npy header", fragment) {
        _ = try NPY.read(data: data, name: "x.npy")
      }
    }
  }

  func testRead_ShapeProductOverflows_ThrowsBeforeAllocating() {
    let data = npy(
      header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }")
    InteropFixtures.assertFormatError("more elements than a 64-bit count") {
      _ = try NPY.read(data: data, name: "x.npy")
    }
    let bytesOverflow = npy(
      header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,), }")
    InteropFixtures.assertFormatError("over 2^63") {
      _ = try NPY.read(data: bytesOverflow, name: "x.npy")
    }
  }

  func testRead_ShapeLargerThanCapOrData_Throws() {
    let huge = npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }")
    InteropFixtures.assertFormatError("needs 40000000000 bytes, more than the") {
      _ = try NPY.read(data: huge, name: "x.npy")
    }
    let capped = npy(
      header: "{'descr': '<f4', 'fortran_order': False, 'shape': (300,), }",
      payload: Data(count: 1200))
    InteropFixtures.assertFormatError("more than the 1000-byte limit") {
      _ = try NPY.read(data: capped, name: "x.npy", maxBytes: 1000)
    }
    let missing = npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 1000), }")
    InteropFixtures.assertFormatError("needs 4000000 bytes of data, the file has 8", "truncated") {
      _ = try NPY.read(data: missing, name: "x.npy")
    }
  }

  func testReadURL_MissingFile_ThrowsNamingPath() {
    InteropFixtures.assertFormatError("/nonexistent/a.npy", "cannot read") {
      _ = try NPY.read(url: URL(fileURLWithPath: "/nonexistent/a.npy"))
    }
  }

  /// A version 1.0 file with `header` written as is (plus the newline).
  private func npy(header: String, payload: Data = Data(count: 8)) -> Data {
    let text = Array((header + "\n").utf8)
    var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
    data.append(contentsOf: [UInt8(text.count & 0xff), UInt8(text.count >> 8)])
    data.append(contentsOf: text)
    data.append(payload)
    return data
  }
}

extension NDArray {
  /// A float32 array of zeros.
  fileprivate init(shape: [Int], zerosOf count: Int) {
    // swift-format-ignore: NeverUseForceTry
    self = try! NDArray(shape: shape, floats: [Float](repeating: 0, count: count))
  }
}
