import SNNModel

/// Learning rules (version 2): a connection's `learning_rule`, the endpoint
/// `{"learning_rule": ...}` naming the connection that learns, and the probe attributes
/// only a learning rule has.
extension NetworkDecoder {
  static let learningRuleAttributes: Set<Probe.Attribute> = [.weights, .scaledEncoders, .activities, .inverseGamma]

  private static let ruleTypes = ["PES", "BCM", "Oja", "RLS", "Voja"]

  /// `{"type": "PES", "learning_rate": 1e-4, "pre_synapse": ...}` and the other rules;
  /// parameters left out take Nengo's defaults (BCM's and Oja's `post_synapse`: the pre
  /// synapse), a synapse given as `null` is none.
  func learningRule(_ v: JSONValue, _ path: String) throws -> LearningRule {
    try requireVersion2(path)
    guard case .object(let members) = v, let typeValue = members.first(where: { $0.key == "type" })?.value else {
      throw fields.fail(
        path, "expected a learning rule object with a \"type\" (\(Self.ruleTypes.joined(separator: ", ")))")
    }
    let type = try fields.string(typeValue, path + ".type")
    let allowed: [String]
    switch type {
    case "PES", "RLS": allowed = ["type", "learning_rate", "pre_synapse"]
    case "BCM": allowed = ["type", "learning_rate", "pre_synapse", "post_synapse", "theta_synapse"]
    case "Oja": allowed = ["type", "learning_rate", "pre_synapse", "post_synapse", "beta"]
    case "Voja": allowed = ["type", "learning_rate", "post_synapse"]
    default:
      throw fields.fail(
        path + ".type", "unknown learning rule \"\(type)\"; expected \(Self.ruleTypes.joined(separator: ", "))")
    }
    let m = try fields.object(v, path, allowed: allowed, kind: "a \(type) learning rule")
    func nonNegative(_ name: String, _ fallback: Double) throws -> Double {
      guard let value = m[name] else { return fallback }
      let x = try fields.double(value, path + "." + name)
      guard x >= 0, x.isFinite else { throw fields.fail(path + "." + name, "must be >= 0 and finite, got \(x)") }
      return x
    }
    /// The synapse `name`: `fallback` when left out, `nil` for `null`.
    func filter(_ name: String, _ fallback: Synapse?) throws -> Synapse? {
      guard let value = m[name] else { return fallback }
      return try synapse(value, path + "." + name)
    }
    /// BCM's and Oja's post synapse: left out, the pre synapse (the model's default).
    func postFilter() throws -> Synapse?? { try m["post_synapse"].map { try synapse($0, path + ".post_synapse") } }
    switch type {
    case "PES":
      let d = PES()
      return .pes(
        PES(
          learningRate: try nonNegative("learning_rate", d.learningRate),
          preSynapse: try filter("pre_synapse", d.preSynapse)))
    case "RLS":
      let d = RLS()
      return .rls(
        RLS(
          learningRate: try nonNegative("learning_rate", d.learningRate),
          preSynapse: try filter("pre_synapse", d.preSynapse)))
    case "Voja":
      let d = Voja()
      return .voja(
        Voja(
          learningRate: try nonNegative("learning_rate", d.learningRate),
          postSynapse: try filter("post_synapse", d.postSynapse)))
    case "BCM":
      let d = BCM()
      return .bcm(
        BCM(
          learningRate: try nonNegative("learning_rate", d.learningRate),
          preSynapse: try filter("pre_synapse", d.preSynapse), postSynapse: try postFilter(),
          thetaSynapse: try filter("theta_synapse", d.thetaSynapse)))
    default:  // Oja
      let d = Oja()
      return .oja(
        Oja(
          learningRate: try nonNegative("learning_rate", d.learningRate),
          preSynapse: try filter("pre_synapse", d.preSynapse), postSynapse: try postFilter(),
          beta: try nonNegative("beta", d.beta)))
    }
  }

  /// `{"learning_rule": "learned"}`: the rule of a connection listed before this point, by
  /// label or index, which must have a `learning_rule`.
  func learningRuleEndpoint(_ v: JSONValue, _ path: String, in net: Network) throws -> Endpoint {
    try requireVersion2(path + ".learning_rule")
    let labels = net.connections.map(\.label)
    if case .number = v {
      let index = try fields.int(v, path + ".learning_rule", in: 0...Int.max)
      guard index < labels.count else {
        throw fields.fail(
          path,
          "connection index \(index) is not one listed before this point (there are \(labels.count)): a learning "
            + "rule is named after the connection that learns, which comes first")
      }
    }
    let k = try reference(v, path, key: "learning_rule", kind: "connection", labels: labels)
    guard net.connections[k].learningRule != nil else {
      throw fields.fail(
        path, "connection \(labels[k]) (connections[\(k)]) has no learning_rule: it has no learning rule to name")
    }
    return .learningRule(k)
  }
}
