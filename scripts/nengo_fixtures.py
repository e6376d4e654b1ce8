#!/usr/bin/env python3
"""Make the Nengo reference fixtures that SwiftSNN's simulator tests replay.

Builds small networks in Nengo 4.1.0 (the reference simulator), runs them with fixed
inputs and writes one JSON file per network to
Tests/SNNSimulatorTests/Fixtures/nengo/<name>.json. The schema is described in that
folder's README.md.

Setup (from the repository root):

    python3 -m venv .venv-nengo
    .venv-nengo/bin/pip install -r scripts/requirements-nengo.txt
    .venv-nengo/bin/python scripts/nengo_fixtures.py            # all fixtures
    .venv-nengo/bin/python scripts/nengo_fixtures.py --only relu --out /tmp/x

or with the peers venv of scripts/setup-peers.sh (numpy 2.3.5, same output):
.venv-peers/bin/python scripts/nengo_fixtures.py.

Every network is seeded, so the output is reproducible bit for bit with the pinned
versions. Model parameters, initial states and node outputs are written with full
float64 precision (shortest round-trip repr) so that a replay starts from exactly Nengo's
values; probe traces are rounded to 12 significant digits, enough to hold a float64
replay to 1e-9.
"""

import math

import nengo
import numpy as np

from nengo_fixture_common import (
    Trace,
    describe_distribution,
    describe_neuron_type,
    describe_synapse,
    describe_transform,
    fixture_dir,
    run_fixtures,
    slice_indices,
    spike_steps,
    state_names,
)

MAX_TOTAL_BYTES = 2_000_000
DEFAULT_OUT = fixture_dir("nengo")


# ---------------------------------------------------------------------------------------
# Fixture builder


class Fixture:
    """A small named network plus everything needed to write it as a fixture.

    Objects are referred to by name: "u" is a node or an ensemble, "a.neurons" the
    neurons of ensemble "a".
    """

    def __init__(self, name, description, covers, seed, steps, dt=0.001):
        self.name = name
        self.description = description
        self.covers = covers
        self.seed = seed
        self.steps = steps
        self.dt = dt
        self.net = nengo.Network(seed=seed, label=name)
        self.nodes = {}
        self.ensembles = {}
        self.connections = []
        self.probes = []
        self.rate_curves = {}
        self.extra = {}

    def times(self):
        """Simulation time of each step: t_k = k * dt for k = 1 ... steps."""
        return self.dt * np.arange(1, self.steps + 1)

    def node(self, name, output, info):
        with self.net:
            node = nengo.Node(output, label=name)
            probe = nengo.Probe(node, synapse=None)
        self.nodes[name] = (node, probe, info)
        return node

    def array_node(self, name, values):
        """A node whose output at step k (1-based, t = k dt) is values[k - 1]."""
        values = np.array(values, dtype=np.float64)
        if values.ndim == 1:
            values = values[:, None]
        assert values.shape[0] == self.steps
        dt = self.dt

        def output(t):
            # Nengo calls output(0.0) once while building to learn the output size.
            return values[max(int(round(t / dt)), 1) - 1]

        return self.node(name, output, {"kind": "callable"})

    def ensemble(self, name, n_neurons, dimensions, rate_curve=None, **kwargs):
        """Adds an ensemble; `rate_curve` (projected inputs x) also records Nengo's
        `neuron_type.rates(x, gain, bias)` at those points."""
        with self.net:
            ens = nengo.Ensemble(n_neurons, dimensions, label=name, **kwargs)
        self.ensembles[name] = ens
        if rate_curve is not None:
            self.rate_curves[name] = np.asarray(rate_curve, dtype=np.float64)
        return ens

    def _resolve(self, ref):
        if ref.endswith(".neurons"):
            name = ref[: -len(".neurons")]
            return self.ensembles[name].neurons, name, "neurons"
        if ref in self.nodes:
            return self.nodes[ref][0], ref, "node"
        return self.ensembles[ref], ref, "ensemble"

    @staticmethod
    def _view(obj, key):
        """`obj[key]` and the indices it selects; (obj, None) without a key."""
        if key is None:
            return obj, None
        size = obj.size_out if not isinstance(obj, nengo.ensemble.Neurons) else obj.size_in
        return obj[key], slice_indices(key, size)

    def connect(self, pre, post, pre_slice=None, post_slice=None, **kwargs):
        """Connects `pre[pre_slice]` to `post[post_slice]`; omitted transform/synapse
        keyword arguments take Nengo's defaults."""
        pre_obj, pre_name, pre_kind = self._resolve(pre)
        post_obj, post_name, post_kind = self._resolve(post)
        assert pre_kind in ("node", "neurons"), "no decoded connections from ensembles"
        pre_view, pre_indices = self._view(pre_obj, pre_slice)
        post_view, post_indices = self._view(post_obj, post_slice)
        with self.net:
            conn = nengo.Connection(pre_view, post_view, **kwargs)
        self.connections.append(
            (conn, pre_name, pre_kind, post_name, post_kind, pre_indices, post_indices)
        )

    def probe(
        self, name, target, attr="output", synapse=None, slice=None, sample_every=None,
        as_spike_steps=False,
    ):
        """Probes `target[slice].attr`. `sample_every` (seconds) is Nengo's own probe
        option; `as_spike_steps` writes the spike steps instead of the per-step data."""
        obj, target_name, kind = self._resolve(target)
        assert kind in ("node", "neurons")
        view, indices = self._view(obj, slice)
        with self.net:
            probe = nengo.Probe(view, attr, synapse=synapse, sample_every=sample_every)
        self.probes.append((name, probe, target_name, kind, attr, indices, as_spike_steps))

    def run(self, after=None):
        """Builds and runs the network; returns the fixture document (unrounded)."""
        with nengo.Simulator(self.net, dt=self.dt, progress_bar=False) as sim:
            initial = {}
            for name, ens in self.ensembles.items():
                sig = sim.model.sig[ens.neurons]
                initial[name] = {
                    key: sim.signals[sig[key]].copy() for key in state_names(ens.neuron_type)
                }
            sim.run_steps(self.steps)
            document = self._document(sim, initial)
            if after is not None:
                after(sim, document)
        return document

    def _document(self, sim, initial):
        nodes = []
        for name, (node, probe, info) in self.nodes.items():
            entry = {"name": name, "size": node.size_out}
            entry.update(info)
            entry["output"] = sim.data[probe].tolist()  # exact: the replay's input
            nodes.append(entry)

        ensembles = []
        for name, ens in self.ensembles.items():
            built = sim.data[ens]
            explicit_gain = ens.gain is not None
            explicit_state = (ens.neuron_type.initial_state or {}).keys()
            entry = {
                "name": name,
                "n_neurons": ens.n_neurons,
                "dimensions": ens.dimensions,
                "radius": float(ens.radius),
                "neuron_type": describe_neuron_type(ens.neuron_type),
                "gain_bias_source": "explicit" if explicit_gain else "max_rates_intercepts",
            }
            if not explicit_gain:
                entry["max_rates_distribution"] = describe_distribution(ens.max_rates)
                entry["intercepts_distribution"] = describe_distribution(ens.intercepts)
            if name in self.rate_curves:
                x = self.rate_curves[name]
                entry["rate_curve"] = {
                    "x": x,
                    "rates": ens.neuron_type.rates(
                        np.repeat(x[:, None], ens.n_neurons, 1), built.gain, built.bias
                    ),
                }
            entry.update(
                {
                    "max_rates": built.max_rates,
                    "intercepts": built.intercepts,
                    "gain": built.gain,
                    "bias": built.bias,
                    "encoders": built.encoders,
                    "initial_state": {k: v for k, v in initial[name].items()},
                    "initial_state_source": {
                        k: ("explicit" if k in explicit_state else "seeded")
                        for k in initial[name]
                    },
                    "nengo_ensemble_seed": int(sim.model.seeds[ens]),
                }
            )
            ensembles.append(entry)

        connections = []
        for conn, pre_name, pre_kind, post_name, post_kind, pre_idx, post_idx in self.connections:
            entry = {"pre": pre_name, "pre_kind": pre_kind}
            if pre_idx is not None:
                entry["pre_slice"] = pre_idx
            entry.update({"post": post_name, "post_kind": post_kind})
            if post_idx is not None:
                entry["post_slice"] = post_idx
            entry["transform"] = describe_transform(conn.transform)
            entry["synapse"] = describe_synapse(conn.synapse)
            connections.append(entry)

        probes = []
        for name, probe, target, kind, attr, indices, as_spike_steps in self.probes:
            entry = {"name": name, "target": target, "target_kind": kind}
            if indices is not None:
                entry["slice"] = indices
            entry["attr"] = attr
            entry["synapse"] = describe_synapse(probe.synapse)
            if probe.sample_every is not None:
                entry["sample_every"] = float(probe.sample_every)
            if as_spike_steps:
                assert probe.synapse is None and probe.sample_every is None and attr == "output"
                height = self.ensembles[target].neuron_type.amplitude / self.dt
                entry["spike_height"] = height
                entry["spike_steps"] = spike_steps(sim.data[probe], height)
            else:
                entry["data"] = Trace(sim.data[probe])
            probes.append(entry)

        document = {
            "name": self.name,
            "description": self.description,
            "covers": self.covers,
            "nengo_version": nengo.__version__,
            "numpy_version": np.__version__,
            "dt": self.dt,
            "steps": self.steps,
            "seed": self.seed,
            "nodes": nodes,
            "ensembles": ensembles,
            "connections": connections,
            "probes": probes,
        }
        document.update(self.extra)
        return document


