import Foundation

/// The MD5 message digest (RFC 1321), used only to check downloads against the published
/// checksums of the MNIST files; it is not a security measure against deliberate forgery.
///
/// Feed data with ``update(_:)`` any number of times, then call ``finalize()``; or use
/// ``hexDigest(of:)`` for one buffer.
struct MD5: Sendable {
  /// The four 32-bit state words A, B, C, D (RFC 1321, section 3.3).
  private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476)
  /// Bytes not yet processed: fewer than one 64-byte block.
  private var pending: [UInt8] = []
  /// The total message length so far, in bytes.
  private var length: UInt64 = 0

  /// Creates a digest of the empty message.
  init() {}

  /// Appends `data` to the message.
  mutating func update(_ data: Data) {
    length &+= UInt64(data.count)
    var rest = data[...]
    if !pending.isEmpty {
      let take = min(64 - pending.count, rest.count)
      pending += rest.prefix(take)
      rest = rest.dropFirst(take)
      if pending.count < 64 { return }
      let block = pending
      pending = []
      block.withUnsafeBytes { processBlocks($0) }
    }
    let whole = rest.count / 64 * 64
    rest.prefix(whole).withUnsafeBytes { processBlocks($0) }
    pending = [UInt8](rest.dropFirst(whole))
  }

  /// The 16-byte digest of everything passed to ``update(_:)``.
  func finalize() -> [UInt8] {
    var copy = self
    // Padding (section 3.1): a 1 bit, zeros to 56 mod 64 bytes, then the bit length (3.2).
    let bitLength = length &* 8
    var tail: [UInt8] = [0x80]
    tail += [UInt8](repeating: 0, count: (55 - Int(length % 64) + 64) % 64)
    tail += (0..<8).map { UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64($0))) }
    copy.update(Data(tail))
    let (a, b, c, d) = copy.state
    return [a, b, c, d].flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
  }

  /// The digest of `data` as 32 lower-case hexadecimal digits.
  static func hexDigest(of data: Data) -> String {
    var md5 = MD5()
    md5.update(data)
    return md5.finalize().map { String(format: "%02x", $0) }.joined()
  }

  // MARK: - The compression function (RFC 1321, section 3.4)

  /// Per-step left-rotation amounts.
  private static let shifts: [UInt32] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
  ]

  /// The sine table: `T[i] = floor(2^32 * abs(sin(i + 1)))`.
  private static let sines: [UInt32] = (0..<64).map {
    UInt32(truncatingIfNeeded: Int64((abs(sin(Double($0 + 1))) * 4_294_967_296).rounded(.down)))
  }

  /// Runs the compression function over each 64-byte block of `bytes` (a multiple of 64).
  private mutating func processBlocks(_ bytes: UnsafeRawBufferPointer) {
    var (a0, b0, c0, d0) = state
    var m = [UInt32](repeating: 0, count: 16)
    for blockStart in stride(from: 0, to: bytes.count, by: 64) {
      for i in 0..<16 {
        m[i] = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: blockStart + 4 * i, as: UInt32.self))
      }
      var (a, b, c, d) = (a0, b0, c0, d0)
      for i in 0..<64 {
        var f: UInt32
        let g: Int
        switch i {
        case 0..<16:
          f = (b & c) | (~b & d)
          g = i
        case 16..<32:
          f = (d & b) | (~d & c)
          g = (5 * i + 1) % 16
        case 32..<48:
          f = b ^ c ^ d
          g = (3 * i + 5) % 16
        default:
          f = c ^ (b | ~d)
          g = (7 * i) % 16
        }
        f = f &+ a &+ MD5.sines[i] &+ m[g]
        a = d
        d = c
        c = b
        let s = MD5.shifts[i]
        b = b &+ (f << s | f >> (32 - s))
      }
      a0 = a0 &+ a
      b0 = b0 &+ b
      c0 = c0 &+ c
      d0 = d0 &+ d
    }
    state = (a0, b0, c0, d0)
  }
}
