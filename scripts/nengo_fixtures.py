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

Every network is seeded, so the output is reproducible bit for bit with the pinned
versions. Model parameters, initial states and node outputs are written with full
float64 precision (shortest round-trip repr) so that a replay starts from exactly Nengo's
values; probe traces are rounded to 9 significant digits.
"""

import argparse
import json
import math
import pathlib
import sys

import nengo
import numpy as np

NENGO_VERSION = "4.1.0"
NUMPY_VERSION = "2.4.6"
TRACE_SIGNIFICANT_DIGITS = 9
MAX_FILE_BYTES = 200_000
MAX_TOTAL_BYTES = 2_000_000
DEFAULT_OUT = (
    pathlib.Path(__file__).resolve().parent.parent
    / "Tests"
    / "SNNSimulatorTests"
    / "Fixtures"
    / "nengo"
)


# ---------------------------------------------------------------------------------------
# JSON output


class Trace:
    """A [steps][size] array written with TRACE_SIGNIFICANT_DIGITS digits, a row a line."""

    def __init__(self, array):
        self.array = np.asarray(array, dtype=np.float64)


def _number(value, significant_digits=None):
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"non-finite value {value} cannot be written to JSON")
    if significant_digits is not None:
        value = float(f"{value:.{significant_digits}g}")
    return repr(value)


def _is_scalar(value):
    return value is None or isinstance(value, (bool, int, float, str, np.generic))


def _scalar(value):
    if value is None:
        return "null"
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return _number(value)
    if isinstance(value, str):
        return json.dumps(value)
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def _encode(value, level=0):
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, Trace):
        rows = [
            "[" + ", ".join(_number(x, TRACE_SIGNIFICANT_DIGITS) for x in row) + "]"
            for row in value.array
        ]
        return "[\n" + ",\n".join(inner + row for row in rows) + "\n" + pad + "]"
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(k)}: {_encode(v, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if all(_is_scalar(x) for x in value):
            return "[" + ", ".join(_scalar(x) for x in value) + "]"
        return "[\n" + ",\n".join(inner + _encode(x, level + 1) for x in value) + "\n" + pad + "]"
    return _scalar(value)


def to_json(document):
    """Serializes a fixture document (dicts, lists, numbers, `Trace`s) to JSON text."""
    return _encode(document) + "\n"


# ---------------------------------------------------------------------------------------
# Descriptions of Nengo objects


def describe_synapse(synapse):
    if synapse is None:
        return None
    if isinstance(synapse, nengo.Alpha):
        return {"type": "Alpha", "tau": float(synapse.tau)}
    if isinstance(synapse, nengo.Lowpass):
        return {"type": "Lowpass", "tau": float(synapse.tau)}
    raise TypeError(f"unsupported synapse {synapse}")


def describe_neuron_type(neuron_type):
    # Subclasses first: LIF is a LIFRate, SpikingRectifiedLinear a RectifiedLinear.
    if isinstance(neuron_type, nengo.LIF):
        return {
            "type": "LIF",
            "tau_rc": float(neuron_type.tau_rc),
            "tau_ref": float(neuron_type.tau_ref),
            "min_voltage": float(neuron_type.min_voltage),
            "amplitude": float(neuron_type.amplitude),
        }
    if isinstance(neuron_type, nengo.LIFRate):
        return {
            "type": "LIFRate",
            "tau_rc": float(neuron_type.tau_rc),
            "tau_ref": float(neuron_type.tau_ref),
            "amplitude": float(neuron_type.amplitude),
        }
    if isinstance(neuron_type, nengo.SpikingRectifiedLinear):
        return {"type": "SpikingRectifiedLinear", "amplitude": float(neuron_type.amplitude)}
    if isinstance(neuron_type, nengo.RectifiedLinear):
        return {"type": "RectifiedLinear", "amplitude": float(neuron_type.amplitude)}
    for cls in (nengo.RegularSpiking, nengo.PoissonSpiking):
        if isinstance(neuron_type, cls):
            return {
                "type": cls.__name__,
                "base": describe_neuron_type(neuron_type.base_type),
                "amplitude": float(neuron_type.amplitude),
            }
    raise TypeError(f"unsupported neuron type {neuron_type}")


def describe_distribution(dist):
    if isinstance(dist, nengo.dists.Uniform):
        return {"type": "Uniform", "low": float(dist.low), "high": float(dist.high)}
    if isinstance(dist, nengo.dists.Choice):
        return {"type": "Choice", "options": np.asarray(dist.options).ravel().tolist()}
    if isinstance(dist, nengo.dists.Distribution):
        return {"type": type(dist).__name__}
    return "explicit"


def describe_transform(transform):
    """Scalar (elementwise, equal sizes), vector (diagonal) or (size_out, size_in) matrix."""
    if isinstance(transform, nengo.transforms.NoTransform):
        return 1.0
    if isinstance(transform, nengo.transforms.Dense):
        init = np.asarray(transform.init, dtype=np.float64)
        return float(init) if init.ndim == 0 else init.tolist()
    raise TypeError(f"unsupported transform {transform}")


def state_names(neuron_type):
    names = list(neuron_type.state)
    if isinstance(neuron_type, nengo.neurons.RatesToSpikesNeuronType):
        names += list(neuron_type.base_type.state)
    return names


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

    def ensemble(self, name, n_neurons, dimensions, **kwargs):
        with self.net:
            ens = nengo.Ensemble(n_neurons, dimensions, label=name, **kwargs)
        self.ensembles[name] = ens
        return ens

    def _resolve(self, ref):
        if ref.endswith(".neurons"):
            name = ref[: -len(".neurons")]
            return self.ensembles[name].neurons, name, "neurons"
        if ref in self.nodes:
            return self.nodes[ref][0], ref, "node"
        return self.ensembles[ref], ref, "ensemble"

    def connect(self, pre, post, **kwargs):
        """Connects; omitted transform/synapse keyword arguments take Nengo's defaults."""
        pre_obj, pre_name, pre_kind = self._resolve(pre)
        post_obj, post_name, post_kind = self._resolve(post)
        assert pre_kind in ("node", "neurons"), "no decoded connections from ensembles"
        with self.net:
            conn = nengo.Connection(pre_obj, post_obj, **kwargs)
        self.connections.append((conn, pre_name, pre_kind, post_name, post_kind))

    def probe(self, name, target, attr="output", synapse=None):
        obj, target_name, kind = self._resolve(target)
        assert kind in ("node", "neurons")
        with self.net:
            probe = nengo.Probe(obj, attr, synapse=synapse)
        self.probes.append((name, probe, target_name, kind, attr))

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

        connections = [
            {
                "pre": pre_name,
                "pre_kind": pre_kind,
                "post": post_name,
                "post_kind": post_kind,
                "transform": describe_transform(conn.transform),
                "synapse": describe_synapse(conn.synapse),
            }
            for conn, pre_name, pre_kind, post_name, post_kind in self.connections
        ]

        probes = [
            {
                "name": name,
                "target": target,
                "target_kind": kind,
                "attr": attr,
                "synapse": describe_synapse(probe.synapse),
                "data": Trace(sim.data[probe]),
            }
            for name, probe, target, kind, attr in self.probes
        ]

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
    )
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--only", choices=sorted(FIXTURES), action="append", help="fixture name")
    parser.add_argument(
        "--allow-other-versions",
        action="store_true",
        help=f"run with versions other than nengo {NENGO_VERSION} / numpy {NUMPY_VERSION}",
    )
    args = parser.parse_args(argv)

    versions = (nengo.__version__, np.__version__)
    if versions != (NENGO_VERSION, NUMPY_VERSION) and not args.allow_other_versions:
        sys.exit(
            f"nengo_fixtures.py: found nengo {versions[0]} / numpy {versions[1]}, expected "
            f"{NENGO_VERSION} / {NUMPY_VERSION} (scripts/requirements-nengo.txt); "
            "pass --allow-other-versions to proceed anyway"
        )

    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name in args.only or FIXTURES:
        text = to_json(FIXTURES[name]())
        size = len(text.encode())
        if size > MAX_FILE_BYTES:
            sys.exit(f"nengo_fixtures.py: {name}.json is {size} bytes (limit {MAX_FILE_BYTES})")
        total += size
        (args.out / f"{name}.json").write_text(text)
        print(f"{name}.json: {size} bytes")
    if total > MAX_TOTAL_BYTES:
        sys.exit(f"nengo_fixtures.py: fixtures total {total} bytes (limit {MAX_TOTAL_BYTES})")
    print(f"total: {total} bytes in {args.out}")


if __name__ == "__main__":
    main()
