#!/usr/bin/env python3
"""Make the Nengo signal-graph reference fixtures (issue 14: nodes, processes, probes'
sample_every, Direct ensembles), from real Nengo 4.1.

Writes Tests/SNNSimulatorTests/Fixtures/nengo-graph/<name>.json; the schema is in that
folder's README.md. Run with the project's peers venv (nengo 4.1.0, numpy, scipy):

    .venv-peers/bin/python scripts/nengo_graph_fixtures.py              # all fixtures
    .venv-peers/bin/python scripts/nengo_graph_fixtures.py --only graph_direct --out /tmp/x

As scripts/nengo_nef_fixtures.py: every ensemble is explicit (encoders, max_rates,
intercepts, eval points, initial voltages drawn once from numpy.random.RandomState(seed)),
builds use optimize=False and the decoder cache is off. Node functions and connection
functions are named (NODE_FUNCTIONS, FUNCTIONS) so that a replay can rebuild them.
"""


import nengo
import numpy as np

from nengo_fixture_common import (
    Trace,
    describe_probe,
    describe_synapse,
    describe_transform,
    fixture_dir,
    run_fixtures,
    slice_indices,
)
from nengo_nef_fixtures import (
    FUNCTIONS,
    _scipy_version,
    _simulator,
    describe_ensemble,
    random_parameters,
)

DEFAULT_OUT = fixture_dir("nengo-graph")

# Node functions f(t, x) by name.
NODE_FUNCTIONS = {
    "scale_by_t": lambda t, x: x * (1.0 + t),
    "product": lambda t, x: x[:1] * x[1:2],
    "clip": lambda t, x: np.clip(x, -0.5, 0.5),
}


