/// Classification from output spike counts: the neuron with the most spikes wins; ties go
/// to the lowest index (like `argmax`) and are reported.
public enum Readout {
  /// The winner among `counts`, and whether another neuron had as many spikes.
  public static func classify(_ counts: ArraySlice<Float>) -> (label: Int, tied: Bool) {
    var best = counts.startIndex
    var tied = false
    for i in counts.indices.dropFirst() {
      if counts[i] > counts[best] {
        best = i
        tied = false
      } else if counts[i] == counts[best] {
        tied = true
      }
    }
    return (best - counts.startIndex, tied)
  }
}