# ---------------------------------------------------------------------------------------
# The fixtures


def lif_default():
    fx = Fixture(
        "lif_default",
        "Default LIF ensemble (all Nengo defaults: max_rates U(200,400), intercepts "
        "U(-1,0.9), seeded encoders and initial voltages) driven through a scalar "
        "transform and the default synapse.",
        [
            "LIF defaults",
            "default max_rates/intercepts distributions",
            "seeded initial voltage",
            "scalar transform into an ensemble (decoded input, encoders*gain/radius)",
            "default synapse Lowpass(0.005) on a connection",
            "probe neurons output and voltage, with and without Lowpass(0.1)",
        ],
        seed=11,
        steps=200,
    )
    t = fx.times()
    fx.array_node("u", 0.2 + 0.8 * np.sin(2 * np.pi * 5 * t))
    fx.ensemble("ens", 10, 1)
    fx.connect("u", "ens", transform=1.5)  # synapse omitted: Nengo's default
    fx.probe("spikes", "ens.neurons")
    fx.probe("voltage", "ens.neurons", "voltage")
    fx.probe("spikes_filtered", "ens.neurons", synapse=nengo.Lowpass(0.1))
    return fx.run()


def lif_custom_params():
    fx = Fixture(
        "lif_custom_params",
        "LIF with non-default tau_rc, tau_ref, min_voltage and amplitude, explicit "
        "initial voltages and refractory times, driven into .neurons through a matrix "
        "with no synapse; inputs go negative so min_voltage clips.",
        [
            "LIF tau_rc/tau_ref/min_voltage/amplitude",
            "explicit initial voltage and refractory_time (partial first steps)",
            "max_rates Choice, intercepts Uniform",
            "matrix transform into .neurons (gain multiplies the weights)",
            "synapse None",
        ],
        seed=12,
        steps=200,
    )
    t = fx.times()
    fx.array_node(
        "u",
        np.stack([1.5 * np.sin(2 * np.pi * 3 * t), 1.2 * np.cos(2 * np.pi * 7 * t) - 0.3], 1),
    )
    neuron_type = nengo.LIF(
        tau_rc=0.05,
        tau_ref=0.004,
        min_voltage=-0.5,
        amplitude=0.25,
        initial_state={
            "voltage": np.array([0.0, 0.25, 0.5, 0.75, 0.9375, -0.25]),
            "refractory_time": np.array([0.0, 0.0005, 0.001, 0.0025, 0.0, 0.004]),
        },
    )
    fx.ensemble(
        "ens",
        6,
        2,
        neuron_type=neuron_type,
        max_rates=nengo.dists.Choice([80.0, 150.0]),
        intercepts=nengo.dists.Uniform(-0.5, 0.5),
    )
    weights = np.array(
        [[1.0, 0.0], [0.0, 1.0], [0.5, -0.5], [-1.0, 0.25], [2.0, 1.0], [-0.75, -1.5]]
    )
    fx.connect("u", "ens.neurons", transform=weights, synapse=None)
    fx.probe("spikes", "ens.neurons")
    fx.probe("voltage", "ens.neurons", "voltage")
    return fx.run()


def lif_dt2():
    fx = Fixture(
        "lif_dt2",
        "dt = 0.002: LIF with tau_ref = 0.003 (refractory ends mid-step), 2-D ensemble "
        "with radius 1.5, vector transform, Lowpass(0.02).",
        [
            "dt = 0.002 (filter coefficients and refractory at another dt)",
            "vector (diagonal) transform into an ensemble",
            "non-default radius",
            "intercepts Choice, max_rates Uniform",
            "synapse Lowpass(0.02)",
            "probe on a node with Lowpass(0.1)",
        ],
        seed=13,
        steps=100,
        dt=0.002,
    )
    t = fx.times()
    fx.array_node("u", np.stack([1.2 * np.sin(2 * np.pi * 4 * t), 0.9 - 9.0 * t], 1))
    fx.ensemble(
        "ens",
        8,
        2,
        radius=1.5,
        neuron_type=nengo.LIF(tau_rc=0.03, tau_ref=0.003),
        max_rates=nengo.dists.Uniform(100, 200),
        intercepts=nengo.dists.Choice([-0.3, 0.0, 0.4]),
    )
    fx.connect("u", "ens", transform=[0.7, -1.2], synapse=nengo.Lowpass(0.02))
    fx.probe("spikes", "ens.neurons")
    fx.probe("voltage", "ens.neurons", "voltage")
    fx.probe("spikes_filtered", "ens.neurons", synapse=nengo.Lowpass(0.1))
    fx.probe("u_filtered", "u", synapse=nengo.Lowpass(0.1))
    return fx.run()


def lifrate():
    fx = Fixture(
        "lifrate",
        "LIFRate (non-default tau_rc, tau_ref, amplitude) in a 2-D ensemble with radius "
        "2, fed by a 3-D node through a 2x3 matrix and an Alpha(0.01) synapse.",
        [
            "LIFRate",
            "matrix transform into an ensemble (decoded input)",
            "synapse Alpha(0.01)",
            "max_rates Choice, intercepts Uniform",
            "probe rate output with and without Lowpass(0.1)",
        ],
        seed=14,
        steps=150,
    )
    t = fx.times()
    fx.array_node(
        "u",
        np.stack(
            [np.sin(2 * np.pi * 2 * t), np.cos(2 * np.pi * 3 * t), np.where(t > 0.05, 0.5, 0.0)],
            1,
        ),
    )
    fx.ensemble(
        "ens",
        8,
        2,
        radius=2.0,
        neuron_type=nengo.LIFRate(tau_rc=0.03, tau_ref=0.001, amplitude=0.5),
        max_rates=nengo.dists.Choice([100.0, 200.0, 400.0]),
        intercepts=nengo.dists.Uniform(-0.8, 0.6),
    )
    fx.connect(
        "u",
        "ens",
        transform=[[1.5, -0.5, 1.0], [0.25, 2.0, -1.0]],
        synapse=nengo.Alpha(0.01),
    )
    fx.probe("rates", "ens.neurons")
    fx.probe("rates_filtered", "ens.neurons", synapse=nengo.Lowpass(0.1))
    return fx.run()


def relu():
    fx = Fixture(
        "relu",
        "RectifiedLinear (amplitude 2) with explicit gain, bias and encoders; two inputs "
        "sum: a scalar transform into .neurons with Lowpass(0.02) and a default "
        "(identity) transform into the ensemble with no synapse.",
        [
            "RectifiedLinear with amplitude",
            "explicit gain/bias",
            "explicit encoders",
            "scalar transform into .neurons",
            "default (identity) transform into an ensemble",
            "two connections into one population",
            "synapse Lowpass(0.02) and None",
        ],
        seed=15,
        steps=150,
    )
    t = fx.times()
    phases = np.arange(5)[None, :]
    fx.array_node("u", 0.3 * np.sin(2 * np.pi * 6 * t[:, None] + phases))
    fx.array_node("v", np.where(t < 0.075, -0.5, 0.75) + 0.1 * np.cos(2 * np.pi * 9 * t))
    fx.ensemble(
        "ens",
        5,
        1,
        neuron_type=nengo.RectifiedLinear(amplitude=2.0),
        gain=np.array([0.5, 1.0, 2.0, 4.0, 8.0]),
        bias=np.array([-1.0, 0.0, 0.5, -0.25, 1.0]),
        encoders=np.array([[1.0], [-1.0], [1.0], [1.0], [-1.0]]),
    )
    fx.connect("u", "ens.neurons", transform=3.0, synapse=nengo.Lowpass(0.02))
    fx.connect("v", "ens", synapse=None)  # transform omitted: identity
    fx.probe("rates", "ens.neurons")
    fx.probe("rates_filtered", "ens.neurons", synapse=nengo.Lowpass(0.1))
    return fx.run()


