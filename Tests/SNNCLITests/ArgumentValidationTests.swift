import ArgumentParser
import SNNTool
import XCTest
import _SNNTestSupport

/// `snn`'s argument validation, through the library's root command (no process, nothing
/// runs): absurd values are refused with a message naming the option. The same parsing is
/// fuzzed by Fuzz/Sources/fuzz-cli; any crash it finds becomes a test here.
final class ArgumentValidationTests: XCTestCase {
  /// The one-line message `snn` prints for `arguments`, or a failure if they parse.
  private func refusal(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) -> String {
    do {
      _ = try SNNCommand.parseAsRoot(arguments)
      XCTFail("\(arguments) were accepted", file: file, line: line)
      return ""
    } catch {
      XCTAssertNotEqual(SNNCommand.exitCode(for: error), .success, "\(arguments)", file: file, line: line)
      return SNNCommand.message(for: error)
    }
  }

  private func assertRefused(
    _ arguments: [String], saying text: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    let message = refusal(arguments, file: file, line: line)
    XCTAssertTrue(message.contains(text), "\(arguments): \(message)", file: file, line: line)
  }

  func testValidCommandLines_Parse() throws {
    for arguments in [
      ["mnist", "--steps", "200", "--curve", "--batch-size", "1000"],
      ["run", "net.json", "--out", "probes.npz", "--steps", "10"],
      ["compare", "--timeout", "604800", "--limit", "10"],
      ["diagnose", "net.json", "--steps", "100"],
      ["bench", "--images", "10"],
    ] {
      XCTAssertNoThrow(try SNNCommand.parseAsRoot(arguments), "\(arguments)")
    }
  }

  /// `--validation` near Int.max overflowed `validation + calibration` and trapped (found
  /// reading `validate()` while writing fuzz-cli).
  func testHugeValidation_IsRefusedNotOverflowed() throws {
    assertRefused(["mnist", "--validation", "9223372036854775807"], saying: "--validation N must be positive")
    assertRefused(["mnist", "--validation", "58001"], saying: "N + calibration <= 60000")
    let r = try BuiltTool.run("snn", ["mnist", "--validation", "9223372036854775807"])
    XCTAssertEqual(r.status, 64, r.stderr)
    XCTAssertEqual(
      r.stderr.split(separator: "\n"),
      ["snn: --validation N must be positive and leave the first --calibration images apart (N + calibration <= 60000)"]
    )
  }

  /// Every command that simulates takes --steps, --dt, --seed and --threads from one
  /// option group, with one range each; a negative value is out of range, not a flag.
  func testSharedOptions_SameRangeInEveryCommand_NegativeValuesAreOutOfRange() {
    let commands = [["mnist"], ["run", "n.json", "--out", "o.npz"], ["compare"], ["diagnose", "n.json"], ["bench"]]
    for command in commands {
      assertRefused(command + ["--steps", "0"], saying: "--steps must be in 1-100000, got 0")
      assertRefused(command + ["--steps", "-5"], saying: "--steps must be in 1-100000, got -5")
      assertRefused(command + ["--steps=-5"], saying: "--steps must be in 1-100000, got -5")
      assertRefused(command + ["--steps", "100001"], saying: "--steps must be in 1-100000, got 100001")
      assertRefused(command + ["--dt", "0"], saying: "--dt must be in (0, 0.1] seconds, got 0.0")
      assertRefused(command + ["--dt", "-0.001"], saying: "--dt must be in (0, 0.1] seconds, got -0.001")
      assertRefused(command + ["--dt", "0.2"], saying: "--dt must be in (0, 0.1] seconds, got 0.2")
      assertRefused(command + ["--threads", "0"], saying: "--threads must be in 1-1024, got 0")
      assertRefused(command + ["--threads", "-2"], saying: "--threads must be in 1-1024, got -2")
      assertRefused(command + ["--threads", "1000000000"], saying: "--threads must be in 1-1024")
      XCTAssertNoThrow(try SNNCommand.parseAsRoot(command + ["--steps", "100000", "--dt", "0.1"]), "\(command)")
      assertRefused(command + ["--precision", "float16"], saying: "'float16' is invalid for '--precision")
      XCTAssertNoThrow(try SNNCommand.parseAsRoot(command + ["--precision", "float64"]), "\(command)")
    }
    for command in [["mnist"], ["compare"], ["bench"]] {
      assertRefused(command + ["--batch-size", "-1"], saying: "--batch-size must be in 1-100000, got -1")
      assertRefused(command + ["--epochs", "-1"], saying: "--epochs must be in 0-1000, got -1")
      assertRefused(command + ["--calibration", "60001"], saying: "--calibration must be in 1-60000, got 60001")
    }
  }

