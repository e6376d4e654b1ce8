import Foundation
@_spi(Fuzzing) import SNNIO

/// Decodes fuzz bytes into an HDF5 tree and an optional Keras `config.json`: a tiny byte
/// code, so that mutations change names, shapes, type classes, attribute values and which
/// pieces exist, rather than breaking a container format.
///
/// The input is a sequence of instructions, each an opcode byte (taken modulo 8) and its
/// operands; decoding stops at the end of the input (a missing operand reads as 0) or after
/// ``maxInstructions``. Instructions act on the *current group* (the root at first):
///
/// | opcode | operands | effect |
/// |---|---|---|
/// | 0 | name | add the group `name` and make it current |
/// | 1 | | make the parent group current |
/// | 2 | name, class, size, rank, dims..., offset, data | add a dataset |
/// | 3 | name, count, names... | set a variable-length string attribute |
/// | 4 | name, class, count | set an attribute of another class (an empty float array is what Keras 2 writes for a layer without weights) |
/// | 5 | name, class, size (2 bytes), count (4 bytes) | set an attribute with any declared header |
/// | 6 | mode, ... | set `config.json`: a layer list, or raw bytes |
/// | 7 | | make the root current |
///
/// A *name* byte below 0x80 picks one of ``names`` (the names Keras files use, and a few
/// awkward ones); otherwise its low 6 bits give the length of a literal UTF-8 name that
/// follows. A *dim* byte is its value, except 0xF0...0xFF, which give large, negative or
/// 4-byte extents. *data* is a byte `n`: 255 fills the dataset with small finite values (at
/// most ``maxGeneratedBytes``), otherwise `4 * n` raw bytes follow. The seeds in
/// `Fuzz/corpus/keras-tree/` are written by `scripts/make_fuzz_corpora.py`.
struct TreeDecoder {
  /// Instructions decoded at most.
  static let maxInstructions = 128
  /// The deepest group nesting.
  static let maxDepth = 12
  /// The most bytes of generated data per dataset.
  static let maxGeneratedBytes = 1 << 14

  /// The names a name byte below 0x80 picks from (modulo their count).
  static let names: [String] = [
    "layers", "vars", "model_weights", "layer_names", "weight_names", "name", "dense",
    "dense_1", "dense_2", "dense_10", "input_layer", "flatten", "dropout", "optimizer", "hidden",
    "output", "kernel:0", "bias:0", "dense/kernel:0", "dense/bias:0", "dense_1/kernel:0",
    "dense_1/bias:0", "hidden/kernel:0", "hidden/bias:0", "0", "1", "2", "3", "10", "-1", "01",
    "keras_version", "backend", "model_config", "training_config", "top_level_model_weights",
    "conv2d", "einsum_dense", "batch_normalization", "layers/dense", "vars/0", "", ".", "/",
    "a/b", "dense/", "/dense", "W1", "Dense", "InputLayer", "Flatten", "EinsumDense", "Dropout",
  ]

  private let bytes: UnsafeBufferPointer<UInt8>
  private var position = 0

  /// A decoder of `bytes`.
  init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// The tree and the `config.json` the input describes.
  mutating func decode() -> (HDF5Tree, Data?) {
    var tree = HDF5Tree(name: "fuzz.h5", fileSize: UInt64(bytes.count) + 4096)
    var config: Data?
    var current: [String] = []
    var instructions = 0
    while position < bytes.count, instructions < Self.maxInstructions {
      instructions += 1
      let here = current.joined(separator: "/")
      switch byte() % 8 {
      case 0:
        let name = self.name()
        if current.count < Self.maxDepth, tree.addGroup(here + "/" + name) { current.append(name) }
      case 1:
        _ = current.popLast()
      case 2:
        let name = self.name()
        tree.addDataset(here + "/" + name, dataset())
      case 3:
        let name = self.name()
        let strings = (0..<Int(byte() % 8)).map { _ in self.name() }
        tree.setAttribute(name, of: here, .strings(strings))
      case 4:
        let name = self.name()
        let typeClass = self.typeClass()
        let count = Int(byte() % 4)
        tree.setAttribute(name, of: here, .init(typeClass: typeClass, elementSize: 8, count: count))
      case 5:
        let name = self.name()
        let typeClass = self.typeClass()
        let size = Int(byte()) | Int(byte()) << 8
        let count = Int(Int32(bitPattern: uint32()))
        let strings = (0..<Int(byte() % 4)).map { _ in self.name() }
        tree.setAttribute(
          name, of: here,
          .init(typeClass: typeClass, elementSize: size, count: count, strings: strings))
      case 6:
        config = configJSON()
      default:
        current = []
      }
    }
    return (tree, config)
  }