def spiking_relu():
    fx = Fixture(
        "spiking_relu",
        "SpikingRectifiedLinear (amplitude 0.1) with rates up to 2500 Hz, so several "
        "spikes per step; seeded initial voltages; vector transform into .neurons.",
        [
            "SpikingRectifiedLinear",
            "several spikes per step",
            "seeded initial voltage",
            "vector (elementwise) transform into .neurons, negative weight",
            "probe neurons voltage",
        ],
        seed=16,
        steps=200,
    )
    t = fx.times()
    phases = np.arange(6)[None, :]
    fx.array_node("u", 0.5 + 0.5 * np.sin(2 * np.pi * 4 * t[:, None] + phases))
    fx.ensemble(
        "ens",
        6,
        1,
        neuron_type=nengo.SpikingRectifiedLinear(amplitude=0.1),
        max_rates=nengo.dists.Choice([300.0, 1500.0, 2500.0]),
        intercepts=nengo.dists.Uniform(-0.5, 0.5),
    )
    fx.connect("u", "ens.neurons", transform=[1.0, 0.5, 2.0, -1.0, 1.5, 0.25], synapse=None)
    fx.probe("spikes", "ens.neurons")
    fx.probe("voltage", "ens.neurons", "voltage")
    return fx.run()


def regular_lifrate():
    fx = Fixture(
        "regular_lifrate",
        "RegularSpiking(LIFRate(amplitude 0.8), amplitude 0.5) with explicit initial "
        "voltages, driven by a PresentInput node (20 ms per value) through Lowpass(0.005).",
        [
            "RegularSpiking(LIFRate): rate includes the base amplitude",
            "outer amplitude sets spike height",
            "Node(PresentInput)",
            "explicit scalar transform 1 into an ensemble",
            "explicit Lowpass(0.005)",
        ],
        seed=17,
        steps=200,
    )
    fx.node(
        "u",
        nengo.processes.PresentInput([[-1.0], [-0.5], [0.0], [0.5], [1.0]], 0.02),
        {"kind": "PresentInput", "presentation_time": 0.02},
    )
    neuron_type = nengo.RegularSpiking(
        nengo.LIFRate(tau_rc=0.02, tau_ref=0.002, amplitude=0.8),
        amplitude=0.5,
        initial_state={"voltage": np.linspace(0.0, 0.875, 8)},
    )
    fx.ensemble(
        "ens",
        8,
        1,
        neuron_type=neuron_type,
        max_rates=nengo.dists.Uniform(100, 300),
        intercepts=nengo.dists.Uniform(-0.9, 0.5),
    )
    fx.connect("u", "ens", transform=1.0, synapse=nengo.Lowpass(0.005))
    fx.probe("spikes", "ens.neurons")
    fx.probe("voltage", "ens.neurons", "voltage")
    return fx.run()


def regular_relu():
    fx = Fixture(
        "regular_relu",
        "RegularSpiking(RectifiedLinear(amplitude 0.5), amplitude 2) with explicit gain, "
        "bias and initial voltages; rates up to ~2000 Hz (several spikes per step); a "
        "6x1 matrix into .neurons with no synapse.",
        [
            "RegularSpiking(RectifiedLinear): rate = base amplitude * max(J, 0)",
            "several spikes per step",
            "explicit gain/bias with a rate neuron base",
            "matrix (fan-out) transform into .neurons",
        ],
        seed=18,
        steps=150,
    )
    t = fx.times()
    fx.array_node("u", np.clip(8.0 * t - 0.2, -0.2, 1.0))
    neuron_type = nengo.RegularSpiking(
        nengo.RectifiedLinear(amplitude=0.5),
        amplitude=2.0,
        initial_state={"voltage": np.array([0.0, 0.2, 0.4, 0.6, 0.8, 0.99])},
    )
    fx.ensemble(
        "ens",
        6,
        1,
        neuron_type=neuron_type,
        gain=np.array([100.0, 500.0, 1000.0, 2000.0, 3000.0, 4000.0]),
        bias=np.array([0.0, 50.0, -100.0, 0.0, 200.0, -500.0]),
    )
    fx.connect(
        "u", "ens.neurons", transform=[[1.0], [0.5], [1.0], [-0.25], [1.0], [0.75]], synapse=None
    )
    fx.probe("spikes", "ens.neurons")
    fx.probe("voltage", "ens.neurons", "voltage")
    return fx.run()


def poisson_relu():
    groups = [50.0, 250.0, 500.0, 1000.0, 2500.0]  # expected rates in Hz
    per_group = 10
    base_amplitude = 0.5
    fx = Fixture(
        "poisson_relu",
        "PoissonSpiking(RectifiedLinear(amplitude 0.5), amplitude 0.5), constant input; "
        "5 groups of 10 neurons at 50, 250, 500, 1000, 2500 Hz. Stochastic: compare "
        "statistics (mean count per step within 3 standard errors), not traces.",
        [
            "PoissonSpiking(RectifiedLinear): rate includes the base amplitude",
            "outer amplitude sets spike height",
            "several spikes per step (2500 Hz)",
            "constant (array) node",
            "statistics block",
        ],
        seed=19,
        steps=200,
    )
    rates = np.repeat(groups, per_group)
    # J = bias + gain * 1; rate = base_amplitude * J; the bias carries 20% of it.
    currents = rates / base_amplitude
    fx.node("u", [1.0], {"kind": "constant"})
    fx.ensemble(
        "ens",
        len(rates),
        1,
        neuron_type=nengo.PoissonSpiking(
            nengo.RectifiedLinear(amplitude=base_amplitude), amplitude=0.5
        ),
        gain=0.8 * currents,
        bias=0.2 * currents,
    )
    fx.connect("u", "ens.neurons", transform=np.ones((len(rates), 1)), synapse=None)
    fx.probe("spikes", "ens.neurons")
    with fx.net:
        rate_probe = nengo.Probe(fx.ensembles["ens"].neurons, "rate_out")
        spike_probe = nengo.Probe(fx.ensembles["ens"].neurons)

    def statistics(sim, document):
        dt, steps = fx.dt, fx.steps
        rate_out = sim.data[rate_probe]
        assert np.allclose(rate_out, rate_out[0]), "rates must be constant"
        expected_rate = rate_out[0]
        counts = sim.data[spike_probe] * dt / 0.5  # spikes per step per neuron
        assert np.allclose(counts, np.round(counts))
        total = np.round(counts.sum(0))
        group_stats = []
        for g, rate in enumerate(groups):
            idx = slice(g * per_group, (g + 1) * per_group)
            n = per_group * steps
            lam = float(expected_rate[idx].mean()) * dt
            mean = float(total[idx].sum()) / n
            se = math.sqrt(lam / n)
            z = (mean - lam) / se
            assert abs(z) < 3, f"Nengo's own Poisson statistics are off: group {g} z={z}"
            group_stats.append(
                {
                    "neurons": [g * per_group, (g + 1) * per_group],
                    "expected_rate_hz": float(expected_rate[idx].mean()),
                    "expected_count_per_step": lam,
                    "observed_mean_count_per_step": mean,
                    "samples": n,
                    "standard_error": se,
                    "z": z,
                }
            )
        document["statistics"] = {
            "probe": "spikes",
            "spike_height": 0.5 / dt,
            "expected_rate_hz": expected_rate,
            "spike_counts": total.astype(int).tolist(),
            "groups": group_stats,
            "note": "neurons [a, b) share a rate; standard_error = sqrt(lambda / samples)",
        }

    return fx.run(after=statistics)