  /// Options that would be ignored are refused, naming both.
  func testIgnoredOptions_AreRefused() {
    assertRefused(
      ["mnist", "--weights", "w.npz", "--epochs", "3"],
      saying: "--epochs 3 would be ignored: --weights loads the ANN instead of training it")
    assertRefused(["bench", "--weights", "w.npz", "--epochs", "3"], saying: "--epochs 3 would be ignored")
    assertRefused(
      ["mnist", "--validation", "100", "--test-limit", "10"],
      saying: "--test-limit would be ignored: --validation N evaluates on training images, not the test set")
    assertRefused(
      ["mnist", "--weights", "w.npz", "--save-weights", "out.npz"],
      saying: "--save-weights would be ignored: --weights loads the ANN, nothing is trained")
    assertRefused(["mnist", "--epochs", "0"], saying: "--epochs 0 needs --weights")
    XCTAssertNoThrow(try SNNCommand.parseAsRoot(["mnist", "--weights", "w.npz", "--epochs", "0"]))
  }

  func testNaNAndInfiniteFloats_AreRefused() {
    assertRefused(["mnist", "--dt", "nan"], saying: "--dt must be in (0, 0.1] seconds, got nan")
    assertRefused(["mnist", "--max-rate", "inf"], saying: "--max-rate must be a positive rate in Hz, got inf")
    assertRefused(["mnist", "--current-at-max", "nan"], saying: "--current-at-max must be in (0, 1000000]")
    assertRefused(["mnist", "--normalize", "percentile:nan"], saying: "--normalize must be none, max or percentile:P")
    assertRefused(["run", "n.json", "--out", "o.npz", "--dt", "nan"], saying: "--dt must be in (0, 0.1] seconds")
    assertRefused(["diagnose", "n.json", "--dt=-inf"], saying: "--dt must be in (0, 0.1] seconds")
    assertRefused(["compare", "--timeout", "nan"], saying: "--timeout must be in (0, 604800] seconds")
  }

  func testTimeout_AboveAWeek_IsRefused() {
    assertRefused(
      ["compare", "--timeout", "1e300"], saying: "--timeout must be in (0, 604800] seconds (a week), got 1e+300")
  }

  /// `--curve` records every step of the 10 outputs for a whole batch: refused before it
  /// could ask for gigabytes.
  func testCurve_ThatWouldRecordGigabytes_IsRefused() {
    assertRefused(
      ["mnist", "--curve", "--batch-size", "100000", "--steps", "1000"],
      saying: "--batch-size 100000 x --steps 1000 needs 1000000000, more than the 536870912 (2 GiB of float32)")
    assertRefused(
      ["mnist", "--report", "out", "--steps", "100000"], saying: "use a smaller --batch-size or fewer --steps")
    XCTAssertNoThrow(try SNNCommand.parseAsRoot(["mnist", "--steps", "100000"]))
    assertRefused(["mnist", "--batch-size", "100001"], saying: "--batch-size must be in 1-100000")
    assertRefused(["bench", "--batch-size", "0"], saying: "--batch-size must be in 1-100000")
  }

  func testEmptyPaths_AreRefused() {
    let cases: [([String], String)] = [
      (["mnist", "--data", ""], "--data"), (["mnist", "--weights", ""], "--weights"),
      (["mnist", "--save-weights", ""], "--save-weights"), (["mnist", "--save-network", ""], "--save-network"),
      (["mnist", "--report", ""], "--report"),
      (["run", "", "--out", "o.npz"], "NETWORK"), (["run", "n.json", "--out", ""], "--out"),
      (["run", "n.json", "--out", "o.npz", "--input", ""], "--input"),
      (["compare", "--python", ""], "--python"), (["compare", "--peer-dir", ""], "--peer-dir"),
      (["compare", "--export", ""], "--export"), (["compare", "--data", ""], "--data"),
      (["diagnose", ""], "NETWORK"), (["diagnose", "n.json", "--data", ""], "--data"),
      (["bench", "--data", ""], "--data"), (["bench", "--weights", ""], "--weights"),
    ]
    for (arguments, name) in cases {
      assertRefused(arguments, saying: "\(name) must be a path, got an empty string")
    }
  }
}