  private mutating func byte() -> UInt8 {
    guard position < bytes.count else { return 0 }
    defer { position += 1 }
    return bytes[position]
  }

  private mutating func uint32() -> UInt32 {
    (0..<4).reduce(0) { value, shift in value | UInt32(byte()) << (8 * shift) }
  }

  private mutating func name() -> String {
    let b = byte()
    if b < 0x80 { return Self.names[Int(b) % Self.names.count] }
    let length = min(Int(b & 0x3F), bytes.count - position)
    defer { position += length }
    return String(decoding: bytes[position..<(position + length)], as: UTF8.self)
  }

  private mutating func typeClass() -> HDF5TypeClass {
    let b = byte()
    return b < 0xF0 ? [.float, .float, .integer, .string][Int(b) % 4] : .other(Int32(b & 0x0F))
  }

  private mutating func dimension() -> Int {
    let b = byte()
    switch b {
    case 0..<0xF0: return Int(b)
    case 0xF0: return Int.max
    case 0xF1: return -1
    case 0xF2: return 1 << 31
    case 0xF3: return 1 << 32 + 1
    case 0xF4: return 784
    default: return Int(uint32())
    }
  }

  private mutating func dataset() -> HDF5Tree.Dataset {
    let typeClass = self.typeClass()
    let size = [4, 8, 2, 4, 1, 16, 0, Int(UInt32.max)][Int(byte() % 8)]
    let rank = Int(byte() % 6)
    let shape = (0..<rank).map { _ in dimension() }
    let offsetByte = byte()
    let offset: UInt64? =
      switch offsetByte {
      case 0..<0x80: nil
      case 0xFF: UInt64.max - 1
      default: UInt64(offsetByte & 0x7F) << 6
      }
    let count = Int(byte())
    var data: [UInt8] = []
    if count == 255 {
      let elements = shape.reduce(1) { $0.multipliedReportingOverflow(by: max($1, 0)).partialValue }
      let total = max(elements, 0).multipliedReportingOverflow(by: max(size, 0)).partialValue
      let length = min(max(total, 0), Self.maxGeneratedBytes)
      data.reserveCapacity(length)
      for i in 0..<(length / 4) {
        // Small finite values: as float32, or (two words) as float64 where size is 8.
        let bits =
          size == 8
          ? UInt32(truncatingIfNeeded: Double(i / 2 % 7 - 3).bitPattern >> (32 * UInt64(i % 2)))
          : Float(i % 7 - 3).bitPattern
        for shift in stride(from: 0, to: 32, by: 8) { data.append(UInt8(truncatingIfNeeded: bits >> shift)) }
      }
    } else {
      let length = min(4 * count, bytes.count - position)
      data = Array(bytes[position..<(position + length)])
      position += length
    }
    return .init(typeClass: typeClass, elementSize: size, shape: shape, offset: offset, bytes: data)
  }

  private mutating func configJSON() -> Data {
    let mode = byte()
    if mode >= 0x80 {
      let length = min(Int(mode & 0x7F) * 4, bytes.count - position)
      defer { position += length }
      return Data(bytes[position..<(position + length)])
    }
    let classes = ["Dense", "InputLayer", "Flatten", "EinsumDense", "Dropout", "Dense"]
    let layers = (0..<Int(mode % 8)).map { _ -> [String: Any] in
      let className = classes[Int(byte()) % classes.count]
      let name = self.name()
      return ["class_name": className, "config": ["name": name]]
    }
    let json: [String: Any] = ["class_name": "Sequential", "config": ["layers": layers]]
    return (try? JSONSerialization.data(withJSONObject: json)) ?? Data()
  }
}