def _chain(fx, synapses, weight_scale):
    t = fx.times()
    fx.array_node(
        "u",
        np.stack([0.6 + 0.4 * np.sin(2 * np.pi * 5 * t), 0.5 - 0.5 * np.cos(2 * np.pi * 3 * t)], 1),
    )
    fx.ensemble(
        "a",
        4,
        1,
        neuron_type=nengo.LIF(
            amplitude=0.01, initial_state={"voltage": np.array([0.1, 0.3, 0.5, 0.7])}
        ),
        max_rates=nengo.dists.Uniform(100, 200),
        intercepts=nengo.dists.Uniform(-0.5, 0.5),
    )
    fx.ensemble(
        "b",
        3,
        1,
        neuron_type=nengo.LIF(
            amplitude=0.01, initial_state={"voltage": np.array([0.0, 0.4, 0.8])}
        ),
        gain=np.array([1.5, 2.0, 2.5]),
        bias=np.array([0.5, 0.8, 1.0]),
    )
    fx.ensemble(
        "c",
        2,
        1,
        neuron_type=nengo.RectifiedLinear(),
        gain=np.array([1.0, 0.5]),
        bias=np.array([0.0, 0.1]),
    )
    w_ua = np.array([[1.0, 0.5], [0.5, 1.0], [1.5, -0.5], [-0.5, 1.5]])
    w_ab = weight_scale * np.array([[1.0, 0.5, 0.0, 1.5], [0.0, 1.0, 2.0, 0.5], [1.5, 0.0, 1.0, 1.0]])
    w_bc = np.array([[1.0, 0.5, 0.25], [0.0, 1.0, -0.5]])
    fx.connect("u", "a.neurons", transform=w_ua, synapse=synapses[0])
    fx.connect("a.neurons", "b.neurons", transform=w_ab, synapse=synapses[1])
    fx.connect("b.neurons", "c.neurons", transform=w_bc, synapse=synapses[2])
    fx.probe("a_spikes", "a.neurons")
    fx.probe("a_voltage", "a.neurons", "voltage")
    fx.probe("b_spikes", "b.neurons")
    fx.probe("b_voltage", "b.neurons", "voltage")
    fx.probe("c_rates", "c.neurons")
    return fx.run()


def chain_no_synapse():
    fx = Fixture(
        "chain_no_synapse",
        "node -> LIF a -> LIF b -> RectifiedLinear c, all .neurons matrix connections "
        "with synapse None: a spike crosses the whole chain within the step it is emitted.",
        [
            "chain of 3 populations, synapse None (same-step propagation)",
            "pre .neurons connections (spike height amplitude/dt times gain)",
            "LIF amplitude 0.01",
            "explicit initial voltages",
        ],
        seed=20,
        steps=100,
    )
    return _chain(fx, [None, None, None], weight_scale=1.0)


def chain_synapses():
    fx = Fixture(
        "chain_synapses",
        "The chain of chain_no_synapse with Lowpass(0.005), Lowpass(0.02) and "
        "Alpha(0.01) on its three connections: each synapse delays by one step.",
        [
            "chain of 3 populations with synapses (one-step delay each)",
            "Lowpass(0.005), Lowpass(0.02), Alpha(0.01) on .neurons connections",
        ],
        seed=21,
        steps=150,
    )
    synapses = [nengo.Lowpass(0.005), nengo.Lowpass(0.02), nengo.Alpha(0.01)]
    return _chain(fx, synapses, weight_scale=0.25)


def node_probes():
    fx = Fixture(
        "node_probes",
        "Node timing and node probes: PresentInput (3 steps per value) and a callable "
        "node, probed with Lowpass(0.1), Alpha(0.01) and Lowpass(0.005); a 2-D "
        "RectifiedLinear ensemble with radius 0.5 and non-normalized explicit encoders.",
        [
            "Node(PresentInput) step alignment",
            "probes on node output with Lowpass and Alpha synapses (first row 0)",
            "explicit non-unit encoders (Nengo normalizes them)",
            "radius 0.5",
            "identity transform into an ensemble, synapse None",
            "matrix transform into .neurons with Alpha(0.01)",
        ],
        seed=22,
        steps=60,
    )
    inputs = [[0.25, -0.5], [1.0, 0.5], [-0.75, 0.25], [0.5, 1.0]]
    fx.node(
        "p",
        nengo.processes.PresentInput(inputs, 0.003),
        {"kind": "PresentInput", "presentation_time": 0.003},
    )
    t = fx.times()
    fx.array_node("f", np.where(t <= 0.02, 1.0, -0.5))
    fx.ensemble(
        "r",
        4,
        2,
        radius=0.5,
        neuron_type=nengo.RectifiedLinear(),
        encoders=np.array([[2.0, 0.0], [0.0, -3.0], [1.0, 1.0], [-1.0, 2.0]]),
        max_rates=nengo.dists.Choice([100.0]),
        intercepts=nengo.dists.Choice([-0.2, 0.3]),
    )
    fx.connect("p", "r", synapse=None)
    fx.connect("f", "r.neurons", transform=[[0.5], [-0.5], [0.25], [1.0]], synapse=nengo.Alpha(0.01))
    fx.probe("p_lowpass", "p", synapse=nengo.Lowpass(0.1))
    fx.probe("p_alpha", "p", synapse=nengo.Alpha(0.01))
    fx.probe("f_lowpass", "f", synapse=nengo.Lowpass(0.005))
    fx.probe("rates", "r.neurons")
    fx.probe("rates_filtered", "r.neurons", synapse=nengo.Lowpass(0.1))
    return fx.run()


def lif_explicit_gain_bias():
    fx = Fixture(
        "lif_explicit_gain_bias",
        "Default LIF with explicit gain and bias (one neuron never fires), explicit 3-D "
        "encoders, radius 2.5, initial voltage Choice([0.5]); 3x3 matrix with Lowpass(0.005).",
        [
            "explicit gain/bias on LIF (max_rates/intercepts derived by Nengo)",
            "3-D decoded input with radius 2.5",
            "initial voltage from nengo.dists.Choice",
            "matrix transform into an ensemble",
        ],
        seed=23,
        steps=200,
    )
    t = fx.times()
    fx.array_node(
        "u",
        np.stack(
            [1.5 * np.sin(2 * np.pi * 3 * t), 1.5 * np.cos(2 * np.pi * 2 * t), 0.6 - 8.0 * t], 1
        ),
    )
    encoders = np.array(
        [
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, 0.0, -1.0],
            [0.6, 0.8, 0.0],
            [-0.48, 0.6, 0.64],
            [0.36, -0.48, 0.8],
        ]
    )
    fx.ensemble(
        "ens",
        6,
        3,
        radius=2.5,
        neuron_type=nengo.LIF(initial_state={"voltage": nengo.dists.Choice([0.5])}),
        gain=np.array([1.0, 2.0, 3.5, 0.5, 5.0, 10.0]),
        bias=np.array([1.0, 0.5, 0.0, 1.5, -2.0, 1.2]),
        encoders=encoders,
    )
    fx.connect(
        "u",
        "ens",
        transform=[[1.0, 0.5, 0.0], [-0.5, 1.0, 0.25], [0.0, 0.0, 2.0]],
        synapse=nengo.Lowpass(0.005),
    )
    fx.probe("spikes", "ens.neurons")
    fx.probe("voltage", "ens.neurons", "voltage")
    return fx.run()



# ---------------------------------------------------------------------------------------
# Issue 13: Nengo's builder (gain/bias from max_rates/intercepts), Sigmoid and Tanh,
# slices, refractory_time and rate_out probes, long runs.


def _builder(name, seed, neuron_type, max_rates, intercepts, covers, radius=1.0):
    """One 8-neuron 1-D ensemble whose gain and bias Nengo's builder derives from
    explicit max_rates and intercepts; a triangle input sweeps it past +-radius."""
    fx = Fixture(
        name,
        f"Nengo's builder: {type(neuron_type).__name__} gain and bias from explicit "
        "max_rates and intercepts (compare the builder's gain/bias, then the traces); "
        f"radius {radius}, a triangle input from -1.2 to 1.2 radius, synapse None; "
        "rate_curve = Nengo's neuron_type.rates at 31 projected inputs.",
        [
            f"{type(neuron_type).__name__} gain/bias from max_rates and intercepts",
            "rate curve (neuron_type.rates)",
            "identity transform into an ensemble, synapse None",
        ]
        + covers,
        seed=seed,
        steps=200,
    )
    t = fx.times()
    triangle = 1.2 * radius * (1 - 2 * np.abs(2 * t / t[-1] - 1)) * np.where(t < 0.5 * t[-1], -1, 1)
    fx.array_node("u", triangle)
    fx.ensemble(
        "ens",
        8,
        1,
        radius=radius,
        neuron_type=neuron_type,
        max_rates=np.array(max_rates, dtype=np.float64),
        intercepts=np.array(intercepts, dtype=np.float64),
        encoders=np.array([[1.0], [-1.0], [1.0], [1.0], [-1.0], [1.0], [-1.0], [1.0]]),
        rate_curve=np.linspace(-1.5, 1.5, 31),
    )
    fx.connect("u", "ens", synapse=None)
    fx.probe("output", "ens.neurons")
    if "voltage" in neuron_type.state:
        fx.probe("voltage", "ens.neurons", "voltage")
    return fx.run()


