import Foundation

extension Data {
  /// Appends `value` as `T`'s width of little-endian bytes.
  mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
    Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
  }
}
