"""A bare subclass of `nengo.Simulator`: the baseline for Nengo's own test suite.

`scripts/nengo-test-suite.sh` runs `pytest --pyargs nengo` with
`nengo_simulator = nengo_baseline.Simulator`. Because the class is not
`nengo.Simulator` itself, Nengo's pytest plugin (`pytest_nengo`) treats it as a backend:
it deselects the frontend tests and keeps the tests that take the `Simulator` fixture,
exactly the set another backend (such as a SwiftSNN one) is judged on. Every one of them
runs on Nengo's reference simulator, so the counts show what a perfect backend gets here.
"""

import nengo


class Simulator(nengo.Simulator):
    """Nengo's reference simulator under another name (no behaviour changed)."""


__all__ = ["Simulator"]