INTERCEPTS = [-0.9, -0.5, -0.2, 0.0, 0.1, 0.4, 0.7, 0.95]


def builder_lif():
    return _builder(
        "builder_lif",
        30,
        nengo.LIF(),
        [50.0, 100.0, 150.0, 200.0, 250.0, 300.0, 400.0, 450.0],
        INTERCEPTS,
        ["LIF defaults (tau_rc 0.02, tau_ref 0.002)", "seeded initial voltage"],
    )


def builder_lifrate():
    return _builder(
        "builder_lifrate",
        31,
        nengo.LIFRate(tau_rc=0.03, tau_ref=0.004, amplitude=0.5),
        [20.0, 60.0, 100.0, 150.0, 200.0, 240.0, 120.0, 80.0],
        INTERCEPTS,
        ["LIFRate tau_rc 0.03, tau_ref 0.004, amplitude 0.5", "radius 2"],
        radius=2.0,
    )


def builder_relu():
    return _builder(
        "builder_relu",
        32,
        nengo.RectifiedLinear(amplitude=1.5),
        [10.0, 50.0, 100.0, 200.0, 400.0, 800.0, 1500.0, 3000.0],
        INTERCEPTS,
        ["RectifiedLinear amplitude 1.5"],
    )


def builder_spiking_relu():
    return _builder(
        "builder_spiking_relu",
        33,
        nengo.SpikingRectifiedLinear(amplitude=0.5),
        [10.0, 50.0, 100.0, 200.0, 400.0, 800.0, 1500.0, 3000.0],
        INTERCEPTS,
        [
            "SpikingRectifiedLinear amplitude 0.5, up to 15 spikes a step",
            "seeded initial voltage",
        ],
    )


def builder_sigmoid():
    # gain > 0 needs max_rates above half of 1/tau_ref (125 Hz here).
    return _builder(
        "builder_sigmoid",
        34,
        nengo.Sigmoid(tau_ref=0.004),
        [130.0, 150.0, 175.0, 200.0, 220.0, 240.0, 249.0, 160.0],
        INTERCEPTS,
        ["Sigmoid tau_ref 0.004 (rates in Hz, up to 1/tau_ref)", "radius 0.5"],
        radius=0.5,
    )


def builder_tanh():
    return _builder(
        "builder_tanh",
        35,
        nengo.Tanh(tau_ref=0.002),
        [50.0, 100.0, 200.0, 300.0, 400.0, 450.0, 490.0, 250.0],
        INTERCEPTS,
        ["Tanh tau_ref 0.002 (negative rates below the intercept)"],
    )


def sigmoid():
    fx = Fixture(
        "sigmoid",
        "Sigmoid(tau_ref 0.005) 2-D ensemble with seeded max_rates Uniform(110, 190), "
        "intercepts Uniform(-0.8, 0.8) and encoders, fed through a 2x2 matrix with "
        "Alpha(0.01); its rates drive a RectifiedLinear population through a 3x6 matrix "
        "with Lowpass(0.01).",
        [
            "Sigmoid network",
            "seeded max_rates/intercepts distributions with a rate type",
            "rate population into .neurons of another (matrix, Lowpass)",
            "probe with Lowpass(0.05) on rates",
        ],
        seed=36,
        steps=200,
    )
    t = fx.times()
    fx.array_node(
        "u", np.stack([np.sin(2 * np.pi * 4 * t), 1.2 * np.cos(2 * np.pi * 3 * t) - 0.2], 1)
    )
    fx.ensemble(
        "s",
        6,
        2,
        neuron_type=nengo.Sigmoid(tau_ref=0.005),
        max_rates=nengo.dists.Uniform(110, 190),
        intercepts=nengo.dists.Uniform(-0.8, 0.8),
    )
    fx.ensemble(
        "r",
        3,
        1,
        neuron_type=nengo.RectifiedLinear(),
        gain=np.array([1.0, 2.0, 0.5]),
        bias=np.array([-0.5, 0.0, 0.25]),
    )
    fx.connect("u", "s", transform=[[1.0, 0.5], [-0.5, 1.0]], synapse=nengo.Alpha(0.01))
    w = 0.01 * np.array(
        [
            [1.0, -0.5, 0.25, 0.0, 0.5, -1.0],
            [0.0, 1.0, -1.0, 0.5, 0.25, 0.5],
            [-0.25, 0.0, 0.5, 1.0, -0.5, 0.75],
        ]
    )
    fx.connect("s.neurons", "r.neurons", transform=w, synapse=nengo.Lowpass(0.01))
    fx.probe("s_rates", "s.neurons")
    fx.probe("s_rates_filtered", "s.neurons", synapse=nengo.Lowpass(0.05))
    fx.probe("r_rates", "r.neurons")
    return fx.run()


def tanh():
    fx = Fixture(
        "tanh",
        "Tanh(tau_ref 0.002) ensemble (negative rates) from explicit max_rates and "
        "intercepts, default synapse; its rates drive LIF neurons through a 4x6 matrix "
        "with no synapse (same step).",
        [
            "Tanh network",
            "negative rates into .neurons of a LIF population",
            "default synapse Lowpass(0.005)",
            "rate population -> spiking population, synapse None",
        ],
        seed=37,
        steps=200,
    )
    t = fx.times()
    fx.array_node("u", np.sin(2 * np.pi * 5 * t) + 0.3 * np.cos(2 * np.pi * 11 * t))
    fx.ensemble(
        "h",
        6,
        1,
        neuron_type=nengo.Tanh(tau_ref=0.002),
        max_rates=np.array([100.0, 200.0, 300.0, 400.0, 450.0, 490.0]),
        intercepts=np.array([-0.6, -0.2, 0.0, 0.3, 0.5, -0.9]),
        encoders=np.array([[1.0], [-1.0], [1.0], [-1.0], [1.0], [-1.0]]),
    )
    fx.ensemble(
        "l",
        4,
        1,
        neuron_type=nengo.LIF(initial_state={"voltage": np.array([0.0, 0.3, 0.6, 0.9])}),
        gain=np.array([1.0, 1.5, 2.0, 3.0]),
        bias=np.array([1.0, 0.8, 1.2, 0.5]),
    )
    fx.connect("u", "h")  # transform and synapse omitted: identity, Lowpass(0.005)
    w = 0.004 * np.array(
        [
            [1.0, 0.5, -0.5, 0.25, 0.0, -1.0],
            [-1.0, 0.25, 0.5, 1.0, 0.5, 0.0],
            [0.5, -0.5, 1.0, 0.0, -0.25, 0.5],
            [0.0, 1.0, 0.25, -0.5, 1.0, 0.25],
        ]
    )
    fx.connect("h.neurons", "l.neurons", transform=w, synapse=None)
    fx.probe("h_rates", "h.neurons")
    fx.probe("l_spikes", "l.neurons")
    fx.probe("l_voltage", "l.neurons", "voltage")
    return fx.run()


