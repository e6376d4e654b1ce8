// swift-tools-version: 6.1
import PackageDescription

/// Kernels are built for AVX2/FMA on x86-64: without a `-target-cpu` Swift emits SSE2 only
/// and the SIMD kernels run about 5x slower (see README, "Performance"). `-Ounchecked`
/// lets loops whose index arithmetic blocks vectorization vectorize in release builds.
/// The C kernels (CSNNKernels) get the same CPU; `-ffp-contract=off` keeps `a * b + c` two
/// roundings, as in Swift, so their vector and scalar paths give the same numbers.
#if arch(x86_64)
let kernelFlags: [SwiftSetting] = [
  .unsafeFlags(["-target-cpu", "haswell"]),
  .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
]
let cKernelFlags: [CSetting] = [.unsafeFlags(["-march=haswell", "-O3", "-ffp-contract=off"])]
#else
let kernelFlags: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
let cKernelFlags: [CSetting] = [.unsafeFlags(["-O3", "-ffp-contract=off"])]
#endif

let package = Package(
  name: "SwiftSNN",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "SwiftSNN", targets: ["SwiftSNN"]),
    .executable(name: "snn", targets: ["snn"]),
    .executable(name: "nengo-forum", targets: ["nengo-forum"]),
    /// The `snn` commands as a library, for the CLI fuzz target (Fuzz/).
    .library(name: "SNNTool", targets: ["SNNTool"]),
    /// The C ABI (`snn_*` functions) that python/nengo_swiftsnn loads with ctypes.
    .library(name: "SwiftSNNCAPI", type: .dynamic, targets: ["SwiftSNNCAPI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    /// `swift package generate-documentation` (scripts/docs.sh); not linked into any target.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // MARK: - Public API
    .target(name: "SwiftSNN", dependencies: ["SNNCore", "SNNModel", "SNNSimulator", "SNNLearning", "SNNIO", "SNNKernels"]),
    .target(name: "SNNCore"),
    .target(name: "SNNModel", dependencies: ["SNNCore"]),
    .target(name: "SNNSimulator", dependencies: ["SNNCore", "SNNModel", "SNNKernels"], swiftSettings: kernelFlags),
    .target(name: "SNNLearning", dependencies: ["SNNCore", "SNNModel", "SNNSimulator", "SNNKernels"], swiftSettings: kernelFlags),
    .target(name: "SNNIO", dependencies: ["SNNCore", "SNNModel", "CZlib", "CHDF5"]),

    // MARK: - Implementation details
    /// The only module that uses unsafe pointers, SIMD and CBLAS.
    /// It imports SNNModel so that each neuron type's kernel file adds the type's kernel
    /// conformance beside the kernel (one file per type, no switch over the types).
    .target(name: "SNNKernels", dependencies: ["SNNCore", "SNNModel", "CBLAS", "CSNNKernels"], swiftSettings: kernelFlags),
    /// Its innermost loops (row adds, LIF, Poisson) in C: AVX2, and AVX-512 chosen at run time.
    .target(name: "CSNNKernels", cSettings: cKernelFlags),

    // MARK: - System libraries (Debian packages installed by scripts/setup.sh)
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

    // MARK: - CLI and examples
    /// What the executables share: the one-line error reporting of their entry points.
    .target(
      name: "SNNCommandLine", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]),
    /// The `snn` commands and their frontend (tables, progress, weight files); `snn` runs them.
    /// The NEF examples of `snn example`: user code over the public API (`import SwiftSNN`
    /// only), so the compiler checks that a user can write them; not part of the library.
    .target(name: "SNNExamples", dependencies: ["SwiftSNN"]),
    .target(
      name: "SNNTool",
      dependencies: ["SwiftSNN", "SNNExamples", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    .executableTarget(name: "snn", dependencies: ["SNNTool", "SNNCommandLine"]),
    .executableTarget(
      name: "nengo-forum",
      dependencies: [
        "SwiftSNN", "SNNCommandLine", "SNNTool", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    /// `@_cdecl` functions over the model and simulator: handles, status codes, last error.
    .target(name: "SwiftSNNCAPI", dependencies: ["SNNCore", "SNNModel", "SNNSimulator"]),

    // MARK: - Tests
    .target(name: "_SNNTestSupport", dependencies: ["SwiftSNN"], path: "Sources/_SNNTestSupport"),
    .testTarget(name: "SNNKernelsTests", dependencies: ["SNNKernels", "CSNNKernels", "_SNNTestSupport"]),
    .testTarget(name: "SNNModelTests", dependencies: ["SNNModel", "_SNNTestSupport"]),
    .testTarget(name: "SNNSimulatorTests", dependencies: ["SNNSimulator", "_SNNTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "SNNLearningTests", dependencies: ["SNNLearning", "_SNNTestSupport"]),
    .testTarget(name: "SNNIOTests", dependencies: ["SNNIO", "_SNNTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "SwiftSNNCAPITests", dependencies: ["SwiftSNNCAPI", "_SNNTestSupport"]),
    /// The code of the DocC articles (Sources/SwiftSNN/SwiftSNN.docc), run as tests.
    .testTarget(name: "DocSnippetsTests", dependencies: ["SwiftSNN", "_SNNTestSupport"]),
    .testTarget(name: "SNNExamplesTests", dependencies: ["SNNExamples", "_SNNTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "SNNCLITests", dependencies: ["_SNNTestSupport", "snn", "SNNTool", "SNNExamples"], exclude: ["Fixtures"]),
  ]
)
