"""NengoDL's batched form: minibatch_size=N and data={node: (N, steps, size)} run as one
SwiftSNN batch, each example equal to Nengo run on that example alone."""

import nengo
import numpy as np
import pytest

import nengo_swiftsnn
from conftest import f32

N, STEPS = 3, 60


def network():
    rng = np.random.RandomState(8)
    with nengo.Network(seed=8) as net:
        inp = nengo.Node(np.zeros(4))
        a = nengo.Ensemble(10, 1, neuron_type=nengo.LIF(), gain=np.full(10, 3.0), bias=np.zeros(10))
        b = nengo.Ensemble(5, 1, neuron_type=nengo.LIF())
        nengo.Connection(inp, a.neurons, transform=f32(rng.rand(10, 4)), synapse=None)
        nengo.Connection(a.neurons, b.neurons, transform=f32(rng.rand(5, 10) * 0.01))
        p = nengo.Probe(b.neurons, synapse=0.01)
        q = nengo.Probe(a.neurons)
    return net, inp, p, q


def test_minibatch_each_example_equals_nengo_alone():
    net, inp, p, q = network()
    data = np.random.RandomState(0).rand(N, STEPS, 4) * 2
    with nengo_swiftsnn.Simulator(net, minibatch_size=N) as sim:
        sim.run_steps(STEPS, data={inp: data})
        got = {probe: sim.data[probe] for probe in (p, q)}
    assert got[p].shape == (N, STEPS, 5) and got[q].shape == (N, STEPS, 10)
    for i in range(N):
        inp.output = lambda t, i=i: data[i, int(round(t / 0.001)) - 1]
        with nengo.Simulator(net, progress_bar=False) as ref:
            ref.run_steps(STEPS)
        inp.output = np.zeros(4)
        for probe in (p, q):
            assert np.any(ref.data[probe] != 0)
            np.testing.assert_array_equal(got[probe][i] != 0, ref.data[probe] != 0)
            np.testing.assert_allclose(got[probe][i], ref.data[probe], rtol=1e-9, atol=1e-9 * np.max(ref.data[probe]))


def test_data_applies_to_its_run_only_and_shape_is_checked():
    net, inp, p, q = network()
    ones = np.ones((N, 10, 4))
    with nengo_swiftsnn.Simulator(net, minibatch_size=N) as sim:
        sim.run_steps(10, data={inp: ones})
        sim.run_steps(20)  # back to the node's own output, zeros: a receives only its bias 0
        spikes = sim.data[q]
        assert np.all(spikes[:, 12:] == 0) and np.any(spikes[:, :10] != 0)
        with pytest.raises(nengo.exceptions.ValidationError, match=r"expected \(minibatch_size, steps, size\) = \(3, 5, 4\)"):
            sim.run_steps(5, data={inp: np.ones((2, 5, 4))})


def test_poisson_batch_rows_independent_of_batch_size():
    with nengo.Network(seed=9) as net:
        inp = nengo.Node(np.zeros(6))
        a = nengo.Ensemble(6, 1, neuron_type=nengo.PoissonSpiking(nengo.RectifiedLinear()), gain=np.full(6, 200.0),
                           bias=np.zeros(6))
        nengo.Connection(inp, a.neurons, synapse=None)
        p = nengo.Probe(a.neurons)
    data = np.random.RandomState(1).rand(4, 100, 6)
    with nengo_swiftsnn.Simulator(net, minibatch_size=4, seed=3) as sim:
        sim.run_steps(100, data={inp: data})
        four = sim.data[p]
    with nengo_swiftsnn.Simulator(net, minibatch_size=2, seed=3) as sim:
        sim.run_steps(100, data={inp: data[:2]})
        two = sim.data[p]
        sim.reset(seed=4)
        sim.run_steps(100, data={inp: data[:2]})
        other_seed = sim.data[p]
    np.testing.assert_array_equal(two, four[:2])
    assert np.any(other_seed != two)
    # Poisson counts: the mean rate is near the input's rate (200 Hz x input).
    rate = four.sum(axis=1) * 0.001 / 0.1
    expected = data.mean(axis=1) * 200
    assert abs(rate.mean() - expected.mean()) < 0.15 * expected.mean()