def slices():
    fx = Fixture(
        "slices",
        "Slices on connection ends and probes: u[0:2] -> a.neurons, u[[2, 0]] -> c "
        "(2-D), u[1] -> c[1], a.neurons[1:3] -> b.neurons[[1, 3]] (Lowpass), "
        "a.neurons[::2] -> b.neurons[[4, 0]] (no synapse); sliced probes of spikes, "
        "voltage, a node (filtered) and rates (reordered).",
        [
            "pre slice on a node (range, index list in reverse order, single index)",
            "pre slice on .neurons (range, step)",
            "post slice into .neurons (index list, reordered) with gain",
            "post slice into an ensemble's dimensions (decoded input)",
            "sliced probes (range, index list, reordered) with and without synapse",
        ],
        seed=38,
        steps=150,
    )
    t = fx.times()
    fx.array_node(
        "u",
        np.stack(
            [
                0.8 + 0.4 * np.sin(2 * np.pi * 5 * t),
                0.6 * np.cos(2 * np.pi * 3 * t),
                np.where(t < 0.07, -0.4, 0.9),
            ],
            1,
        ),
    )
    fx.ensemble(
        "a",
        4,
        1,
        neuron_type=nengo.LIF(initial_state={"voltage": np.array([0.1, 0.4, 0.7, 0.2])}),
        gain=np.array([2.0, 2.5, 3.0, 1.5]),
        bias=np.array([1.0, 0.5, 0.8, 1.1]),
    )
    fx.ensemble(
        "b",
        5,
        1,
        neuron_type=nengo.LIF(
            amplitude=0.01, initial_state={"voltage": np.array([0.0, 0.2, 0.4, 0.6, 0.8])}
        ),
        gain=np.array([1.0, 1.5, 2.0, 2.5, 3.0]),
        bias=np.array([0.9, 0.7, 1.0, 0.5, 0.95]),
    )
    fx.ensemble(
        "c",
        3,
        2,
        neuron_type=nengo.RectifiedLinear(),
        gain=np.array([10.0, 20.0, 30.0]),
        bias=np.array([0.0, 5.0, -5.0]),
        encoders=np.array([[1.0, 0.0], [0.0, 1.0], [-0.6, 0.8]]),
    )
    fx.connect(
        "u", "a.neurons", pre_slice=slice(0, 2),
        transform=[[1.0, 0.5], [0.5, -1.0], [0.0, 1.5], [-0.5, 0.5]], synapse=None,
    )
    fx.connect("u", "c", pre_slice=[2, 0], synapse=None)
    fx.connect("u", "c", pre_slice=1, post_slice=1, transform=0.5, synapse=nengo.Lowpass(0.01))
    fx.connect(
        "a.neurons", "b.neurons", pre_slice=slice(1, 3), post_slice=[1, 3],
        transform=[[1.0, 0.5], [-0.25, 1.5]], synapse=nengo.Lowpass(0.005),
    )
    fx.connect(
        "a.neurons", "b.neurons", pre_slice=slice(None, None, 2), post_slice=[4, 0],
        transform=[[0.5, 1.0], [1.0, 0.0]], synapse=None,
    )
    fx.probe("a_spikes", "a.neurons")
    fx.probe("b_spikes", "b.neurons")
    fx.probe("b_spikes_1_3", "b.neurons", slice=[1, 3])
    fx.probe("a_voltage_1_2", "a.neurons", "voltage", slice=slice(1, 3))
    fx.probe("u_0_1_filtered", "u", slice=slice(0, 2), synapse=nengo.Lowpass(0.01))
    fx.probe("c_rates_2_0", "c.neurons", slice=[2, 0])
    return fx.run()


def lif_refractory():
    fx = Fixture(
        "lif_refractory",
        "LIF refractory_time probe: tau_ref 0.0035 (ends mid-step), explicit initial "
        "refractory times (one longer than tau_ref), one neuron that never fires (its "
        "refractory_time keeps falling below 0 by dt a step).",
        [
            "probe of LIF refractory_time",
            "refractory period not a multiple of dt",
            "explicit initial refractory_time",
            "silent neuron: refractory_time decreases without bound",
        ],
        seed=39,
        steps=200,
    )
    t = fx.times()
    fx.array_node("u", np.where(t < 0.1, 0.5, 1.0) + 0.2 * np.sin(2 * np.pi * 7 * t))
    fx.ensemble(
        "ens",
        5,
        1,
        neuron_type=nengo.LIF(
            tau_rc=0.02,
            tau_ref=0.0035,
            initial_state={
                "voltage": np.array([0.5, 0.0, 0.9, 0.2, 0.0]),
                "refractory_time": np.array([0.0, 0.0015, 0.0035, 0.01, 0.0]),
            },
        ),
        gain=np.array([2.0, 4.0, 1.5, 3.0, 1.5]),
        bias=np.array([1.0, 0.5, 1.2, 0.0, 0.2]),
    )
    # The last neuron gets no input: J = bias = 0.2 < 1 at every step.
    fx.connect("u", "ens.neurons", transform=[[1.0], [1.0], [1.0], [1.0], [0.0]], synapse=None)
    fx.probe("spikes", "ens.neurons")
    fx.probe("voltage", "ens.neurons", "voltage")
    fx.probe("refractory_time", "ens.neurons", "refractory_time")
    return fx.run()


def rate_out_regular():
    fx = Fixture(
        "rate_out_regular",
        "rate_out probes under RegularSpiking: RegularSpiking(LIFRate(amplitude 0.8), "
        "amplitude 0.5) and RegularSpiking(Sigmoid(tau_ref 0.005)), gain/bias from "
        "explicit max_rates and intercepts; spikes, voltage and rate_out (the base "
        "type's rate, base amplitude included) of each.",
        [
            "probe rate_out of RegularSpiking(LIFRate)",
            "probe rate_out of RegularSpiking(Sigmoid)",
            "RegularSpiking gain/bias from max_rates/intercepts via the base type",
        ],
        seed=40,
        steps=200,
    )
    t = fx.times()
    fx.array_node("u", np.sin(2 * np.pi * 3 * t))
    encoders = np.array([[1.0], [-1.0], [1.0], [-1.0], [1.0]])
    fx.ensemble(
        "lifrate",
        5,
        1,
        neuron_type=nengo.RegularSpiking(
            nengo.LIFRate(amplitude=0.8),
            amplitude=0.5,
            initial_state={"voltage": np.array([0.0, 0.25, 0.5, 0.75, 0.99])},
        ),
        max_rates=np.array([80.0, 150.0, 220.0, 300.0, 400.0]),
        intercepts=np.array([-0.5, -0.1, 0.0, 0.3, 0.6]),
        encoders=encoders,
    )
    fx.ensemble(
        "sigmoid",
        5,
        1,
        neuron_type=nengo.RegularSpiking(
            nengo.Sigmoid(tau_ref=0.005),
            initial_state={"voltage": np.array([0.9, 0.7, 0.5, 0.3, 0.1])},
        ),
        max_rates=np.array([110.0, 130.0, 150.0, 180.0, 195.0]),
        intercepts=np.array([-0.5, -0.1, 0.0, 0.3, 0.6]),
        encoders=encoders,
    )
    fx.connect("u", "lifrate", synapse=None)
    fx.connect("u", "sigmoid", synapse=nengo.Lowpass(0.005))
    for name in ("lifrate", "sigmoid"):
        fx.probe(f"{name}_spikes", f"{name}.neurons")
        fx.probe(f"{name}_voltage", f"{name}.neurons", "voltage")
        fx.probe(f"{name}_rate_out", f"{name}.neurons", "rate_out")
    return fx.run()


