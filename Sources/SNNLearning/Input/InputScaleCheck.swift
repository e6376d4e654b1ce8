/// Compares the values fed to a network with the scale it was made for, before a run.
///
/// A network converted from an ANN trained on pixels / 255 expects inputs in [0, 1]
/// (scale 1); the Nengo forum user fed it raw 0...255 pixels, 255 times too much, and got
/// saturated neurons and tied outputs without any error. Network files record the scale
/// as the `input_scale` metadata; `snn run` checks it, and library users call
/// ``warning(values:scale:input:)`` on their own inputs.
public enum InputScaleCheck {
  /// How far the largest magnitude may stray from the scale, as a factor either way: 10.
  public static let factor = 10.0

  /// A one-line warning when `values` lie far outside the declared scale, else nil.
  ///
  /// The largest magnitude `m = max |value|` is compared with `scale`: above
  /// `factor * scale` ("far above"), or nonzero but below `scale / factor` ("far below"),
  /// gives a warning. All-zero input passes (a blank image is a valid input).
  /// - Parameters:
  ///   - values: The input values, any layout.
  ///   - scale: The magnitude the network expects its inputs to reach (`input_scale`;
  ///     1 for [0, 1] pixels, 255 for raw pixels); must be positive.
  ///   - input: The input's name, for the message.
  /// - Returns: e.g. `input 'inp' reaches 255, far above the input scale 1 the network
  ///   was made for (inputs in [0, 1] or [-1, 1]); scale the data to match`.
  public static func warning(values: some Sequence<Float>, scale: Double, input: String) -> String? {
    guard scale > 0, scale.isFinite else { return nil }
    var largest = 0.0
    for v in values { largest = max(largest, Double(v.magnitude)) }
    let range = "(inputs in [0, \(format(scale))] or [-\(format(scale)), \(format(scale))])"
    if largest > factor * scale {
      return "input '\(input)' reaches \(format(largest)), far above the input scale \(format(scale)) the network "
        + "was made for \(range); scale the data to match"
    }
    if largest > 0, largest < scale / factor {
      return "input '\(input)' reaches only \(format(largest)), far below the input scale \(format(scale)) the "
        + "network was made for \(range); scale the data to match"
    }
    return nil
  }

  private static func format(_ x: Double) -> String {
    x == x.rounded() && x.magnitude < 1e15 ? String(Int64(x)) : String(x)
  }
}
