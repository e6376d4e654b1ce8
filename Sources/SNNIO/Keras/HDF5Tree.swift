import Foundation

/// An HDF5 file held in memory as a tree of groups, datasets and attributes: an
/// ``HDF5Source`` that needs no libhdf5.
///
/// It exists so that the Keras loaders' validation of what an HDF5 file declares (layer
/// lists, weight names, shapes, type classes, extents) can be fuzzed on structured inputs
/// (`Fuzz/Sources/fuzz-keras-tree`) and tested without writing files:
/// ``KerasWeights/load(tree:configJSON:)`` runs the same code as
/// ``KerasWeights/load(url:)`` does after libhdf5 has opened a file.
///
/// Objects are named by paths relative to the root (`layers/dense/vars/0`); as in HDF5,
/// empty components and `.` are skipped, and a link name is non-empty, has no `/` and is
/// not `.`. Data is kept as the file would store it (little-endian bytes) and decoded only
/// when read, after its declared extent has been checked.
@_spi(Fuzzing) public struct HDF5Tree: Sendable {
  /// An attribute: its declared type and element count, and the strings it holds.
  public struct Attribute: Sendable {
    /// The declared type class.
    public var typeClass: HDF5TypeClass
    /// The declared size of one element (bytes).
    public var elementSize: Int
    /// The declared element count (negative: unreadable).
    public var count: Int
    /// The stored strings (a string attribute), padded with empty strings or cut to `count`
    /// when read.
    public var strings: [String]

    /// An attribute declaring `count` elements of `elementSize` bytes of class `typeClass`.
    public init(typeClass: HDF5TypeClass, elementSize: Int, count: Int, strings: [String] = []) {
      self.typeClass = typeClass
      self.elementSize = elementSize
      self.count = count
      self.strings = strings
    }

    /// A variable-length string attribute holding `strings` (what h5py writes for a list
    /// of Python strings).
    public static func strings(_ strings: [String]) -> Attribute {
      Attribute(typeClass: .string, elementSize: 8, count: strings.count, strings: strings)
    }
  }

  /// A dataset: its declared type, shape and storage, and its stored bytes.
  public struct Dataset: Sendable {
    /// The declared type class.
    public var typeClass: HDF5TypeClass
    /// The declared size of one element (bytes); floats of 2, 4 and 8 bytes can be read.
    public var elementSize: Int
    /// The declared shape (a negative extent: unreadable).
    public var shape: [Int]
    /// The byte offset of contiguous storage in the file, or nil (not allocated, chunked).
    public var offset: UInt64?
    /// The stored elements, little-endian, in C order; reading fails when they are fewer
    /// than the shape declares.
    public var bytes: [UInt8]

    /// A dataset of class `typeClass` and shape `shape`, storing `bytes`.
    public init(
      typeClass: HDF5TypeClass, elementSize: Int, shape: [Int], offset: UInt64? = nil,
      bytes: [UInt8]
    ) {
      self.typeClass = typeClass
      self.elementSize = elementSize
      self.shape = shape
      self.offset = offset
      self.bytes = bytes
    }

    /// A float32 dataset of shape `shape` holding `values`.
    public static func float32(_ shape: [Int], _ values: [Float]) -> Dataset {
      Dataset(
        typeClass: .float, elementSize: 4, shape: shape,
        bytes: values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
    }
  }

  private enum Kind: Sendable {
    case group
    case dataset(Dataset)
  }

  private struct Object: Sendable {
    var kind: Kind
    var attributes: [String: Attribute] = [:]
  }

  /// The file's name in messages.
  public let name: String
  /// The size the file declares (bytes): dataset extents and attribute sizes are checked
  /// against it.
  public var fileSize: UInt64
  /// Every object by normalised path; the root is `""`.
  private var objects: [String: Object] = ["": Object(kind: .group)]
  /// The link names in each group, by the group's normalised path.
  private var links: [String: [String]] = ["": []]

  /// An empty file (only the root group) called `name`, declaring `fileSize` bytes.
  public init(name: String, fileSize: UInt64) {
    self.name = name
    self.fileSize = fileSize
  }

  /// Adds a group at `path`.
  /// - Returns: Whether it was added: the parent is a group, the name is a valid link name
  ///   and not taken.
  @discardableResult public mutating func addGroup(_ path: String) -> Bool {
    add(Object(kind: .group), at: path)
  }

  /// Adds `dataset` at `path`.
  /// - Returns: Whether it was added (as for ``addGroup(_:)``).
  @discardableResult public mutating func addDataset(_ path: String, _ dataset: Dataset) -> Bool {
    add(Object(kind: .dataset(dataset)), at: path)
  }

