import Foundation
import SwiftSNN
import XCTest
import _SNNTestSupport

/// Paths that are not regular files must be refused before reading: `/dev/zero` reports
/// size 0 and never ends, so reading it whole would allocate without bound; a symbolic
/// link must be checked against the size limit by its target's size.
final class CorpusSpecialFileTests: XCTestCase {
  private func assertRefused(_ fragment: String, line: UInt = #line, _ body: () throws -> Void) {
    XCTAssertThrowsError(try body(), line: line) { error in
      XCTAssertTrue("\(error)".contains(fragment), "\"\(error)\" lacks \"\(fragment)\"", line: line)
    }
  }

  func testRead_DeviceFile_RefusedAsNotRegular() throws {
    try skipUnlessAvailable(FileManager.default.fileExists(atPath: "/dev/zero"), "no /dev/zero")
    let zero = URL(fileURLWithPath: "/dev/zero")
    assertRefused("/dev/zero: cannot read: not a regular file") { _ = try NPY.read(url: zero) }
    assertRefused("/dev/zero: cannot read: not a regular file") { _ = try NPZ.read(url: zero) }
    assertRefused("/dev/zero: cannot read: not a regular file") { _ = try NetworkFile.load(url: zero) }
  }

  func testLoad_NetworkWhoseWeightsAreADevice_RefusedAsNotRegular() throws {
    try skipUnlessAvailable(FileManager.default.fileExists(atPath: "/dev/zero"), "no /dev/zero")
    let directory = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let json = directory.appendingPathComponent("net.json")
    let text = #"{"format": "swiftsnn-network", "version": 1, "weights": "/dev/zero"}"#
    try Data(text.utf8).write(to: json)
    assertRefused("/dev/zero: cannot read: not a regular file") { _ = try NetworkFile.load(url: json) }
  }

  func testRead_SymbolicLinkToALargeFile_CheckedByTheTargetsSize() throws {
    let directory = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let target = directory.appendingPathComponent("big.npy")
    try NPY.write(NDArray([Float](repeating: 1, count: 1000)), to: target)
    let link = directory.appendingPathComponent("link.npy")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
    assertRefused("more than the 100-byte limit") { _ = try NPY.read(url: link, maxBytes: 100) }
    XCTAssertEqual(try NPY.read(url: link).count, 1000)
  }
}