def rate_out_poisson():
    fx = Fixture(
        "rate_out_poisson",
        "rate_out probes under PoissonSpiking: PoissonSpiking(LIFRate(amplitude 0.8)) and "
        "PoissonSpiking(Tanh(tau_ref 0.002)) (negative rates: sign(r) Poisson(|r| dt)). "
        "The spikes are random; rate_out is deterministic and is the only probe. "
        "statistics: Nengo's spike counts against sum(rate_out) dt.",
        [
            "probe rate_out of PoissonSpiking(LIFRate)",
            "probe rate_out of PoissonSpiking(Tanh): negative rates",
            "PoissonSpiking gain/bias from max_rates/intercepts via the base type",
        ],
        seed=41,
        steps=200,
    )
    t = fx.times()
    fx.array_node("u", np.sin(2 * np.pi * 3 * t))
    encoders = np.array([[1.0], [-1.0], [1.0], [-1.0], [1.0]])
    fx.ensemble(
        "lifrate",
        5,
        1,
        neuron_type=nengo.PoissonSpiking(nengo.LIFRate(amplitude=0.8)),
        max_rates=np.array([80.0, 150.0, 220.0, 300.0, 400.0]),
        intercepts=np.array([-0.5, -0.1, 0.0, 0.3, 0.6]),
        encoders=encoders,
    )
    fx.ensemble(
        "tanh",
        5,
        1,
        neuron_type=nengo.PoissonSpiking(nengo.Tanh(tau_ref=0.002), amplitude=0.5),
        max_rates=np.array([100.0, 200.0, 300.0, 400.0, 450.0]),
        intercepts=np.array([-0.5, -0.1, 0.0, 0.3, 0.6]),
        encoders=encoders,
    )
    fx.connect("u", "lifrate", synapse=None)
    fx.connect("u", "tanh", synapse=nengo.Lowpass(0.005))
    spike_probes = {}
    for name in ("lifrate", "tanh"):
        fx.probe(f"{name}_rate_out", f"{name}.neurons", "rate_out")
        with fx.net:
            spike_probes[name] = nengo.Probe(fx.ensembles[name].neurons)

    def statistics(sim, document):
        groups = []
        for name, probe in spike_probes.items():
            ens = fx.ensembles[name]
            height = ens.neuron_type.amplitude / fx.dt
            counts = sim.data[probe] / height
            assert np.array_equal(counts, np.round(counts))
            rates = next(p for p in document["probes"] if p["name"] == f"{name}_rate_out")
            rates = rates["data"].array
            expected = np.abs(rates).sum(0) * fx.dt  # Poisson mean of |count| per neuron
            observed = np.abs(counts).sum(0)
            signs_agree = bool(np.all((counts == 0) | (np.sign(counts) == np.sign(rates))))
            assert signs_agree, "a spike's sign differs from its rate's"
            z = (observed - expected) / np.sqrt(expected)
            assert np.all(np.abs(z) < 4), f"Nengo's own Poisson counts are off: {z}"
            groups.append(
                {
                    "ensemble": name,
                    "spike_height": height,
                    "signed_spike_counts": counts.sum(0).astype(int).tolist(),
                    "abs_spike_counts": observed.astype(int).tolist(),
                    "expected_abs_counts": expected,
                    "z": z,
                }
            )
        document["statistics"] = {
            "groups": groups,
            "note": "expected_abs_counts = sum over steps of |rate_out| dt (the Poisson mean "
            "of each neuron's total |spike count|); z = (abs - expected) / sqrt(expected); "
            "a spike's sign is its rate's sign",
        }

    return fx.run(after=statistics)


def long_lif():
    fx = Fixture(
        "long_lif",
        "40,000 steps (40 s) of LIF with constant input, for float64 agreement and "
        "float32 drift: a 2-D ensemble from explicit max_rates/intercepts fed through "
        "Lowpass(0.005), and LIF neurons with tau_ref 0.0025 fed straight into .neurons. "
        "Spikes are stored as spike steps; voltages, refractory times and filtered "
        "spikes every 100th step (Nengo's sample_every 0.1 s).",
        [
            "long run (40,000 steps): float64 to 1e-9, float32 drift",
            "constant node, decoded input through Lowpass(0.005)",
            "LIF tau_ref 0.0025 (refractory ends mid-step) into .neurons, synapse None",
            "probes with sample_every (rows at steps 100, 200, ...)",
            "spike steps instead of per-step spike rows",
        ],
        seed=42,
        steps=40_000,
    )
    fx.node("u", [0.6, -0.4], {"kind": "constant"})
    fx.ensemble(
        "a",
        4,
        2,
        neuron_type=nengo.LIF(initial_state={"voltage": np.array([0.0, 0.25, 0.5, 0.75])}),
        max_rates=np.array([40.0, 60.0, 80.0, 100.0]),
        intercepts=np.array([-0.5, -0.2, 0.1, 0.0]),
        encoders=np.array([[1.0, 0.0], [0.0, -1.0], [0.6, -0.8], [0.8, -0.6]]),
    )
    fx.ensemble(
        "b",
        3,
        1,
        neuron_type=nengo.LIF(
            tau_rc=0.03, tau_ref=0.0025, initial_state={"voltage": np.array([0.9, 0.5, 0.1])}
        ),
        gain=np.array([0.5, 1.0, 2.0]),
        bias=np.array([1.2, 0.9, 1.0]),
    )
    fx.connect("u", "a", synapse=nengo.Lowpass(0.005))
    fx.connect("u", "b.neurons", transform=[[0.5, 0.0], [0.5, -0.5], [0.0, -0.2]], synapse=None)
    for name in ("a", "b"):
        fx.probe(f"{name}_spikes", f"{name}.neurons", as_spike_steps=True)
        fx.probe(f"{name}_voltage", f"{name}.neurons", "voltage", sample_every=0.1)
        fx.probe(
            f"{name}_refractory_time", f"{name}.neurons", "refractory_time", sample_every=0.1
        )
    fx.probe("a_spikes_filtered", "a.neurons", synapse=nengo.Lowpass(0.1), sample_every=0.1)
    document = fx.run()
    # A constant node's output is one row, the same at every step.
    (node,) = document["nodes"]
    assert all(row == node["output"][0] for row in node["output"])
    node["output"] = node["output"][:1]
    return document


def adaptive_lif():
    fx = Fixture(
        "adaptive_lif",
        "AdaptiveLIF (tau_n 0.1, inc_n 0.05, tau_ref 0.0025) with gain and bias from "
        "explicit max_rates and intercepts, a 1-D input through an identity transform "
        "and no synapse; the adaptation state n (subtracted from J) grows with each "
        "spike and decays with tau_n. Spikes, voltage, refractory_time, adaptation, and "
        "the spikes through Lowpass(0.02).",
        [
            "AdaptiveLIF gain/bias from max_rates and intercepts (LIFRate's)",
            "AdaptiveLIF step: LIF on J - n, then n += dt/tau_n (inc_n output - n)",
            "probe adaptation",
            "probe voltage and refractory_time of AdaptiveLIF",
        ],
        seed=43,
        steps=200,
    )
    t = fx.times()
    fx.array_node("u", 0.3 + 0.7 * np.sin(2 * np.pi * 4 * t))
    fx.ensemble(
        "ens",
        6,
        1,
        neuron_type=nengo.AdaptiveLIF(tau_n=0.1, inc_n=0.05, tau_ref=0.0025),
        max_rates=np.array([60.0, 120.0, 200.0, 250.0, 320.0, 380.0]),
        intercepts=np.array([-0.6, -0.2, 0.0, 0.2, -0.8, 0.5]),
        encoders=np.array([[1.0], [-1.0], [1.0], [1.0], [-1.0], [1.0]]),
    )
    fx.connect("u", "ens", synapse=None)
    fx.probe("spikes", "ens.neurons")
    fx.probe("voltage", "ens.neurons", "voltage")
    fx.probe("refractory_time", "ens.neurons", "refractory_time")
    fx.probe("adaptation", "ens.neurons", "adaptation")
    fx.probe("spikes_filtered", "ens.neurons", synapse=nengo.Lowpass(0.02))
    return fx.run()


def adaptive_lifrate():
    fx = Fixture(
        "adaptive_lifrate",
        "AdaptiveLIFRate (tau_n 0.05, inc_n 0.02, tau_rc 0.03, amplitude 0.5) with gain and "
        "bias from explicit max_rates and intercepts, a 2-D input through a matrix into "
        "the ensemble with Lowpass(0.005); its rates drive an AdaptiveLIF population "
        "(explicit gain/bias and initial voltages) through a matrix, no synapse. Rates, "
        "adaptation of both, spikes and voltage of the second.",
        [
            "AdaptiveLIFRate gain/bias from max_rates and intercepts (LIFRate's)",
            "AdaptiveLIFRate step: LIFRate on J - n, then n += dt/tau_n (inc_n output - n)",
            "probe adaptation of a rate type",
            "AdaptiveLIF with explicit gain, bias and initial voltage, default tau_n/inc_n",
        ],
        seed=44,
        steps=200,
    )
    t = fx.times()
    fx.array_node("u", np.stack([np.sin(2 * np.pi * 3 * t), np.where(t < 0.1, 0.8, -0.5)], 1))
    fx.ensemble(
        "rate",
        5,
        2,
        neuron_type=nengo.AdaptiveLIFRate(tau_n=0.05, inc_n=0.02, tau_rc=0.03, amplitude=0.5),
        max_rates=np.array([100.0, 150.0, 200.0, 300.0, 400.0]),
        intercepts=np.array([-0.5, -0.1, 0.0, 0.3, 0.6]),
        encoders=np.array([[1.0, 0.0], [0.0, 1.0], [-0.6, 0.8], [0.8, 0.6], [-1.0, 0.0]]),
    )
    fx.ensemble(
        "spiking",
        3,
        1,
        neuron_type=nengo.AdaptiveLIF(initial_state={"voltage": np.array([0.1, 0.5, 0.9])}),
        gain=np.array([1.5, 2.0, 3.0]),
        bias=np.array([1.0, 0.8, 1.2]),
    )
    fx.connect("u", "rate", transform=[[1.0, 0.5], [-0.5, 1.0]], synapse=nengo.Lowpass(0.005))
    w = 0.02 * np.array([[1.0, 0.5, 0.0, -0.5, 0.25], [0.0, 1.0, 0.5, 0.5, -1.0], [0.5, 0.0, 1.0, 0.25, 0.5]])
    fx.connect("rate.neurons", "spiking.neurons", transform=w, synapse=None)
    fx.probe("rates", "rate.neurons")
    fx.probe("rate_adaptation", "rate.neurons", "adaptation")
    fx.probe("spikes", "spiking.neurons")
    fx.probe("voltage", "spiking.neurons", "voltage")
    fx.probe("spiking_adaptation", "spiking.neurons", "adaptation")
    return fx.run()


