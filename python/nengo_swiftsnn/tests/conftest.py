import nengo
import numpy as np
import pytest

import nengo_swiftsnn

# The engine runs in float64 (the default precision), as Nengo's reference simulator: the
# same spikes, values equal to 1e-9. SwiftSNN's model stores transforms and encoders as
# float32, so the test networks use values that float32 holds exactly (f32, AXES).
RTOL = 1e-9
ATOL_VOLTAGE = 1e-9


def f32(values):
    """`values` rounded to float32 (held exactly by SwiftSNN's float32 transforms)."""
    return np.asarray(values, dtype=np.float32).astype(np.float64)


def axes(d):
    """Encoders along the axes (unit length in any precision)."""
    eye = np.eye(d)
    return nengo.dists.Choice(np.vstack([eye, -eye]))


def run_both(net, steps, **kwargs):
    """Runs `net` for `steps` steps in nengo.Simulator and nengo_swiftsnn.Simulator;
    returns ({probe: data}, {probe: data}, swiftsnn simulator (closed))."""
    out = []
    for simulator in (nengo.Simulator, nengo_swiftsnn.Simulator):
        with simulator(net, progress_bar=False, **kwargs) as sim:
            sim.run_steps(steps)
            out.append({p: np.array(sim.data[p]) for p in net.all_probes})
    return out[0], out[1], sim


def assert_same(ref, got, probe):
    """Equal shapes; spikes at the same steps; values to float32 rounding."""
    assert got.shape == ref.shape, probe
    if probe.attr == "voltage":
        np.testing.assert_allclose(got, ref, atol=ATOL_VOLTAGE, rtol=0, err_msg=str(probe))
    else:
        np.testing.assert_array_equal(got != 0, ref != 0, err_msg=f"{probe}: different active steps")
        scale = max(np.max(np.abs(ref)), 1e-12)
        np.testing.assert_allclose(got, ref, atol=RTOL * scale, rtol=RTOL, err_msg=str(probe))


@pytest.fixture
def compare():
    def check(net, steps=200, **kwargs):
        ref, got, sim = run_both(net, steps, **kwargs)
        for probe in net.all_probes:
            assert np.any(ref[probe] != 0), f"{probe} recorded only zeros: the test checks nothing"
            assert_same(ref[probe], got[probe], probe)
        return ref, got, sim

    return check
