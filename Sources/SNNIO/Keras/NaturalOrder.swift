/// Compares names with their digit runs as numbers: `W2` < `W10`, `dense` < `dense_1` <
/// `dense_2` < `dense_10`.
func naturalLess(_ a: String, _ b: String) -> Bool {
  let x = naturalChunks(a)
  let y = naturalChunks(b)
  for (p, q) in zip(x, y) where p != q {
    switch (p, q) {
    case (.number(let m), .number(let n)): return m < n
    case (.text(let s), .text(let t)): return s < t
    case (.number, .text): return true
    case (.text, .number): return false
    }
  }
  return x.count != y.count ? x.count < y.count : a < b
}

private enum NaturalChunk: Equatable {
  case text(String)
  case number(Double)
}

private func naturalChunks(_ s: String) -> [NaturalChunk] {
  var chunks: [NaturalChunk] = []
  var current = ""
  var inDigits = false
  func flush() {
    guard !current.isEmpty else { return }
    chunks.append(inDigits ? .number(Double(current) ?? 0) : .text(current))
    current = ""
  }
  for c in s {
    let isDigit = c.isASCII && c.isNumber
    if isDigit != inDigits {
      flush()
      inDigits = isDigit
    }
    current.append(c)
  }
  flush()
  return chunks
}
