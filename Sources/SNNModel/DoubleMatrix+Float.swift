import SNNCore

extension DoubleMatrix {
  /// The float32 matrix `m`, exactly (every `Float` is a `Double`).
  public init(_ m: Matrix) {
    self.init(unchecked: m.rows, m.cols, m.values.map(Double.init))
  }

  /// The matrix rounded to float32, element by element.
  public func rounded() -> Matrix {
    var m = Matrix(rows: rows, cols: cols)
    m.values = values.map(Float.init)
    return m
  }

  /// Row `r` as an array.
  public func row(_ r: Int) -> [Double] { Array(values[(r * cols)..<((r + 1) * cols)]) }

  /// How many elements are NaN or infinite and the flat index of the first, if any.
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
