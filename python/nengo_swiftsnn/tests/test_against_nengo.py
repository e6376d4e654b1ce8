"""Small networks run by nengo.Simulator and nengo_swiftsnn.Simulator give the same data."""

import nengo
import numpy as np
import pytest

import nengo_swiftsnn
from conftest import axes, f32


def stim_network(neuron_type, n=12, seed=1, probe_synapse=None, conn_synapse=nengo.Lowpass(0.005)):
    rng = np.random.RandomState(seed)
    with nengo.Network(seed=seed) as net:
        stim = nengo.Node(lambda t: [np.sin(8 * t), np.cos(5 * t)])
        a = nengo.Ensemble(n, 2, neuron_type=neuron_type, encoders=axes(2))
        b = nengo.Ensemble(n // 2, 1, neuron_type=neuron_type)
        nengo.Connection(stim, a, synapse=conn_synapse)
        scale = 0.002 if neuron_type.spiking else 0.02
        nengo.Connection(a.neurons, b.neurons, transform=f32(rng.randn(n // 2, n) * scale), synapse=conn_synapse)
        nengo.Probe(a.neurons, synapse=probe_synapse)
        nengo.Probe(b.neurons, synapse=probe_synapse)
        nengo.Probe(b.neurons, "input")
        nengo.Probe(stim)
    return net


@pytest.mark.parametrize(
    "neuron_type",
    [nengo.LIF(), nengo.LIF(tau_rc=0.03, tau_ref=0.001, min_voltage=-1, amplitude=0.5), nengo.LIFRate(),
     nengo.RectifiedLinear(), nengo.SpikingRectifiedLinear(amplitude=2), nengo.Sigmoid(), nengo.Tanh(),
     nengo.RegularSpiking(nengo.LIFRate(), amplitude=0.3), nengo.RegularSpiking(nengo.Tanh(), amplitude=0.5)],
    ids=lambda t: str(t),
)
def test_neuron_types(compare, neuron_type):
    compare(stim_network(neuron_type))


def test_poisson_spiking_of_negative_rates_matches_nengos_distribution():
    """PoissonSpiking(Tanh()) below the intercept: Nengo emits sign(r) * poisson(|r| dt)
    spikes; the engine draws its own random numbers, so the counts' signs and means are
    compared, with Nengo's and the closed form (the mean count per step is r dt)."""
    steps, dt = 4000, 0.001
    j = np.array([-1.0, -0.4, 0.2, 0.6])  # currents: rates tanh(J) / tau_ref
    with nengo.Network(seed=2) as net:
        a = nengo.Ensemble(4, 1, neuron_type=nengo.PoissonSpiking(nengo.Tanh()), gain=np.ones(4), bias=j)
        p = nengo.Probe(a.neurons)
    rates = nengo.Tanh().rates(np.zeros(1), np.ones(4), j)[0]
    for simulator in (nengo.Simulator, nengo_swiftsnn.Simulator):
        with simulator(net, progress_bar=False) as sim:
            sim.run_steps(steps)
            counts = sim.data[p] * dt
        assert np.allclose(counts, np.round(counts)), simulator
        assert np.all(np.sign(counts) * np.sign(rates) >= 0), f"{simulator}: spikes of the rate's sign"
        sd = np.sqrt(np.abs(rates) * dt / steps)
        np.testing.assert_array_less(np.abs(counts.mean(axis=0) - rates * dt), 5 * sd, err_msg=str(simulator))


def test_lif_voltage_constant_input(compare):
    with nengo.Network(seed=3) as net:
        stim = nengo.Node([0.5, -0.3])
        a = nengo.Ensemble(15, 2, max_rates=nengo.dists.Uniform(100, 300), encoders=axes(2))
        nengo.Connection(stim, a, synapse=None)
        nengo.Probe(a.neurons, "voltage")
        nengo.Probe(a.neurons, "output")
        nengo.Probe(a.neurons, "refractory_time")
        b = nengo.Ensemble(6, 1, neuron_type=nengo.RegularSpiking(nengo.LIFRate()))
        nengo.Connection(stim[0], b, synapse=None)
        nengo.Probe(b.neurons, "rate_out")
    compare(net, steps=300)


@pytest.mark.parametrize("synapse", [None, nengo.Lowpass(0.01), nengo.Alpha(0.005)], ids=str)
def test_synapses_on_connections_and_probes(compare, synapse):
    compare(stim_network(nengo.LIF(), probe_synapse=synapse, conn_synapse=synapse))


def test_slices(compare):
    rng = np.random.RandomState(4)
    with nengo.Network(seed=4) as net:
        stim = nengo.Node([0.3, -0.6, 0.9])
        a = nengo.Ensemble(10, 2, encoders=axes(2))
        b = nengo.Ensemble(8, 1, neuron_type=nengo.LIFRate())
        nengo.Connection(stim[[2, 0]], a, synapse=None)
        nengo.Connection(stim[1], a[1], transform=0.5)
        nengo.Connection(a.neurons[::2], b.neurons[[1, 3, 6, 7, 0]], transform=f32(rng.randn(5, 5) * 0.01))
        nengo.Connection(a.neurons[3], b.neurons[2:4], transform=f32([[0.01], [-0.02]]))
        nengo.Probe(a.neurons[2:7])
        nengo.Probe(b.neurons[[5, 1, 1]], synapse=0.01)
    compare(net)


def test_probe_sample_every_and_trange():
    with nengo.Network(seed=5) as net:
        stim = nengo.Node(lambda t: np.sin(10 * t))
        a = nengo.Ensemble(6, 1)
        nengo.Connection(stim, a)
        p = nengo.Probe(a.neurons, synapse=0.02, sample_every=0.003)
        q = nengo.Probe(stim, sample_every=0.0025)
    data = []
    for simulator in (nengo.Simulator, nengo_swiftsnn.Simulator):
        with simulator(net, progress_bar=False) as sim:
            sim.run(0.1)
            sim.run_steps(7)
            data.append((sim.data[p], sim.data[q], sim.trange(sample_every=0.003), sim.trange()))
    for ref, got in zip(*data):
        assert got.shape == ref.shape
        np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-9 * np.max(np.abs(ref)))


def test_continue_reset_clear_probes_and_built_parameters():
    with nengo.Network(seed=6) as net:
        stim = nengo.Node(lambda t: [np.sin(6 * t)])
        a = nengo.Ensemble(9, 1)
        conn = nengo.Connection(stim, a)
        p = nengo.Probe(a.neurons, synapse=0.01)
    results = []
    for simulator in (nengo.Simulator, nengo_swiftsnn.Simulator):
        with simulator(net, progress_bar=False) as sim:
            sim.run_steps(50)
            sim.run_steps(30)
            first = np.array(sim.data[p])
            sim.clear_probes()
            sim.run_steps(20)
            after_clear = np.array(sim.data[p])
            t, n = sim.time, sim.n_steps
            sim.reset()
            sim.run_steps(80)
            again = np.array(sim.data[p])
            built = [sim.data[a].gain, sim.data[a].bias, sim.data[a].encoders, sim.data[a].max_rates,
                     sim.data[a].intercepts, sim.data[conn].weights]
            results.append((first, after_clear, again, t, n, built))
    ref, got = results
    assert got[0].shape == (80, 9) and got[1].shape == (20, 9)
    for r, g in zip(ref[:3], got[:3]):
        np.testing.assert_allclose(g, r, rtol=1e-9, atol=1e-9 * np.max(r))
    np.testing.assert_array_equal(got[2], got[0])
    assert got[3] == pytest.approx(ref[3]) and got[4] == ref[4] == 100
    for r, g in zip(ref[5], got[5]):
        np.testing.assert_array_equal(g, r)


def test_step_and_closed_simulator():
    with nengo.Network(seed=7) as net:
        a = nengo.Ensemble(4, 1)
        p = nengo.Probe(a.neurons, "voltage")
    sim = nengo_swiftsnn.Simulator(net)
    sim.step()
    sim.step()
    sim.close()
    assert sim.data[p].shape == (2, 4)
    with pytest.raises(nengo.exceptions.SimulatorClosed):
        sim.step()
    with pytest.raises(nengo.exceptions.SimulatorClosed):
        sim.reset()


def test_node_function_error_propagates():
    class Boom(Exception):
        pass

    def f(t):
        if t > 0.0025:
            raise Boom("at t")
        return [t]

    with nengo.Network() as net:
        node = nengo.Node(f)
        nengo.Probe(node)
    with nengo_swiftsnn.Simulator(net) as sim:
        with pytest.raises(Boom):
            sim.run_steps(5)
        assert sim.n_steps == 2


def test_node_function_wrong_size():
    with nengo.Network() as net:
        nengo.Node(lambda t: [1.0, 2.0], size_out=3)
    with pytest.raises(Exception):
        with nengo_swiftsnn.Simulator(net) as sim:
            sim.run_steps(1)


def test_process_nodes(compare):
    with nengo.Network(seed=10) as net:
        piecewise = nengo.Node(nengo.processes.Piecewise({0: [0.2, -0.4], 0.05: [0.9, 0.1], 0.12: [-0.5, 0.6]}))
        present = nengo.Node(nengo.processes.PresentInput([[0.3], [-0.7], [0.8]], presentation_time=0.03))
        white = nengo.Node(nengo.processes.WhiteSignal(1.0, high=10, rms=0.5, seed=4))
        a = nengo.Ensemble(12, 4, encoders=axes(4))
        nengo.Connection(piecewise, a[:2])
        nengo.Connection(present, a[2])
        nengo.Connection(white, a[3])
        for node in (piecewise, present, white):
            nengo.Probe(node)
        nengo.Probe(a.neurons)
    compare(net)


def test_float32_precision_close_and_bad_precision():
    net = stim_network(nengo.LIF())
    a = net.all_ensembles[0]
    probe = nengo.Probe(a.neurons, "voltage", add_to_container=False)
    net.probes.append(probe)
    data = {}
    for precision in ("float64", "float32"):
        with nengo_swiftsnn.Simulator(net, precision=precision) as sim:
            sim.run_steps(100)
            data[precision] = sim.data[probe]
    assert np.any(data["float32"] != data["float64"])
    np.testing.assert_allclose(data["float32"], data["float64"], atol=1e-4)
    with pytest.raises(nengo.exceptions.ValidationError, match="'float32' or 'float64'"):
        nengo_swiftsnn.Simulator(net, precision="half")


def test_decoded_connections_and_probes(compare):
    """Decoded connections run as Nengo's weights from the pre neurons (decoders times
    transform, and scaled encoders for a weight solver); decoded probes are the probed
    neurons' output times the probe's decoders."""
    with nengo.Network(seed=11) as net:
        stim = nengo.Node(lambda t: [np.sin(10 * t), np.cos(10 * t)])
        a = nengo.Ensemble(50, 2, encoders=axes(2))
        b = nengo.Ensemble(40, 1)
        c = nengo.Ensemble(30, 2, encoders=axes(2))
        nengo.Connection(stim, a)
        nengo.Connection(a, b, function=lambda x: x[0] * x[1])
        nengo.Connection(a[1], c[0], synapse=0.01)
        nengo.Connection(b, c.neurons, transform=f32(np.full((30, 1), 0.1)))
        nengo.Connection(a, c, solver=nengo.solvers.LstsqL2(weights=True), synapse=nengo.Alpha(0.005))
        nengo.Connection(c, c, synapse=0.1, transform=0.5)
        nengo.Probe(a, synapse=0.01)
        nengo.Probe(b)
        nengo.Probe(c[1], synapse=0.02, sample_every=0.002)
        nengo.Probe(c.neurons)
    compare(net, steps=500)


def test_passthrough_nodes(compare):
    """Passthrough nodes and a Direct ensemble without functions: the engine's passthrough
    nodes, the sum of their inputs in the same step."""
    with nengo.Network(seed=12) as net:
        stim = nengo.Node(lambda t: [np.sin(10 * t), np.cos(7 * t)])
        p = nengo.Node(size_in=2)
        q = nengo.Node(size_in=3)
        a = nengo.Ensemble(20, 2, encoders=axes(2))
        nengo.Connection(stim, p)
        nengo.Connection(p, q[:2], synapse=None, transform=f32([[0.5, -1.25], [1, 2]]))
        nengo.Connection(p[1], q[2], synapse=0.01, transform=-2)
        nengo.Connection(q[[2, 0]], a, synapse=0.002)
        direct = nengo.Ensemble(1, 2, neuron_type=nengo.Direct())
        nengo.Connection(p, direct, transform=f32([[1, 0.5], [0, -1]]))
        nengo.Connection(direct[0], a[1], synapse=None)
        nengo.Probe(direct, synapse=0.005)
        nengo.Probe(p)
        nengo.Probe(q, synapse=0.01)
        nengo.Probe(q[2])
        nengo.Probe(a.neurons)
    compare(net, steps=300)


def test_nodes_with_input_decoded_connections_into_them_and_direct_functions(compare):
    """f(t, x) nodes called back from the engine at every step with their input (from a
    node, from neurons and decoded from an ensemble), a process with an input, and a
    Direct ensemble whose connections compute functions of its value, in Nengo's step
    order."""
    with nengo.Network(seed=13) as net:
        stim = nengo.Node(lambda t: [np.sin(10 * t), np.cos(7 * t)])
        a = nengo.Ensemble(20, 2, encoders=axes(2))
        nengo.Connection(stim, a)
        square = nengo.Node(lambda t, x: x**2 + t, size_in=2)
        nengo.Connection(stim, square, synapse=None)
        decoded = nengo.Node(lambda t, x: [x[0] * x[1]], size_in=2)
        nengo.Connection(a, decoded, synapse=0.01)
        rates = nengo.Node(lambda t, x: [np.sum(x) / 1000], size_in=20)
        nengo.Connection(a.neurons, rates, synapse=None)
        direct = nengo.Ensemble(1, 2, neuron_type=nengo.Direct())
        nengo.Connection(square, direct, synapse=None)
        b = nengo.Ensemble(10, 1, encoders=axes(1))
        nengo.Connection(direct, b, function=lambda x: x[0] - x[1], synapse=0.005)
        nengo.Connection(rates, b, transform=0.5)
        sink = nengo.Node(lambda t, x: None, size_in=1)
        nengo.Connection(decoded, sink)
        filtered = nengo.Node(nengo.Alpha(0.01), size_in=2, size_out=2)  # a process with an input
        nengo.Connection(stim, filtered, synapse=None)
        nengo.Probe(filtered)
        nengo.Probe(square)
        nengo.Probe(decoded)
        nengo.Probe(rates, synapse=0.01)
        nengo.Probe(direct)
        nengo.Probe(b.neurons)
    compare(net, steps=300)


def test_node_function_error_stops_the_run():
    """An exception in an f(t, x) node is the one run_steps raises."""
    with nengo.Network() as net:
        stim = nengo.Node([1.0])
        bad = nengo.Node(lambda t, x: 1 / 0 if t > 0.0025 else x, size_in=1)
        nengo.Connection(stim, bad, synapse=None)
    with nengo_swiftsnn.Simulator(net) as sim:
        with pytest.raises(ZeroDivisionError):
            sim.run_steps(10)


def test_convolution_and_sparse_transforms(compare):
    """Convolutions run as the matrix of Nengo's own convolution operator (it is linear);
    sparse transforms as their dense matrix."""
    rng = np.random.RandomState(13)
    with nengo.Network(seed=13) as net:
        inp = nengo.Node(rng.rand(6 * 6 * 2))
        conv = nengo.Convolution(
            3, (6, 6, 2), kernel_size=(3, 3), strides=(1, 2), padding="same",
            init=f32(rng.uniform(-1, 1, (3, 3, 2, 3))))
        b = nengo.Ensemble(conv.size_out, 1, neuron_type=nengo.RectifiedLinear())
        nengo.Connection(inp, b.neurons, transform=conv, synapse=None)
        convt = nengo.ConvolutionTranspose(
            2, conv.output_shape, kernel_size=(3, 3), strides=(1, 2), padding="same", output_shape=(6, 6, 2),
            init=f32(rng.uniform(-1, 1, (3, 3, 3, 2))) / 1024)
        c = nengo.Ensemble(convt.size_out, 1, neuron_type=nengo.LIF())
        nengo.Connection(b.neurons, c.neurons, transform=convt)
        sparse = nengo.Sparse((4, 72), indices=[[0, 1], [2, 5], [3, 70]], init=[1.0, -2.0, 0.5])
        d = nengo.Ensemble(4, 1, neuron_type=nengo.RectifiedLinear())
        nengo.Connection(inp, d.neurons, transform=sparse, synapse=None)
        nengo.Probe(b.neurons)
        nengo.Probe(c.neurons)
        nengo.Probe(d.neurons, "input")
    compare(net, steps=100)


class SpikingRectifiedLinearSubclass(nengo.RegularSpiking):
    """A wrapper subclass that keeps its step (as Nengo's test type SpikingTanh)."""

    def __init__(self, amplitude=1.0):
        super().__init__(base_type=nengo.RectifiedLinear(), amplitude=amplitude)


def test_wrapper_subclass(compare):
    compare(stim_network(SpikingRectifiedLinearSubclass(amplitude=0.5)))


def test_functions_on_connections_from_nodes(compare):
    """A connection's function of a node's output runs as one more input node, computed
    each step from that step's output of the node."""
    with nengo.Network(seed=14) as net:
        const = nengo.Node([0.5, -0.25])
        wave = nengo.Node(lambda t: [np.sin(9 * t), t])
        steps = nengo.Node(nengo.processes.Piecewise({0: [0.1], 0.05: [-0.7]}))
        a = nengo.Ensemble(12, 2, encoders=axes(2))
        nengo.Connection(const, a, function=lambda x: x * x)
        nengo.Connection(wave[0], a[1], function=lambda x: x**3, synapse=None)
        nengo.Connection(steps, a[0], function=np.abs, transform=-2)
        nengo.Probe(a.neurons)
        nengo.Probe(a.neurons, "input")
    compare(net, steps=150)


def test_connection_and_ensemble_input_probes(compare):
    """Probe(conn) "output" and "input", Probe(ens, "input"): Nengo's values and step
    alignment, with and without synapses on the connection and on the probe."""
    with nengo.Network(seed=4) as net:
        stim = nengo.Node(lambda t: [np.sin(8 * t), t])
        a = nengo.Ensemble(20, 2, neuron_type=nengo.LIFRate(), encoders=axes(2))
        b = nengo.Ensemble(10, 3, neuron_type=nengo.LIFRate())
        relay = nengo.Node(size_in=2)
        direct = nengo.Connection(stim, a, transform=f32([[1, 0.5], [-0.25, 1]]), synapse=None)
        sliced = nengo.Connection(stim[0], a[1], synapse=0.01)
        decoded = nengo.Connection(a, b[:2], function=lambda x: [x[0] * x[1], x[0]], synapse=0.005)
        via_relay = nengo.Connection(stim, relay, synapse=nengo.Alpha(0.01))
        nengo.Connection(relay, b[1:], synapse=None, transform=-1)
        neurons = nengo.Connection(stim[1], a.neurons, transform=np.ones((20, 1)), synapse=None)
        for conn in (direct, sliced, decoded, via_relay, neurons):
            nengo.Probe(conn)
            nengo.Probe(conn, synapse=0.02)
        for conn in (direct, sliced, neurons):
            nengo.Probe(conn, "input", synapse=0.005)
        for conn in (direct, decoded):
            nengo.Probe(conn, "weights", sample_every=0.005)
        nengo.Probe(a, "input")
        nengo.Probe(b, "scaled_encoders", sample_every=0.01)
        nengo.Probe(b, "input", synapse=0.01, sample_every=0.003)
    compare(net)


def test_neuron_noise(compare):
    """Ensemble noise (a seeded Process added to J at every step) gives Nengo's currents;
    gains of powers of two keep the engine's float32 transform 1/gain exact."""
    with nengo.Network(seed=5) as net:
        noise = nengo.processes.WhiteNoise(nengo.dists.Gaussian(0, 0.5), seed=3)
        a = nengo.Ensemble(6, 1, neuron_type=nengo.LIFRate(), noise=noise, gain=np.full(6, 4.0), bias=np.ones(6))
        b = nengo.Ensemble(4, 1, neuron_type=nengo.LIF(), noise=nengo.processes.FilteredNoise(seed=2),
                           gain=np.full(4, 0.5), bias=np.full(4, 1.5))
        nengo.Connection(nengo.Node(lambda t: np.sin(9 * t)), a, synapse=None)
        nengo.Probe(a.neurons, "input")
        nengo.Probe(a.neurons)
        nengo.Probe(b.neurons, "voltage")
    compare(net)


def test_probe_synapses_beyond_lowpass_and_alpha(compare):
    """Probes with a Triangle or a general LinearFilter: recorded unfiltered, filtered
    when read, one step late as Nengo's probe filters are."""
    with nengo.Network(seed=6) as net:
        stim = nengo.Node(lambda t: [np.sin(10 * t), t])
        a = nengo.Ensemble(5, 1, neuron_type=nengo.LIFRate())
        nengo.Connection(stim[0], a, synapse=None)
        nengo.Probe(stim, synapse=nengo.synapses.Triangle(0.01))
        nengo.Probe(stim, synapse=nengo.LinearFilter([1], [0.01, 0.2, 1]))
        nengo.Probe(a.neurons, synapse=nengo.LinearFilter([0.7], [1], analog=False), sample_every=0.002)
    compare(net)