class GraphNetwork:
    """A seeded network of nodes, ensembles (LIF or Direct), connections and probes,
    recorded as one fixture."""

    def __init__(self, name, description, seed, steps=500, dt=0.001):
        self.name, self.description, self.seed = name, description, seed
        self.steps, self.dt = steps, dt
        self.rng = np.random.RandomState(seed)
        self.net = nengo.Network(seed=seed, label=name)
        self.nodes, self.ensembles, self.connections, self.probes = [], [], [], []

    def times(self):
        return self.dt * np.arange(1, self.steps + 1)

    def _add_node(self, node, entry):
        self.nodes.append((node, entry))
        return node

    def values(self, name, values):
        """A node that outputs values[k - 1] at step k (recorded: the replay feeds them)."""
        values = np.asarray(values, dtype=np.float64).reshape(self.steps, -1)
        dt = self.dt
        with self.net:
            node = nengo.Node(lambda t: values[max(int(round(t / dt)), 1) - 1], label=name)
        return self._add_node(node, {"name": name, "kind": "values", "output": Trace(values)})

    def passthrough(self, name, size):
        with self.net:
            node = nengo.Node(size_in=size, label=name)
        return self._add_node(node, {"name": name, "kind": "passthrough", "size_in": size})

    def function(self, name, function, size_in, size_out):
        with self.net:
            node = nengo.Node(
                NODE_FUNCTIONS[function], size_in=size_in, size_out=size_out, label=name
            )
        entry = {
            "name": name,
            "kind": "function",
            "function": function,
            "size_in": size_in,
            "size_out": size_out,
        }
        return self._add_node(node, entry)

    def piecewise(self, name, data, interpolation="zero"):
        with self.net:
            node = nengo.Node(nengo.processes.Piecewise(data, interpolation=interpolation), label=name)
        times = sorted(data)
        entry = {
            "name": name,
            "kind": "piecewise",
            "times": [float(t) for t in times],
            "values": [np.atleast_1d(np.asarray(data[t], dtype=np.float64)).tolist() for t in times],
            "interpolation": interpolation,
        }
        return self._add_node(node, entry)

    def present_input(self, name, inputs, presentation_time):
        inputs = np.asarray(inputs, dtype=np.float64)
        with self.net:
            node = nengo.Node(nengo.processes.PresentInput(inputs, presentation_time), label=name)
        entry = {
            "name": name,
            "kind": "present_input",
            "inputs": inputs.tolist(),
            "presentation_time": float(presentation_time),
        }
        return self._add_node(node, entry)

    def ensemble(self, name, n, d, radius=1.0, n_eval=None):
        n_eval = 100 * d if n_eval is None else n_eval
        params = random_parameters(self.rng, n, d, n_eval)
        with self.net:
            ens = nengo.Ensemble(n, d, radius=radius, label=name, **params)
        self.ensembles.append((name, ens, params["eval_points"]))
        return ens

    def direct(self, name, d):
        with self.net:
            ens = nengo.Ensemble(1, d, neuron_type=nengo.Direct(), label=name)
        self.ensembles.append((name, ens, None))
        return ens

    def connect(self, name, pre, post, function="identity", **kwargs):
        with self.net:
            conn = nengo.Connection(pre, post, function=FUNCTIONS[function], **kwargs)
        self.connections.append((name, conn, function))
        return conn

    def probe(self, name, target, attr=None, synapse=None, sample_every=None):
        with self.net:
            if attr is None:
                probe = nengo.Probe(target, synapse=synapse, sample_every=sample_every)
            else:
                probe = nengo.Probe(target, attr, synapse=synapse, sample_every=sample_every)
        self.probes.append((name, probe))

    @staticmethod
    def _label(obj):
        if isinstance(obj, nengo.ensemble.Neurons):
            return obj.ensemble.label, "neurons"
        if isinstance(obj, nengo.Ensemble):
            return obj.label, "ensemble"
        return obj.label, "node"

    def run(self):
        with _simulator(self.net, self.dt) as sim:
            sim.run_steps(self.steps)
            return self._document(sim)

    def _document(self, sim):
        ensembles = []
        for name, ens, given in self.ensembles:
            if isinstance(ens.neuron_type, nengo.Direct):
                ensembles.append(
                    {
                        "name": name,
                        "n_neurons": ens.n_neurons,
                        "dimensions": ens.dimensions,
                        "neuron_type": {"type": "Direct"},
                    }
                )
            else:
                ensembles.append(describe_ensemble(sim, ens, name, given))

        connections = []
        for name, conn, function in self.connections:
            pre, pre_kind = self._label(conn.pre_obj)
            post, post_kind = self._label(conn.post_obj)
            entry = {
                "name": name,
                "pre": pre,
                "pre_kind": pre_kind,
                "post": post,
                "post_kind": post_kind,
                "transform": describe_transform(conn.transform),
                "synapse": describe_synapse(conn.synapse),
                "function": function,
            }
            if pre_kind == "ensemble" and not isinstance(conn.pre_obj.neuron_type, nengo.Direct):
                # Nengo's decoders times the transform, (size_out, n_pre): for a replay.
                entry["weights"] = sim.data[conn].weights
            if conn.pre_slice != slice(None):
                entry["pre_slice"] = slice_indices(conn.pre_slice, conn.pre_obj.size_out)
            if conn.post_slice != slice(None):
                entry["post_slice"] = slice_indices(conn.post_slice, conn.post_obj.size_in)
            connections.append(entry)

        probes = []
        for name, probe in self.probes:
            target, kind = self._label(probe.target)
            entry = describe_probe(sim, name, probe, target, kind, self.dt)
            probes.append(entry)

        return {
            "name": self.name,
            "description": self.description,
            "nengo_version": nengo.__version__,
            "numpy_version": np.__version__,
            "scipy_version": _scipy_version(),
            "dt": self.dt,
            "steps": self.steps,
            "seed": self.seed,
            "nodes": [entry for _, entry in self.nodes],
            "ensembles": ensembles,
            "connections": connections,
            "probes": probes,
        }


