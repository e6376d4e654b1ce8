"""Run Nengo networks on the SwiftSNN engine: ``nengo_swiftsnn.Simulator(net)``.

The network is built by Nengo's own builder (gains, biases, encoders, transforms, initial
states, seeds); the built objects are handed to the Swift engine through its C ABI
(``libSwiftSNNCAPI.so``, loaded with ctypes), which runs them. See README.md for what is
supported.
"""

from nengo_swiftsnn.simulator import Simulator

__all__ = ["Simulator"]
__version__ = "0.1.0"
