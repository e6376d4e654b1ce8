/// The read-only view of an HDF5 file that the Keras loaders validate: which objects exist,
/// the links of a group, the class and extent of an attribute or dataset, and their
/// contents, read on demand.
///
/// ``HDF5File`` implements it over libhdf5; ``HDF5Tree`` implements it over an in-memory
/// tree (the `fuzz-keras-tree` fuzz target and the tests build such trees). The checks on
/// what the file declares (type classes, element counts, extents) live in this protocol's
/// extension, so both run the same code before anything is allocated.
///
/// Paths are relative to the root (`a/b/c`), as HDF5 resolves them.
protocol HDF5Source {
  /// The file's name in messages.
  var name: String { get }
  /// Whether `path` exists and is a group.
  func isGroup(_ path: String) -> Bool
  /// Whether `path` exists and is a dataset.
  func isDataset(_ path: String) -> Bool
  /// The names of the links in the group at `path`, in HDF5's name order.
  /// - Throws: ``DataFormatError`` when `path` is not a readable group.
  func children(ofGroup path: String) throws -> [String]
  /// Whether the object at `object` has an attribute called `name`.
  func hasAttribute(_ name: String, of object: String) -> Bool
  /// The type class and element count the attribute `name` of `object` declares.
  /// - Throws: ``DataFormatError`` when it cannot be opened.
  func attributeHeader(_ name: String, of object: String) throws -> HDF5Header
  /// Reads the attribute `name` of `object`, a string attribute of `count` elements, as
  /// strings (only called after its header was checked).
  /// - Throws: ``DataFormatError`` when it cannot be read.
  func readStrings(attribute name: String, of object: String, count: Int) throws -> [String]
  /// The type class, shape and stored extent of the dataset at `path`.
  /// - Throws: ``DataFormatError`` when it cannot be opened.
  func datasetHeader(_ path: String) throws -> HDF5Header
  /// Reads the dataset at `path`, a floating-point dataset of `count` elements, converted to
  /// `Float` in C order (only called after its header was checked).
  /// - Throws: ``DataFormatError`` when it cannot be read.
  func readFloats(_ path: String, count: Int) throws -> [Float]
}

/// What an HDF5 attribute or dataset declares about itself, before any of its data is read.
struct HDF5Header: Sendable {
  /// The type class (`H5T_class_t`).
  var typeClass: HDF5TypeClass
  /// The size of one element (bytes), as the file stores it.
  var elementSize: Int
  /// The extent of each dimension (empty for a scalar; an attribute gives its element
  /// count as one dimension); a negative value marks an extent that could not be read.
  var shape: [Int]
  /// Where the data starts (byte offset) and how large the file is (bytes), when the data
  /// must lie within the file at a known place; nil otherwise (a dataset not yet allocated,
  /// chunked or compact). An attribute's data is somewhere in the file: offset 0.
  var storage: (offset: UInt64, fileSize: UInt64)?
}

/// An HDF5 type class (`H5T_class_t`); the loaders read floats and strings.
@_spi(Fuzzing) public enum HDF5TypeClass: Sendable, Equatable {
  case integer
  case float
  case string
  /// Any other class, with its `H5T_class_t` value (for messages).
  case other(Int32)

  /// The `H5T_class_t` value.
  public var rawValue: Int32 {
    switch self {
    case .integer: 0
    case .float: 1
    case .string: 3
    case .other(let value): value
    }
  }

  /// The class with `H5T_class_t` value `rawValue`.
  public init(rawValue: Int32) {
    switch rawValue {
    case 0: self = .integer
    case 1: self = .float
    case 3: self = .string
    default: self = .other(rawValue)
    }
  }
}

extension HDF5Source {
  /// The largest rank accepted for a dataset (HDF5's own limit).
  static var maxRank: Int { 32 }
  /// The most elements accepted in a string attribute.
  static var maxAttributeElements: Int { 1 << 20 }

  /// The attribute `name` of `object` as strings: a scalar string gives one element, a
  /// 1-D array of strings one per element; an empty numeric array (what Keras 2 writes as
  /// the `weight_names` of a layer without weights) gives no strings.
  /// - Throws: ``DataFormatError`` when the attribute is missing, not a string, or declares
  ///   more than ``maxAttributeElements`` elements or more bytes than the file holds.
  func strings(attribute name: String, of object: String) throws -> [String] {
    let what = "attribute '\(name)'"
    let header = try attributeHeader(name, of: object)
    let count = NDArray.elementCount(of: header.shape) ?? -1
    guard count >= 0, count <= Self.maxAttributeElements else {
      throw DataFormatError(
        file: self.name, object: object,
        "the \(what) has an unreadable or absurd element count \(count)")
    }
    if count == 0 && (header.typeClass == .float || header.typeClass == .integer) { return [] }
    guard header.typeClass == .string else {
      throw DataFormatError(
        file: self.name, object: object,
        "the \(what) is not a string (HDF5 type class \(header.typeClass.rawValue))")
    }
    let (bytes, overflow) = count.multipliedReportingOverflow(by: max(header.elementSize, 0))
    if let (offset, fileSize) = header.storage,
      overflow || offset > fileSize || UInt64(bytes) > fileSize - offset
    {
      throw DataFormatError(
        file: self.name, object: object,
        "the \(what) declares \(count) elements of \(header.elementSize) bytes, more than the "
          + "\(fileSize)-byte file holds")
    }
    return try readStrings(attribute: name, of: object, count: count)
  }

  /// Reads the floating-point dataset at `path` (any float type, converted to `Float`).
  /// - Parameter maxElements: The largest element count accepted, checked before
  ///   allocating.
  /// - Returns: The shape and the values in C order.
  /// - Throws: ``DataFormatError`` when it is not a float dataset, is too large, or its
  ///   data lies beyond the end of the file.
  func floatDataset(_ path: String, maxElements: Int) throws -> (shape: [Int], values: [Float]) {
    let header = try datasetHeader(path)
    guard header.typeClass == .float else {
      let kind =
        header.typeClass == .integer ? "integer" : "HDF5 type class \(header.typeClass.rawValue)"
      throw DataFormatError(file: name, object: path, "dataset is \(kind), not floating point")
    }
    let shape = header.shape
    guard shape.count <= Self.maxRank, shape.allSatisfy({ $0 >= 0 }) else {
      throw DataFormatError(file: name, object: path, "cannot read the dataset's shape")
    }
    let shapeText = NDArray.describe(shape)
    guard let count = NDArray.elementCount(of: shape), count <= maxElements else {
      throw DataFormatError(
        file: name, object: path,
        "dataset of shape \(shapeText) has more than the \(maxElements) elements accepted")
    }
    let (storedBytes, overflow) = UInt64(count).multipliedReportingOverflow(
      by: UInt64(max(header.elementSize, 0)))
    if let (offset, fileSize) = header.storage,
      overflow || offset > fileSize || storedBytes > fileSize - offset
    {
      throw DataFormatError(
        file: name, object: path,
        "dataset of shape \(shapeText) needs \(overflow ? "more than 2^64" : "\(storedBytes)") "
          + "bytes at offset \(offset), past the end of the \(fileSize)-byte file (truncated?)"
      )
    }
    return (shape, try readFloats(path, count: count))
  }
}
