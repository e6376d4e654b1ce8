/// A fixed-size, zero-initialised block of memory owned by the simulator's state, shared by
/// threads that each write their own disjoint range.
///
/// It exists so that the simulator never hands Swift arrays to several threads at once
/// (an exclusivity violation): threads receive the base pointer through this class.
package final class Buffer<Element: BitwiseCopyable>: @unchecked Sendable {
  /// Number of elements.
  package let count: Int
  /// The first element; valid for the buffer's lifetime.
  @usableFromInline let base: UnsafeMutablePointer<Element>

  /// Byte alignment of every buffer: a cache line, so that a vector load at a multiple of
  /// 64 bytes from the start never straddles two lines. (`malloc` aligns to 16 bytes, and
  /// large blocks sit 16 bytes past a page: every other AVX2 load of a weight row, and
  /// every AVX-512 one, would then touch two cache lines.)
  package static var alignment: Int { 64 }

  /// Allocates `count` elements, all set to `value`.
  package init(count: Int, repeating value: Element) {
    precondition(count >= 0)
    self.count = count
    let n = max(count, 1)
    base = UnsafeMutableRawPointer.allocate(
      byteCount: n * MemoryLayout<Element>.stride, alignment: max(Self.alignment, MemoryLayout<Element>.alignment)
    ).bindMemory(to: Element.self, capacity: n)
    base.initialize(repeating: value, count: n)
  }

  deinit { base.deallocate() }

  /// Element `i`.
  @inlinable package subscript(i: Int) -> Element {
    get {
      assert(i >= 0 && i < count)
      return base[i]
    }
    set {
      assert(i >= 0 && i < count)
      base[i] = newValue
    }
  }

  /// Sets every element to `value`.
  package func fill(_ value: Element) { base.update(repeating: value, count: count) }

  /// Copies `count` elements starting at `offset` into an array.
  package func copy(from offset: Int, count n: Int) -> [Element] {
    precondition(offset >= 0 && n >= 0 && offset + n <= count)
    return Array(UnsafeBufferPointer(start: base + offset, count: n))
  }

  /// Writes `values` starting at `offset`.
  package func write(_ values: [Element], at offset: Int) {
    precondition(offset >= 0 && offset + values.count <= count)
    values.withUnsafeBufferPointer { src in
      guard let s = src.baseAddress else { return }
      (base + offset).update(from: s, count: values.count)
    }
  }

  /// Writes `values` starting at `offset`.
  package func write(_ values: ArraySlice<Element>, at offset: Int) {
    precondition(offset >= 0 && offset + values.count <= count)
    values.withUnsafeBufferPointer { src in
      guard let s = src.baseAddress else { return }
      (base + offset).update(from: s, count: values.count)
    }
  }
}