def izhikevich():
    fx = Fixture(
        "izhikevich",
        "Izhikevich: a default (regular spiking) ensemble whose gain and bias Nengo's "
        "generic gain_bias finds from explicit max_rates and intercepts (simulated rates "
        "interpolated on a grid of currents), with its rate_curve; and a chattering one "
        "(reset_voltage -50, reset_recovery 2, coupling 0.25) with explicit gain/bias, "
        "fed by the first's spikes through a matrix with Lowpass(0.005). Spikes, "
        "voltage and recovery of both.",
        [
            "Izhikevich gain/bias from max_rates and intercepts (Nengo's generic gain_bias)",
            "Izhikevich rate curve (settled_firingrate)",
            "Izhikevich step: voltage, recovery, reset",
            "probe recovery",
            "non-default Izhikevich parameters, explicit gain/bias",
        ],
        seed=45,
        steps=200,
    )
    t = fx.times()
    fx.array_node("u", 0.5 + 0.5 * np.sin(2 * np.pi * 5 * t))
    fx.ensemble(
        "rs",
        5,
        1,
        neuron_type=nengo.Izhikevich(),
        max_rates=np.array([20.0, 40.0, 60.0, 80.0, 100.0]),
        intercepts=np.array([-0.5, -0.2, 0.0, 0.3, -0.8]),
        encoders=np.array([[1.0], [1.0], [-1.0], [1.0], [-1.0]]),
        rate_curve=np.linspace(-1.0, 1.0, 11),
    )
    fx.ensemble(
        "ch",
        3,
        1,
        neuron_type=nengo.Izhikevich(reset_voltage=-50, reset_recovery=2, coupling=0.25),
        gain=np.array([5.0, 8.0, 12.0]),
        bias=np.array([4.0, 6.0, 2.0]),
    )
    fx.connect("u", "rs", synapse=None)
    w = 0.004 * np.array([[1.0, 0.5, 0.0, -0.5, 0.25], [0.0, 1.0, 0.5, 0.5, -1.0], [0.5, 0.0, 1.0, 0.25, 0.5]])
    fx.connect("rs.neurons", "ch.neurons", transform=w, synapse=nengo.Lowpass(0.005))
    for name in ("rs", "ch"):
        fx.probe(f"{name}_spikes", f"{name}.neurons")
        fx.probe(f"{name}_voltage", f"{name}.neurons", "voltage")
        fx.probe(f"{name}_recovery", f"{name}.neurons", "recovery")
    return fx.run()


def stochastic_spiking():
    fx = Fixture(
        "stochastic_spiking",
        "StochasticSpiking(LIFRate(amplitude 0.8, tau_ref 0.0002), amplitude 0.5) at up to 2 spikes a "
        "step and StochasticSpiking(Tanh(tau_ref 0.002)) (negative rates), gain/bias from "
        "explicit max_rates and intercepts. The spikes are random; rate_out is "
        "deterministic and is the only probe. statistics: Nengo's spike counts against "
        "sum(rate_out) dt, and every step's count is floor(e) or floor(e) + 1.",
        [
            "probe rate_out of StochasticSpiking(LIFRate), rates above 1/dt",
            "probe rate_out of StochasticSpiking(Tanh): negative rates",
            "StochasticSpiking gain/bias from max_rates/intercepts via the base type",
        ],
        seed=46,
        steps=200,
    )
    t = fx.times()
    fx.array_node("u", np.sin(2 * np.pi * 3 * t))
    encoders = np.array([[1.0], [-1.0], [1.0], [-1.0], [1.0]])
    fx.ensemble(
        "lifrate",
        5,
        1,
        neuron_type=nengo.StochasticSpiking(nengo.LIFRate(amplitude=0.8, tau_ref=0.0002), amplitude=0.5),
        max_rates=np.array([80.0, 300.0, 900.0, 1800.0, 2500.0]),
        intercepts=np.array([-0.5, -0.1, 0.0, 0.3, -0.9]),
        encoders=encoders,
    )
    fx.ensemble(
        "tanh",
        5,
        1,
        neuron_type=nengo.StochasticSpiking(nengo.Tanh(tau_ref=0.002), amplitude=0.5),
        max_rates=np.array([100.0, 200.0, 300.0, 400.0, 450.0]),
        intercepts=np.array([-0.5, -0.1, 0.0, 0.3, 0.6]),
        encoders=encoders,
    )
    fx.connect("u", "lifrate", synapse=None)
    fx.connect("u", "tanh", synapse=nengo.Lowpass(0.005))
    spike_probes = {}
    for name in ("lifrate", "tanh"):
        fx.probe(f"{name}_rate_out", f"{name}.neurons", "rate_out")
        with fx.net:
            spike_probes[name] = nengo.Probe(fx.ensembles[name].neurons)

    def statistics(sim, document):
        groups = []
        for name, probe in spike_probes.items():
            ens = fx.ensembles[name]
            height = ens.neuron_type.amplitude / fx.dt
            counts = sim.data[probe] / height
            assert np.array_equal(counts, np.round(counts))
            rates = next(p for p in document["probes"] if p["name"] == f"{name}_rate_out")
            rates = rates["data"].array
            expected_steps = np.abs(rates) * fx.dt
            floor = np.floor(expected_steps)
            assert np.all((np.abs(counts) == floor) | (np.abs(counts) == floor + 1))
            assert np.all((counts == 0) | (np.sign(counts) == np.sign(rates)))
            expected = expected_steps.sum(0)  # mean of each neuron's total |count|
            observed = np.abs(counts).sum(0)
            variance = ((expected_steps - floor) * (1 - (expected_steps - floor))).sum(0)
            z = (observed - expected) / np.sqrt(np.maximum(variance, 1e-12))
            assert np.all(np.abs(z) < 4), f"Nengo's own counts are off: {z}"
            groups.append(
                {
                    "ensemble": name,
                    "spike_height": height,
                    "signed_spike_counts": counts.sum(0).astype(int).tolist(),
                    "abs_spike_counts": observed.astype(int).tolist(),
                    "expected_abs_counts": expected,
                    "variance_abs_counts": variance,
                    "z": z,
                }
            )
        document["statistics"] = {
            "groups": groups,
            "note": "per step |count| is floor(e) or floor(e) + 1 with e = |rate_out| dt; "
            "expected_abs_counts = sum over steps of e (the mean of each neuron's total "
            "|spike count|), variance_abs_counts = sum of frac(e) (1 - frac(e)); "
            "z = (abs - expected) / sqrt(variance); a spike's sign is its rate's sign",
        }

    return fx.run(after=statistics)


FIXTURES = {
    f.__name__: f
    for f in (
        lif_default,
        lif_custom_params,
        lif_dt2,
        lifrate,
        relu,
        spiking_relu,
        regular_lifrate,
        regular_relu,
        poisson_relu,
        chain_no_synapse,
        chain_synapses,
        node_probes,
        lif_explicit_gain_bias,
        builder_lif,
        builder_lifrate,
        builder_relu,
        builder_spiking_relu,
        builder_sigmoid,
        builder_tanh,
        sigmoid,
        tanh,
        slices,
        lif_refractory,
        rate_out_regular,
        rate_out_poisson,
        long_lif,
        adaptive_lif,
        adaptive_lifrate,
        izhikevich,
        stochastic_spiking,
    )
}


def main(argv=None):
    run_fixtures(
        "nengo_fixtures.py",
        FIXTURES,
        DEFAULT_OUT,
        argv,
        description=__doc__.split("\n\n")[0],
        max_total_bytes=MAX_TOTAL_BYTES,
    )


if __name__ == "__main__":
    main()
