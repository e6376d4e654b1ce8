import Foundation
import SNNExamples

/// What `snn example NAME --json` prints:
/// `{"example": NAME, "seed": S, <figures>, "seconds": {"build": ..., "run": ...}}`, the
/// figures under their own keys (`rmse`; `frequency_hz`, `amplitude_mean`,
/// `amplitude_std`; `rmse_first_2s`, `rmse_last_2s`).
struct ExampleSummary: Encodable {
  let example: String
  let seed: UInt64
  let figures: [NEFFigure]
  let build: Double
  let run: Double

  init(_ result: NEFExampleRun) {
    example = result.example
    seed = result.seed
    figures = result.figures
    build = result.buildSeconds
    run = result.runSeconds
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Key.self)
    try c.encode(example, forKey: Key("example"))
    try c.encode(seed, forKey: Key("seed"))
    for f in figures { try c.encode(f.value, forKey: Key(f.key)) }
    var seconds = c.nestedContainer(keyedBy: Key.self, forKey: Key("seconds"))
    try seconds.encode(build, forKey: Key("build"))
    try seconds.encode(run, forKey: Key("run"))
  }
}

/// A JSON key spelled at run time.
struct Key: CodingKey {
  let stringValue: String
  var intValue: Int? { nil }
  init(_ name: String) { stringValue = name }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}
