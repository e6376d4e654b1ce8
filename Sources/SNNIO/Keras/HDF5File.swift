import CHDF5
import Foundation
import Synchronization

/// A read-only HDF5 file, opened through libhdf5: the ``HDF5Source`` the Keras loaders read
/// real files through.
///
/// The Debian libhdf5 is built without thread safety, so every use goes through
/// ``withLibrary(_:)``, which holds one process-wide lock and turns off HDF5's printing of
/// its error stack (errors are reported as ``DataFormatError``, with the innermost HDF5
/// message appended).
final class HDF5File: HDF5Source {
  /// The file's name in messages (its path, or where it was extracted from).
  let name: String
  /// The file's size (bytes), to check dataset extents against.
  let fileSize: UInt64
  private let id: hid_t

  /// The process-wide lock around libhdf5.
  private static let lock = Mutex(())

  /// Runs `body` holding the HDF5 lock, with HDF5's automatic error printing off.
  static func withLibrary<R: Sendable>(_ body: () throws -> R) throws -> R {
    try lock.withLock { _ in
      _ = chdf5_silence_errors()
      return try body()
    }
  }

  /// Whether `path` is an HDF5 file (HDF5's signature at offset 0, 512, 1024, ...).
  /// Call inside ``withLibrary(_:)``.
  static func isHDF5(_ path: String) -> Bool { H5Fis_hdf5(path) > 0 }

  /// Opens `path` read-only; messages call it `name`. Call inside ``withLibrary(_:)``.
  /// - Throws: ``DataFormatError`` when HDF5 cannot open it (for example a truncated file).
  init(path: String, name: String) throws {
    self.name = name
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    self.fileSize = (attributes?[.size] as? NSNumber)?.uint64Value ?? 0
    let id = H5Fopen(path, chdf5_acc_rdonly(), chdf5_p_default())
    guard id >= 0 else {
      throw Self.failure(name, nil, "cannot open the HDF5 file (truncated or corrupt?)")
    }
    self.id = id
  }

  deinit { H5Fclose(id) }

  /// Whether every component of `path` (relative to the root, `a/b/c`) exists.
  func exists(_ path: String) -> Bool {
    var prefix = ""
    for component in path.split(separator: "/") {
      prefix += (prefix.isEmpty ? "" : "/") + component
      guard H5Lexists(id, prefix, chdf5_p_default()) > 0 else { return false }
    }
    return true
  }

  func isGroup(_ path: String) -> Bool { objectType(path) == H5I_GROUP }

  func isDataset(_ path: String) -> Bool { objectType(path) == H5I_DATASET }

