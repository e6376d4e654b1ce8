import SNNCore

/// An n-dimensional array as NumPy stores it in `.npy` and `.npz` files: a shape, an element
/// type and the elements in C (row-major) order.
///
/// Arrays read from Fortran-ordered files are converted to C order on reading, so
/// `storage` is always row-major: the element at index `(i, j, k)` of a `(a, b, c)` array is
/// element `(i * b + j) * c + k`. A zero-dimensional array (shape `[]`) holds one element.
///
/// ```swift
/// let weights = try NPZ.read(url: url)          // ["W1": NDArray, "W2": NDArray]
/// let w1 = try weights["W1"]?.matrix()          // 784 x 128 Matrix
/// ```
public struct NDArray: Sendable, Equatable {
  /// The element types this reader and writer support, named as NumPy names them.
  public enum DType: String, Sendable, CaseIterable {
    /// NumPy `bool` (`|b1`), one byte per element.
    case bool
    /// `int8` (`|i1`).
    case int8
    /// `uint8` (`|u1`), for example MNIST pixels.
    case uint8
    /// `int16` (`<i2`).
    case int16
    /// `uint16` (`<u2`).
    case uint16
    /// `int32` (`<i4`).
    case int32
    /// `uint32` (`<u4`).
    case uint32
    /// `int64` (`<i8`), NumPy's default integer on Linux.
    case int64
    /// `uint64` (`<u8`).
    case uint64
    /// `float32` (`<f4`), the type of Keras weights.
    case float32
    /// `float64` (`<f8`), NumPy's default float.
    case float64

    /// Bytes per element.
    public var itemSize: Int {
      switch self {
      case .bool, .int8, .uint8: 1
      case .int16, .uint16: 2
      case .int32, .uint32, .float32: 4
      case .int64, .uint64, .float64: 8
      }
    }
  }

  /// The elements in C order, typed.
  public enum Storage: Sendable, Equatable {
    /// `bool` elements.
    case bool([Bool])
    /// `int8` elements.
    case int8([Int8])
    /// `uint8` elements.
    case uint8([UInt8])
    /// `int16` elements.
    case int16([Int16])
    /// `uint16` elements.
    case uint16([UInt16])
    /// `int32` elements.
    case int32([Int32])
    /// `uint32` elements.
    case uint32([UInt32])
    /// `int64` elements.
    case int64([Int64])
    /// `uint64` elements.
    case uint64([UInt64])
    /// `float32` elements.
    case float32([Float])
    /// `float64` elements.
    case float64([Double])

    /// The element type.
    public var dtype: DType {
      switch self {
      case .bool: .bool
      case .int8: .int8
      case .uint8: .uint8
      case .int16: .int16
      case .uint16: .uint16
      case .int32: .int32
      case .uint32: .uint32
      case .int64: .int64
      case .uint64: .uint64
      case .float32: .float32
      case .float64: .float64
      }
    }

    /// Number of elements.
    public var count: Int {
      switch self {
      case .bool(let v): v.count
      case .int8(let v): v.count
      case .uint8(let v): v.count
      case .int16(let v): v.count
      case .uint16(let v): v.count
      case .int32(let v): v.count
      case .uint32(let v): v.count
      case .int64(let v): v.count
      case .uint64(let v): v.count
      case .float32(let v): v.count
      case .float64(let v): v.count
      }
    }
  }

  /// The size of each dimension (empty for a zero-dimensional array).
  public let shape: [Int]
  /// The elements in C (row-major) order.
  public let storage: Storage

  /// The element type.
  public var dtype: DType { storage.dtype }
  /// Number of elements (the product of `shape`).
  public var count: Int { storage.count }

  /// Creates an array of `shape` holding `storage` (C order).
  /// - Throws: ``/SNNCore/ShapeError`` when a dimension is negative or the shape's product is not
  ///   the number of elements.
  public init(shape: [Int], storage: Storage) throws(ShapeError) {
    guard let product = NDArray.elementCount(of: shape), product == storage.count else {
      throw ShapeError(
        "shape \(NDArray.describe(shape)) does not hold \(storage.count) elements")
    }
    self.shape = shape
    self.storage = storage
  }

  /// Creates a 2-D `float32` array with `matrix`'s shape and values.
  public init(_ matrix: Matrix) {
    self.shape = [matrix.rows, matrix.cols]
    self.storage = .float32(matrix.values)
  }

  /// Creates a 1-D `float32` array.
  public init(_ values: [Float]) {
    self.shape = [values.count]
    self.storage = .float32(values)
  }

  /// Creates a 1-D `uint8` array.
  public init(_ values: [UInt8]) {
    self.shape = [values.count]
    self.storage = .uint8(values)
  }

  /// Creates a `float32` array of `shape` from values in C order.
  /// - Throws: ``/SNNCore/ShapeError`` when the shape does not hold `values.count` elements.
  public init(shape: [Int], floats values: [Float]) throws(ShapeError) {
    try self.init(shape: shape, storage: .float32(values))
  }

  /// Creates a `uint8` array of `shape` from values in C order (for example a batch of
  /// images, shape `[n, 28, 28]`).
  /// - Throws: ``/SNNCore/ShapeError`` when the shape does not hold `values.count` elements.
  public init(shape: [Int], bytes values: [UInt8]) throws(ShapeError) {
    try self.init(shape: shape, storage: .uint8(values))
  }

  /// The elements converted to `Float`, in C order (`bool` becomes 0 or 1; 64-bit
  /// integers and `float64` are rounded to the nearest `Float`).
  public func floats() -> [Float] {
    switch storage {
    case .bool(let v): v.map { $0 ? 1 : 0 }
    case .int8(let v): v.map { Float($0) }
    case .uint8(let v): v.map { Float($0) }
    case .int16(let v): v.map { Float($0) }
    case .uint16(let v): v.map { Float($0) }
    case .int32(let v): v.map { Float($0) }
    case .uint32(let v): v.map { Float($0) }
    case .int64(let v): v.map { Float($0) }
    case .uint64(let v): v.map { Float($0) }
    case .float32(let v): v
    case .float64(let v): v.map { Float($0) }
    }
  }

  /// The array as a row-major `Matrix` (values converted as by ``floats()``).
  /// - Throws: ``/SNNCore/ShapeError`` unless the array is 2-D.
  public func matrix() throws(ShapeError) -> Matrix {
    guard shape.count == 2 else {
      throw ShapeError(
        "a \(shape.count)-D array of shape \(NDArray.describe(shape)) is not a matrix")
    }
    return try Matrix(rows: shape[0], cols: shape[1], values: floats())
  }

  /// The product of `shape`, or nil when a dimension is negative or the product overflows.
  static func elementCount(of shape: [Int]) -> Int? {
    var product = 1
    for dimension in shape {
      guard dimension >= 0 else { return nil }
      let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
      guard !overflow else { return nil }
      product = next
    }
    return product
  }

  /// A shape written the way Python writes tuples: `()`, `(3,)`, `(784, 128)`.
  static func describe(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
  }
}