def graph_passthrough_chain():
    fx = GraphNetwork(
        "graph_passthrough_chain",
        "stim [sin(2 pi t), cos(2 pi t)] -> p1 (passthrough 2) -> p2 (passthrough 2, "
        "transform [[1, 0.5], [-0.5, 1]]) without synapses; p2[1] -> p3[0] (passthrough 2) "
        "with a slice, stim[0] -> p3[1] with Lowpass(0.01); p2 -> a (20 LIF, 2-D); a -> p4 "
        "(passthrough 2) decoded without a synapse; probes of every node and of a.",
        70,
    )
    t = fx.times()
    stim = fx.values("stim", np.stack([np.sin(2 * np.pi * t), np.cos(2 * np.pi * t)], 1))
    p1 = fx.passthrough("p1", 2)
    p2 = fx.passthrough("p2", 2)
    p3 = fx.passthrough("p3", 2)
    p4 = fx.passthrough("p4", 2)
    a = fx.ensemble("a", 20, 2)
    fx.connect("stim_p1", stim, p1, synapse=None)
    fx.connect("p1_p2", p1, p2, transform=[[1.0, 0.5], [-0.5, 1.0]], synapse=None)
    fx.connect("p2_p3", p2[1], p3[0], synapse=None)
    fx.connect("stim_p3", stim[0], p3[1], synapse=0.01)
    fx.connect("p2_a", p2, a)
    fx.connect("a_p4", a, p4, synapse=None)
    for name, node in (("p1", p1), ("p2", p2), ("p3", p3), ("p4", p4)):
        fx.probe(name, node)
    fx.probe("p4_filtered", p4, synapse=0.01)
    fx.probe("a_spikes", a.neurons)
    fx.probe("a_decoded", a, synapse=0.01)
    return fx.run()


def graph_node_function():
    fx = GraphNetwork(
        "graph_node_function",
        "stim sin(2 pi t) -> a (30 LIF, 1-D) -> f (node f(t, x) = x (1 + t)) decoded with "
        "Lowpass(0.005) -> b (30 LIF, 1-D); a -> g (node clip(x, -0.5, 0.5)) decoded "
        "without a synapse; [stim, g] -> h (node x0 * x1 of a 2-D input); probes of the "
        "nodes and decoded b.",
        71,
    )
    t = fx.times()
    stim = fx.values("stim", np.sin(2 * np.pi * t))
    a = fx.ensemble("a", 30, 1)
    b = fx.ensemble("b", 30, 1)
    f = fx.function("f", "scale_by_t", 1, 1)
    g = fx.function("g", "clip", 1, 1)
    h = fx.function("h", "product", 2, 1)
    fx.connect("stim_a", stim, a)
    fx.connect("a_f", a, f)
    fx.connect("f_b", f, b)
    fx.connect("a_g", a, g, synapse=None)
    fx.connect("stim_h", stim, h[0], synapse=None)
    fx.connect("g_h", g, h[1], synapse=None)
    for name, node in (("f", f), ("g", g), ("h", h)):
        fx.probe(name, node)
    fx.probe("b_spikes", b.neurons)
    fx.probe("b_decoded", b, synapse=0.01)
    return fx.run()


def graph_node_synapse():
    fx = GraphNetwork(
        "graph_node_synapse",
        "stim (3-D sines) -> n1 (passthrough 3) with Lowpass(0.02); n1 -> n2 (passthrough 2) "
        "with transform (2, 3) and Alpha(0.01); n2 -> n3 (f(t, x) = x (1 + t)) with "
        "Lowpass(0.005); n3 -> a.neurons (10 LIF) with transform (10, 2) and no synapse.",
        72,
    )
    t = fx.times()
    stim = fx.values(
        "stim",
        np.stack([np.sin(2 * np.pi * t), np.sin(6 * np.pi * t), np.cos(4 * np.pi * t)], 1),
    )
    n1 = fx.passthrough("n1", 3)
    n2 = fx.passthrough("n2", 2)
    n3 = fx.function("n3", "scale_by_t", 2, 2)
    a = fx.ensemble("a", 10, 1)
    fx.connect("stim_n1", stim, n1, synapse=0.02)
    fx.connect(
        "n1_n2", n1, n2, transform=[[0.5, -1.0, 0.25], [1.0, 0.3, -0.7]], synapse=nengo.Alpha(0.01)
    )
    fx.connect("n2_n3", n2, n3, synapse=0.005)
    fx.connect("n3_a", n3, a.neurons, transform=fx.rng.uniform(-1, 1, size=(10, 2)), synapse=None)
    for name, node in (("n1", n1), ("n2", n2), ("n3", n3)):
        fx.probe(name, node)
    fx.probe("a_spikes", a.neurons)
    return fx.run()