  /// Sets the attribute `name` of the object at `path`.
  /// - Returns: Whether it was set: the object exists and `name` is not empty.
  @discardableResult public mutating func setAttribute(
    _ name: String, of path: String, _ attribute: Attribute
  ) -> Bool {
    let key = Self.normalise(path)
    guard !name.isEmpty, objects[key] != nil else { return false }
    objects[key]?.attributes[name] = attribute
    return true
  }

  private mutating func add(_ object: Object, at path: String) -> Bool {
    let components = Self.components(path)
    guard let last = components.last, objects[Self.normalise(path)] == nil else { return false }
    let parent = components.dropLast().joined(separator: "/")
    guard case .group = objects[parent]?.kind, Self.isLinkName(last) else { return false }
    let key = components.joined(separator: "/")
    objects[key] = object
    links[parent, default: []].append(last)
    if case .group = object.kind { links[key] = [] }
    return true
  }

  private static func components(_ path: String) -> [String] {
    path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter {
      $0 != "."
    }
  }

  private static func normalise(_ path: String) -> String {
    isNormal(path) ? path : components(path).joined(separator: "/")
  }

  /// Whether `path` is empty or has no empty and no `.` component (one pass, no
  /// allocation: trees are looked up many times per load).
  private static func isNormal(_ path: String) -> Bool {
    var length = 0
    var isDot = false
    for byte in path.utf8 {
      if byte == UInt8(ascii: "/") {
        if length == 0 || isDot { return false }
        length = 0
      } else {
        isDot = length == 0 && byte == UInt8(ascii: ".")
        length += 1
      }
    }
    return path.isEmpty || (length > 0 && !isDot)
  }

  private static func isLinkName(_ name: String) -> Bool {
    !name.isEmpty && name != "." && !name.contains("/")
  }

  private func object(_ path: String) -> Object? { objects[Self.normalise(path)] }
}

extension HDF5Tree: HDF5Source {
  func isGroup(_ path: String) -> Bool {
    if case .group = object(path)?.kind { return true }
    return false
  }

  func isDataset(_ path: String) -> Bool {
    if case .dataset = object(path)?.kind { return true }
    return false
  }

  func children(ofGroup path: String) throws -> [String] {
    guard let names = links[Self.normalise(path)] else {
      throw DataFormatError(file: name, object: path, "cannot open the group")
    }
    return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  func hasAttribute(_ name: String, of object: String) -> Bool {
    self.object(object)?.attributes[name] != nil
  }

  func attributeHeader(_ name: String, of object: String) throws -> HDF5Header {
    let attribute = try self.attribute(name, of: object)
    return HDF5Header(
      typeClass: attribute.typeClass, elementSize: attribute.elementSize,
      shape: [attribute.count], storage: (0, fileSize))
  }

  func readStrings(attribute name: String, of object: String, count: Int) throws -> [String] {
    let strings = try attribute(name, of: object).strings.prefix(count)
    return strings + Array(repeating: "", count: count - strings.count)
  }

  func datasetHeader(_ path: String) throws -> HDF5Header {
    let dataset = try self.dataset(path)
    return HDF5Header(
      typeClass: dataset.typeClass, elementSize: dataset.elementSize, shape: dataset.shape,
      storage: dataset.offset.map { ($0, fileSize) })
  }

  func readFloats(_ path: String, count: Int) throws -> [Float] {
    let dataset = try self.dataset(path)
    let size = dataset.elementSize
    guard [2, 4, 8].contains(size), dataset.bytes.count / size >= count else {
      throw DataFormatError(file: name, object: path, "cannot read the dataset's data")
    }
    return (0..<count).map { i in
      var bits: UInt64 = 0
      for byte in dataset.bytes[(i * size)..<((i + 1) * size)].reversed() {
        bits = bits << 8 | UInt64(byte)
      }
      switch size {
      case 2: return Float(Float16(bitPattern: UInt16(truncatingIfNeeded: bits)))
      case 4: return Float(bitPattern: UInt32(truncatingIfNeeded: bits))
      default: return Float(Double(bitPattern: bits))
      }
    }
  }

  private func attribute(_ name: String, of object: String) throws -> Attribute {
    guard let attribute = self.object(object)?.attributes[name] else {
      throw DataFormatError(file: self.name, object: object, "cannot open the attribute '\(name)'")
    }
    return attribute
  }

  private func dataset(_ path: String) throws -> Dataset {
    guard case .dataset(let dataset) = object(path)?.kind else {
      throw DataFormatError(file: name, object: path, "cannot open the dataset")
    }
    return dataset
  }
}
