// The umbrella module: `import SwiftSNN` brings in the whole public API.
@_exported import SNNCore
@_exported import SNNIO
@_exported import SNNKernels
@_exported import SNNLearning
@_exported import SNNModel
@_exported import SNNSimulator