def graph_processes():
    fx = GraphNetwork(
        "graph_processes",
        "Piecewise {0: 0, 0.1: 0.8, 0.25: -0.4, 0.4: 0.2} (zero interpolation) and "
        "PresentInput([[0.5, -0.2], [-0.6, 0.1], [0.2, 0.7]], 0.07) as node outputs; the "
        "piecewise node -> a (20 LIF, 1-D); probes of both nodes and of a.",
        73,
    )
    pw = fx.piecewise("pw", {0: 0.0, 0.1: 0.8, 0.25: -0.4, 0.4: 0.2})
    pi = fx.present_input("pi", [[0.5, -0.2], [-0.6, 0.1], [0.2, 0.7]], 0.07)
    a = fx.ensemble("a", 20, 1)
    fx.connect("pw_a", pw, a)
    fx.probe("pw", pw)
    fx.probe("pi", pi)
    fx.probe("pi_filtered", pi, synapse=0.01)
    fx.probe("a_spikes", a.neurons)
    fx.probe("a_decoded", a, synapse=0.01)
    return fx.run()


def graph_sample_every():
    fx = GraphNetwork(
        "graph_sample_every",
        "stim sin(2 pi t) -> a (20 LIF, 1-D); probes with sample_every 0.01 s (node, decoded "
        "with Lowpass(0.01), spikes, voltage), 0.0025 s (a period of 2.5 steps: decoded) and "
        "0.001 s.",
        74,
        steps=300,
    )
    t = fx.times()
    stim = fx.values("stim", np.sin(2 * np.pi * t))
    a = fx.ensemble("a", 20, 1)
    fx.connect("stim_a", stim, a)
    fx.probe("stim_10ms", stim, sample_every=0.01)
    fx.probe("a_decoded_10ms", a, synapse=0.01, sample_every=0.01)
    fx.probe("a_decoded_2_5ms", a, synapse=0.01, sample_every=0.0025)
    fx.probe("a_decoded_1ms", a, synapse=0.01, sample_every=0.001)
    fx.probe("a_spikes_10ms", a.neurons, sample_every=0.01)
    fx.probe("a_voltage_10ms", a.neurons, "voltage", sample_every=0.01)
    return fx.run()


def graph_direct():
    fx = GraphNetwork(
        "graph_direct",
        "Direct ensembles: stim [sin(2 pi t), cos(pi t)] -> x (Direct, 2-D) without a "
        "synapse; x -> sq (Direct, 1-D) with x0^2 (pre slice [0], function square) and "
        "Lowpass(0.005); x -> prod (Direct, 1-D) with x0 * x1, no synapse; prod -> a (20 "
        "LIF, 1-D); a -> d (Direct, 1-D) decoded; probes of the Direct ensembles (with and "
        "without synapses) and of a.",
        75,
    )
    t = fx.times()
    stim = fx.values("stim", np.stack([np.sin(2 * np.pi * t), np.cos(np.pi * t)], 1))
    x = fx.direct("x", 2)
    sq = fx.direct("sq", 1)
    prod = fx.direct("prod", 1)
    d = fx.direct("d", 1)
    a = fx.ensemble("a", 20, 1)
    fx.connect("stim_x", stim, x, synapse=None)
    fx.connect("x_sq", x[0], sq, function="square")
    fx.connect("x_prod", x, prod, function="product", synapse=None)
    fx.connect("prod_a", prod, a)
    fx.connect("a_d", a, d)
    fx.probe("x", x)
    fx.probe("sq", sq)
    fx.probe("prod", prod)
    fx.probe("prod_filtered", prod, synapse=0.01)
    fx.probe("d", d)
    fx.probe("a_spikes", a.neurons)
    return fx.run()


FIXTURES = {
    f.__name__: f
    for f in (
        graph_passthrough_chain,
        graph_node_function,
        graph_node_synapse,
        graph_processes,
        graph_sample_every,
        graph_direct,
    )
}


def main(argv=None):
    run_fixtures("nengo_graph_fixtures.py", FIXTURES, DEFAULT_OUT, argv, description=__doc__.split("\n\n")[0])


if __name__ == "__main__":
    main()