  func children(ofGroup path: String) throws -> [String] {
    let group = H5Gopen2(id, path, chdf5_p_default())
    guard group >= 0 else { throw failure(path, "cannot open the group") }
    defer { H5Gclose(group) }
    var info = H5G_info_t()
    guard H5Gget_info(group, &info) >= 0 else { throw failure(path, "cannot list the group") }
    var names: [String] = []
    for index in 0..<info.nlinks {
      let length = H5Lget_name_by_idx(
        group, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, chdf5_p_default())
      guard length >= 0, length < 1 << 16 else { throw failure(path, "cannot read link \(index)") }
      var buffer = [CChar](repeating: 0, count: Int(length) + 1)
      guard
        H5Lget_name_by_idx(
          group, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, chdf5_p_default())
          >= 0
      else { throw failure(path, "cannot read link \(index)") }
      names.append(
        String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return names
  }

  func hasAttribute(_ name: String, of object: String) -> Bool {
    H5Aexists_by_name(id, object, name, chdf5_p_default()) > 0
  }

  func attributeHeader(_ name: String, of object: String) throws -> HDF5Header {
    try withAttribute(name, of: object) { _, type, space in
      let count = H5Sget_simple_extent_npoints(space)
      return HDF5Header(
        typeClass: HDF5TypeClass(rawValue: H5Tget_class(type).rawValue),
        elementSize: H5Tget_size(type), shape: [count < 0 ? -1 : Int(clamping: count)],
        storage: (0, fileSize))
    }
  }

  /// Reads variable-length and fixed-length strings (NULLTERM, NULLPAD or SPACEPAD).
  func readStrings(attribute name: String, of object: String, count: Int) throws -> [String] {
    let what = "attribute '\(name)'"
    return try withAttribute(name, of: object) { attribute, type, space in
      let memoryType = H5Tcopy(chdf5_c_s1())
      guard memoryType >= 0 else { throw failure(object, "cannot make a string type") }
      defer { H5Tclose(memoryType) }
      H5Tset_cset(memoryType, H5Tget_cset(type))

      if H5Tis_variable_str(type) > 0 {
        H5Tset_size(memoryType, chdf5_variable_size())
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        guard H5Aread(attribute, memoryType, &pointers) >= 0 else {
          throw failure(object, "cannot read the \(what)")
        }
        let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
        H5Dvlen_reclaim(memoryType, space, chdf5_p_default(), &pointers)
        return strings
      }

      let size = H5Tget_size(type)
      guard size > 0, size <= 1 << 16 else {
        throw failure(object, "the \(what) has an absurd string size \(size)")
      }
      let padding = H5Tget_strpad(type)
      H5Tset_size(memoryType, size)
      H5Tset_strpad(memoryType, H5T_STR_NULLPAD)
      var buffer = [UInt8](repeating: 0, count: count * size)
      guard H5Aread(attribute, memoryType, &buffer) >= 0 else {
        throw failure(object, "cannot read the \(what)")
      }
      return (0..<count).map { i in
        var bytes = buffer[(i * size)..<((i + 1) * size)]
        if let nul = bytes.firstIndex(of: 0) { bytes = bytes[..<nul] }
        if padding == H5T_STR_SPACEPAD {
          while bytes.last == UInt8(ascii: " ") { bytes = bytes.dropLast() }
        }
        return String(decoding: bytes, as: UTF8.self)
      }
    }
  }

  func datasetHeader(_ path: String) throws -> HDF5Header {
    let dataset = H5Dopen2(id, path, chdf5_p_default())
    guard dataset >= 0 else { throw failure(path, "cannot open the dataset") }
    defer { H5Dclose(dataset) }
    let type = H5Dget_type(dataset)
    guard type >= 0 else { throw failure(path, "cannot read the dataset's type") }
    defer { H5Tclose(type) }
    let space = H5Dget_space(dataset)
    guard space >= 0 else { throw failure(path, "cannot read the dataset's shape") }
    defer { H5Sclose(space) }
    let rank = Int(H5Sget_simple_extent_ndims(space))
    guard rank >= 0, rank <= Self.maxRank else {
      throw failure(path, "cannot read the dataset's rank")
    }
    var dims = [hsize_t](repeating: 0, count: rank)
    guard rank == 0 || H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else {
      throw failure(path, "cannot read the dataset's shape")
    }
    let offset = UInt64(H5Dget_offset(dataset))
    return HDF5Header(
      typeClass: HDF5TypeClass(rawValue: H5Tget_class(type).rawValue),
      elementSize: H5Tget_size(type), shape: dims.map { Int(clamping: $0) },
      storage: offset == UInt64(haddr_t.max) ? nil : (offset, fileSize))
  }

  func readFloats(_ path: String, count: Int) throws -> [Float] {
    let dataset = H5Dopen2(id, path, chdf5_p_default())
    guard dataset >= 0 else { throw failure(path, "cannot open the dataset") }
    defer { H5Dclose(dataset) }
    var values = [Float](repeating: 0, count: count)
    guard
      H5Dread(
        dataset, chdf5_native_float(), chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), &values)
        >= 0
    else { throw failure(path, "cannot read the dataset's data") }
    return values
  }

  /// Runs `body` with the attribute `name` of `object` open, and its type and dataspace.
  private func withAttribute<R>(
    _ name: String, of object: String, _ body: (hid_t, hid_t, hid_t) throws -> R
  ) throws -> R {
    let what = "attribute '\(name)'"
    let attribute = H5Aopen_by_name(id, object, name, chdf5_p_default(), chdf5_p_default())
    guard attribute >= 0 else { throw failure(object, "cannot open the \(what)") }
    defer { H5Aclose(attribute) }
    let type = H5Aget_type(attribute)
    guard type >= 0 else { throw failure(object, "cannot read the type of the \(what)") }
    defer { H5Tclose(type) }
    let space = H5Aget_space(attribute)
    guard space >= 0 else { throw failure(object, "cannot read the shape of the \(what)") }
    defer { H5Sclose(space) }
    return try body(attribute, type, space)
  }

  /// `H5I_GROUP`, `H5I_DATASET`, ... for the object at `path`, or `H5I_BADID`.
  private func objectType(_ path: String) -> H5I_type_t {
    guard exists(path) else { return H5I_BADID }
    let object = H5Oopen(id, path, chdf5_p_default())
    guard object >= 0 else { return H5I_BADID }
    defer { H5Oclose(object) }
    return H5Iget_type(object)
  }

  private func failure(_ object: String, _ problem: String) -> DataFormatError {
    Self.failure(name, object, problem)
  }

  /// An error about `object` of `file`, with the innermost HDF5 error message appended.
  private static func failure(_ file: String, _ object: String?, _ problem: String)
    -> DataFormatError
  {
    var buffer = [CChar](repeating: 0, count: 512)
    _ = chdf5_innermost_error(&buffer, buffer.count)
    let detail = String(
      decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return DataFormatError(
      file: file, object: object, detail.isEmpty ? problem : "\(problem) (HDF5: \(detail))")
  }
}
