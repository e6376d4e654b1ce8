/// A dense, row-major matrix of 32-bit floats: the one weight and data container shared by
/// every layer of SwiftSNN (model transforms, ANN weights, file formats).
///
/// `values[r * cols + c]` is the element in row `r`, column `c`. Keras stores a Dense
/// kernel as `(inputs, outputs)`; Nengo's `transform` is `(size_out, size_in)`, its
/// transpose (see ``transposed()``).
public struct Matrix: Sendable, Equatable, Hashable {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let cols: Int
  /// The elements, row after row (`rows * cols` of them).
  public var values: [Float]

  /// Creates a matrix from row-major values.
  /// - Throws: ``ShapeError`` when `values.count != rows * cols` or a size is negative.
  public init(rows: Int, cols: Int, values: [Float]) throws(ShapeError) {
    guard rows >= 0, cols >= 0, rows.multipliedReportingOverflow(by: cols).overflow == false,
      values.count == rows * cols
    else {
      throw ShapeError(
        "matrix of \(rows)x\(cols) needs \(rows &* cols) values, got \(values.count)")
    }
    self.rows = rows
    self.cols = cols
    self.values = values
  }

  /// Creates a `rows` x `cols` matrix filled with `value`.
  public init(rows: Int, cols: Int, repeating value: Float = 0) {
    precondition(rows >= 0 && cols >= 0, "matrix sizes must be non-negative")
    self.rows = rows
    self.cols = cols
    self.values = [Float](repeating: value, count: rows * cols)
  }

  /// Creates a matrix from an array of equally long rows.
  /// - Throws: ``ShapeError`` when the rows differ in length.
  public init(_ rowArrays: [[Float]]) throws(ShapeError) {
    let cols = rowArrays.first?.count ?? 0
    guard rowArrays.allSatisfy({ $0.count == cols }) else {
      throw ShapeError("rows of a matrix must all have \(cols) elements")
    }
    try self.init(rows: rowArrays.count, cols: cols, values: rowArrays.flatMap { $0 })
  }

  /// The element at row `r`, column `c`.
  @inlinable public subscript(r: Int, c: Int) -> Float {
    get { values[r * cols + c] }
    set { values[r * cols + c] = newValue }
  }

  /// Row `r` as an array.
  public func row(_ r: Int) -> [Float] { Array(values[(r * cols)..<((r + 1) * cols)]) }

  /// The transpose (`cols` x `rows`).
  public func transposed() -> Matrix {
    var out = Matrix(rows: cols, cols: rows)
    for r in 0..<rows {
      for c in 0..<cols { out.values[c * rows + r] = values[r * cols + c] }
    }
    return out
  }

  /// The shape as `(rows, cols)`, for messages.
  public var shapeDescription: String { "(\(rows), \(cols))" }

  /// Index and value of the first element that is NaN or infinite, if any, and how many
  /// there are.
  public func nonFiniteSummary() -> (count: Int, firstIndex: Int)? {
    var count = 0
    var first = -1
    for (i, v) in values.enumerated() where !v.isFinite {
      if first < 0 { first = i }
      count += 1
    }
    return count == 0 ? nil : (count, first)
  }
}

/// A size or shape that does not fit: the message says which sizes disagree.
public struct ShapeError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What disagrees, in words.
  public let description: String
  /// Creates the error with a message.
  public init(_ description: String) { self.description = description }
}
