import Foundation
import SwiftSNN
import XCTest

/// Runs the forum tutorial on the first 200 test images, where real Nengo 4.1 measured
/// 0.500 for the user's network and 0.985 for the corrected one (README, `snn compare`).
/// `SWIFTSNN_DOC_FORUM_LIMIT=N` runs it on the first N images instead (the comparisons with
/// Nengo's 200-image figures are then skipped; every step's report is printed).
final class ForumTutorialTests: XCTestCase {
  static let limit = ProcessInfo.processInfo.environment["SWIFTSNN_DOC_FORUM_LIMIT"].flatMap(Int.init) ?? 200

  func testEveryFixRemovesItsCause_AndTheLastMatchesNengo() throws {
    let weights = try KerasWeights.load(url: try DocData.kerasWeightsURL())
    let (w1, w2) = (weights[0].kernel, weights[1].kernel)
    let (pixels, labels) = try DocData.testImages(Self.limit)
    let calibration = try DocData.trainingImages(2000)

    let user = try ForumTutorial.userNetwork(w1: w1, w2: w2)
    let report0 = try ForumTutorial.diagnose(user, images: pixels, labels: labels)
    XCTAssertEqual(
      report0.causeIDs,
      [.inputNotNormalized, .gainScalesWeights, .rateBeyondDtLimit, .outputSaturation, .probeCountsStepsNotSpikes])
    let userAccuracy = try XCTUnwrap(report0.readout.accuracy)
    if Self.limit == 200 { XCTAssertEqual(userAccuracy, 0.500, accuracy: 0.06, "real Nengo: 0.500 on these 200") }

    let readoutFixed = ForumTutorial.fixReadout(user)
    let report1 = try ForumTutorial.diagnose(readoutFixed, images: pixels, labels: labels)
    XCTAssertFalse(report1.causeIDs.contains(.probeCountsStepsNotSpikes))
    XCTAssertEqual(report1.readout.accuracy, report0.readout.spikeCountAccuracy, "the same simulation")

    let scaled = ForumTutorial.fixInput(pixels)
    let report2 = try ForumTutorial.diagnose(readoutFixed, images: scaled, labels: labels)
    XCTAssertFalse(report2.causeIDs.contains(.inputNotNormalized))

    let gainFixed = try ForumTutorial.fixGain(w1: w1, w2: w2)
    let report3 = try ForumTutorial.diagnose(gainFixed, images: scaled, labels: labels)
    XCTAssertFalse(report3.causeIDs.contains(.gainScalesWeights))

    let rateFixed = try ForumTutorial.fixRate(w1: w1, w2: w2)
    let report4 = try ForumTutorial.diagnose(rateFixed, images: scaled, labels: labels)
    XCTAssertFalse(report4.causeIDs.contains(.rateBeyondDtLimit))

    let normalized = try ForumTutorial.fixSaturation(w1: w1, w2: w2, calibration: calibration)
    let report5 = try ForumTutorial.diagnose(normalized, images: scaled, labels: labels)
    XCTAssertEqual(report5.causeIDs, [])
    let finalAccuracy = try XCTUnwrap(report5.readout.accuracy)
    if Self.limit == 200 {
      XCTAssertEqual(finalAccuracy, 0.985, accuracy: 0.015, "real Nengo, corrected: 0.985 on these 200")
    }

    let reports = [report0, report1, report2, report3, report4, report5]
    for (k, r) in reports.enumerated() {
      let accuracy = r.readout.accuracy ?? .nan
      let counts = r.readout.spikeCountAccuracy ?? .nan
      print(r.text)
      let causes = r.causeIDs.map(\.rawValue)
      print("forum tutorial step \(k): accuracy \(accuracy), spike counts \(counts), causes \(causes)")
    }
  }
}
