import SNNCore

/// A dense, row-major matrix of 64-bit floats: what decoder solvers read and return.
///
/// Nengo solves for decoders in float64 whatever precision the simulation later runs in;
/// SwiftSNN does the same. `values[r * cols + c]` is the element in row `r`, column `c`
/// (the layout of ``/SNNCore/Matrix``, which holds `Float`).
public struct DoubleMatrix: Sendable, Equatable, Hashable {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let cols: Int
  /// The elements, row after row (`rows * cols` of them).
  public let values: [Double]

  /// Creates a matrix from row-major values.
  /// - Throws: ``/SNNCore/ShapeError`` when a size is negative or `values.count != rows * cols`.
  public init(rows: Int, cols: Int, values: [Double]) throws(ShapeError) {
    let (count, overflow) = rows.multipliedReportingOverflow(by: cols)
    guard rows >= 0, cols >= 0, !overflow, values.count == count else {
      throw ShapeError("matrix of \(rows)x\(cols) needs \(rows &* cols) values, got \(values.count)")
    }
    self.rows = rows
    self.cols = cols
    self.values = values
  }

  /// Creates a matrix from an array of equally long rows.
  /// - Throws: ``/SNNCore/ShapeError`` when the rows differ in length.
  public init(_ rowArrays: [[Double]]) throws(ShapeError) {
    let cols = rowArrays.first?.count ?? 0
    if let bad = rowArrays.firstIndex(where: { $0.count != cols }) {
      throw ShapeError(
        "rows of a matrix must all have \(cols) elements, row \(bad) has \(rowArrays[bad].count)")
    }
    try self.init(rows: rowArrays.count, cols: cols, values: rowArrays.flatMap { $0 })
  }

  /// Creates a matrix without checking: `values.count == rows * cols` is the caller's.
  package init(unchecked rows: Int, _ cols: Int, _ values: [Double]) {
    assert(values.count == rows * cols)
    self.rows = rows
    self.cols = cols
    self.values = values
  }

  /// The element at row `r`, column `c`.
  @inlinable public subscript(r: Int, c: Int) -> Double { values[r * cols + c] }

  /// The shape as `(rows, cols)`, for messages.
  public var shapeDescription: String { "(\(rows), \(cols))" }
}
