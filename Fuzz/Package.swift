// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for SwiftSNN's parsers and loaders. Build and run them with
/// `scripts/fuzz.sh [TARGET] [SECONDS]`, which builds each `fuzz-*` product with
/// `-sanitize=fuzzer,address`. SwiftPM links each executable with its own entry point
/// (`<module>_main`), which hands libFuzzer's driver the target's `fuzz` function.
let package = Package(
  name: "SwiftSNNFuzz",
  dependencies: [
    .package(name: "SwiftSNN", path: ".."),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
    "fuzz-idx", "fuzz-npy", "fuzz-npz", "fuzz-network", "fuzz-keras", "fuzz-keras-tree",
  ].map {
    .executableTarget(
      name: $0, dependencies: ["FuzzDriver", .product(name: "SwiftSNN", package: "SwiftSNN")],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])])
  } + [
    /// `snn`'s argument parsing and validation (the commands are never run).
    .executableTarget(
      name: "fuzz-cli",
      dependencies: [
        "FuzzDriver", .product(name: "SNNTool", package: "SwiftSNN"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    .target(name: "FuzzDriver"),
    /// Not a fuzz target: peak memory over a long run (README, "Reliability"). Build it
    /// without the sanitizer flags: `swift build --package-path Fuzz -c release --product memory-soak`.
    .executableTarget(name: "memory-soak", dependencies: [.product(name: "SwiftSNN", package: "SwiftSNN")]),
  ]
)
