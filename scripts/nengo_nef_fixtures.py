#!/usr/bin/env python3
"""Make the Nengo NEF reference fixtures (issue 14): decoders of every solver, and
decoded traces of small networks, from real Nengo 4.1.

Writes Tests/SNNSimulatorTests/Fixtures/nengo-nef/<name>.json; the schema is in that
folder's README.md. Run with the project's peers venv (nengo 4.1.0, numpy, scipy):

    .venv-peers/bin/python scripts/nengo_nef_fixtures.py              # all fixtures
    .venv-peers/bin/python scripts/nengo_nef_fixtures.py --only nef_pes --out /tmp/x

Nengo is made deterministic here: every ensemble gets explicit encoders, max_rates,
intercepts, eval points and initial voltages (drawn once from a fixed
numpy.random.RandomState), builds use optimize=False, and Nengo's decoder cache is off.
Gains and biases are Nengo's own (its builder derives them from max_rates/intercepts).
The JSON writer and the object descriptions are scripts/nengo_fixture_common.py's.
"""


import nengo
import numpy as np
from nengo.builder.ensemble import get_activities

from nengo_fixture_common import (
    describe_neuron_type,
    describe_probe,
    describe_synapse,
    describe_transform,
    fixture_dir,
    run_fixtures,
)

DEFAULT_OUT = fixture_dir("nengo-nef")

# Functions by name: the JSON names them, and stores their values at the eval points.
FUNCTIONS = {
    "identity": None,
    "square": lambda x: x**2,
    "product": lambda x: x[0] * x[1],
    "zero": lambda x: 0.0 * x,
}


def _scipy_version():
    try:
        import scipy  # pylint: disable=import-outside-toplevel

        return scipy.__version__
    except ImportError:
        return None


def describe_solver(solver):
    entry = {"type": type(solver).__name__, "weights": bool(solver.weights)}
    if isinstance(solver, nengo.solvers.LstsqL2):  # LstsqL2nz too
        entry["reg"] = float(solver.reg)
    elif isinstance(solver, nengo.solvers.Lstsq):
        entry["rcond"] = float(solver.rcond)
    elif isinstance(solver, nengo.solvers.NoSolver):
        entry["values"] = np.asarray(solver.values, dtype=np.float64)
    else:
        raise TypeError(f"unsupported solver {solver}")
    return entry


def describe_solver_info(info):
    """Nengo's solver_info without its wall-clock "time"."""
    out = {}
    for key, value in info.items():
        if key == "time":
            continue
        out[key] = int(value) if key == "rank" else np.asarray(value, dtype=np.float64)
    return out


def random_parameters(rng, n, d, n_eval):
    """Explicit ensemble parameters with Nengo's default distributions: encoders on the
    unit sphere, max_rates U(200, 400), intercepts U(-1, 0.9), eval points uniform in the
    unit ball (scaled by the radius when built), initial voltages U(0, 1)."""
    encoders = rng.normal(size=(n, d))
    encoders /= np.linalg.norm(encoders, axis=1, keepdims=True)
    directions = rng.normal(size=(n_eval, d))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    eval_points = directions * rng.uniform(0, 1, size=(n_eval, 1)) ** (1.0 / d)
    return {
        "encoders": encoders,
        "max_rates": rng.uniform(200, 400, size=n),
        "intercepts": rng.uniform(-1, 0.9, size=n),
        "eval_points": eval_points,
        "neuron_type": nengo.LIF(initial_state={"voltage": rng.uniform(0, 1, size=n)}),
    }


def describe_ensemble(sim, ens, name, given_eval_points):
    built = sim.data[ens]
    return {
        "name": name,
        "n_neurons": ens.n_neurons,
        "dimensions": ens.dimensions,
        "radius": float(ens.radius),
        "neuron_type": describe_neuron_type(ens.neuron_type),
        "max_rates": built.max_rates,
        "intercepts": built.intercepts,
        "gain": built.gain,
        "bias": built.bias,
        "encoders": built.encoders,
        "scaled_encoders": built.scaled_encoders,
        "eval_points_given": given_eval_points,
        "eval_points": built.eval_points,
        "initial_state": {
            key: np.asarray(value, dtype=np.float64)
            for key, value in (ens.neuron_type.initial_state or {}).items()
        },
    }


def _simulator(net, dt):
    return nengo.Simulator(net, dt=dt, progress_bar=False, optimize=False)


# ---------------------------------------------------------------------------------------
# Decoders of every solver


def _decoders(name, seed, n, d, n_eval, radius, functions, description):
    rng = np.random.RandomState(seed)
    pre_params = random_parameters(rng, n, d, n_eval)
    sizes = sorted({(1 if f in ("square", "product") else d) for f in functions})
    post_params = {size: random_parameters(rng, 10, size, 10) for size in sizes}
    with nengo.Network(seed=seed) as net:
        pre = nengo.Ensemble(n, d, radius=radius, label="pre", **pre_params)
        posts = {
            size: nengo.Ensemble(10, size, label=f"post{size}", **post_params[size])
            for size in sizes
        }
        conns = []
        for function in functions:
            size_out = 1 if function in ("square", "product") else d
            solvers = [
                nengo.solvers.LstsqL2(),
                nengo.solvers.LstsqL2nz(),
                nengo.solvers.Lstsq(),
                nengo.solvers.NoSolver(rng.uniform(-1e-3, 1e-3, size=(n, size_out))),
            ]
            for solver in solvers:
                node = nengo.Node(size_in=size_out)
                conn = nengo.Connection(
                    pre, node, function=FUNCTIONS[function], solver=solver, synapse=None
                )
                conns.append((function, conn, None))
            conn = nengo.Connection(
                pre,
                posts[size_out],
                function=FUNCTIONS[function],
                solver=nengo.solvers.LstsqL2(weights=True),
            )
            conns.append((function, conn, posts[size_out]))

    with _simulator(net, 0.001) as sim:
        built = sim.data[pre]
        activities = get_activities(built, pre, built.eval_points)
        targets = {}
        solutions = []
        for function, conn, post in conns:
            f = FUNCTIONS[function]
            y = (
                built.eval_points
                if f is None
                else np.array([np.atleast_1d(f(x)) for x in built.eval_points])
            )
            targets[function] = y
            entry = {
                "function": function,
                "solver": describe_solver(conn.solver),
                "post": "node" if post is None else post.label,
                "weights": sim.data[conn].weights,
                "solver_info": describe_solver_info(sim.data[conn].solver_info),
            }
            # LstsqL2 is compositional: with weights=True it solves the same decoders D
            # (solver_info as for the decoders) and Nengo's weights are
            # post.scaled_encoders @ transform @ D.T, shape (post n_neurons, pre n_neurons).
            assert post is None or conn.solver.compositional
            solutions.append(entry)
        document = {
            "name": name,
            "description": description,
            "nengo_version": nengo.__version__,
            "numpy_version": np.__version__,
            "scipy_version": _scipy_version(),
            "ensemble": describe_ensemble(sim, pre, "pre", pre_params["eval_points"]),
            "post_ensembles": [
                describe_ensemble(sim, posts[size], posts[size].label, post_params[size]["eval_points"])
                for size in sizes
            ],
            "activities": activities,
            "targets": targets,
            "solutions": solutions,
        }
    return document


def nef_decoders_1d():
    return _decoders(
        "nef_decoders_1d",
        50,
        n=20,
        d=1,
        n_eval=50,
        radius=1.0,
        functions=["identity", "square"],
        description="Decoders of a 20-neuron 1-D LIF ensemble on 50 eval points (m > n: "
        "Cholesky on A'A) for identity and x^2 with LstsqL2 (reg 0.1), LstsqL2nz, Lstsq "
        "(rcond 0.01), NoSolver(values) and LstsqL2(weights=True) into a 10-neuron post.",
    )


def nef_decoders_2d():
    return _decoders(
        "nef_decoders_2d",
        51,
        n=40,
        d=2,
        n_eval=30,
        radius=1.5,
        functions=["identity", "product"],
        description="Decoders of a 40-neuron 2-D LIF ensemble with radius 1.5 on 30 eval "
        "points (m < n: LstsqL2 solves the transposed system AA') for identity and x0*x1 "
        "with every solver, as nef_decoders_1d.",
    )


# ---------------------------------------------------------------------------------------
# Decoded traces


class NefNetwork:
    """A seeded network whose objects are all explicit, recorded as one fixture."""

    def __init__(self, name, description, seed, steps=1000, dt=0.001):
        self.name, self.description, self.seed = name, description, seed
        self.steps, self.dt = steps, dt
        self.rng = np.random.RandomState(seed)
        self.net = nengo.Network(seed=seed, label=name)
        self.nodes, self.ensembles, self.connections, self.probes = {}, {}, [], []

    def times(self):
        return self.dt * np.arange(1, self.steps + 1)

    def node(self, name, values=None, size_in=None):
        """A node that outputs values[k - 1] at step k, or a passthrough node."""
        with self.net:
            if values is None:
                node = nengo.Node(size_in=size_in, label=name)
            else:
                values = np.asarray(values, dtype=np.float64).reshape(self.steps, -1)
                dt = self.dt
                node = nengo.Node(
                    lambda t: values[max(int(round(t / dt)), 1) - 1], label=name
                )
            probe = nengo.Probe(node, synapse=None)
        self.nodes[name] = (node, probe, values is None)
        return node

    def ensemble(self, name, n, d, radius=1.0, n_eval=None):
        n_eval = 100 * d if n_eval is None else n_eval
        params = random_parameters(self.rng, n, d, n_eval)
        with self.net:
            ens = nengo.Ensemble(n, d, radius=radius, label=name, **params)
        self.ensembles[name] = (ens, params["eval_points"])
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

    def _label(self, obj):
        if isinstance(obj, nengo.connection.LearningRule):
            return next(n for n, c, _ in self.connections if c is obj.connection), "learning_rule"
        if isinstance(obj, nengo.Connection):
            return next(n for n, c, _ in self.connections if c is obj), "connection"
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
        nodes = []
        for name, (node, probe, passthrough) in self.nodes.items():
            entry = {"name": name}
            if passthrough:
                entry.update(kind="passthrough", size_in=node.size_in)
            else:
                entry.update(kind="values", size=node.size_out, output=sim.data[probe])
            nodes.append(entry)

        ensembles = [
            describe_ensemble(sim, ens, name, given)
            for name, (ens, given) in self.ensembles.items()
        ]

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
            }
            built = sim.data[conn]
            if pre_kind == "ensemble":
                f = FUNCTIONS[function]
                points = built.eval_points
                entry.update(
                    function=function,
                    solver=describe_solver(conn.solver),
                    targets=points
                    if f is None
                    else np.array([np.atleast_1d(f(x)) for x in points]),
                    weights=built.weights,
                )
            if conn.learning_rule_type is not None:
                rule = conn.learning_rule_type
                entry["learning_rule"] = {
                    "type": type(rule).__name__,
                    "learning_rate": float(rule.learning_rate),
                    "pre_synapse": describe_synapse(getattr(rule, "pre_synapse", None)),
                }
            connections.append(entry)

        probes = []
        for name, probe in self.probes:
            target, kind = self._label(probe.target)
            entry = describe_probe(sim, name, probe, target, kind, self.dt, describe_solver)
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
            "nodes": nodes,
            "ensembles": ensembles,
            "connections": connections,
            "probes": probes,
        }


def _channel(name, seed, function, description):
    fx = NefNetwork(name, description, seed)
    t = fx.times()
    stim = fx.node("stim", np.sin(2 * np.pi * t))
    a = fx.ensemble("a", 30, 1)
    b = fx.ensemble("b", 30, 1)
    fx.connect("stim_a", stim, a)  # default synapse Lowpass(0.005)
    ab = fx.connect("a_b", a, b, function=function)
    fx.probe("a_spikes", a.neurons)
    fx.probe("b_spikes", b.neurons)
    fx.probe("a_decoded", a, synapse=0.01)
    fx.probe("b_decoded", b, synapse=0.01)
    fx.probe("a_b_output", ab)  # the connection's synapse output, no probe synapse
    return fx.run()


def nef_communication_channel():
    return _channel(
        "nef_communication_channel",
        60,
        "identity",
        "stim sin(2 pi t) -> a (30 LIF, 1-D) -> b (30 LIF, 1-D), identity, default "
        "synapses and LstsqL2; decoded probes with Lowpass(0.01), spikes, and the a->b "
        "connection's output.",
    )


def nef_squaring():
    return _channel(
        "nef_squaring",
        61,
        "square",
        "As nef_communication_channel with function x^2 on a -> b.",
    )


def nef_product():
    fx = NefNetwork(
        "nef_product",
        "stim [sin(2 pi t), cos(pi t)] -> c (60 LIF, 2-D, radius 1.5) -> d (30 LIF, 1-D) "
        "with function x0 * x1; decoded probes with Lowpass(0.01).",
        62,
    )
    t = fx.times()
    stim = fx.node("stim", np.stack([np.sin(2 * np.pi * t), np.cos(np.pi * t)], 1))
    c = fx.ensemble("c", 60, 2, radius=1.5)
    d = fx.ensemble("d", 30, 1)
    fx.connect("stim_c", stim, c)
    fx.connect("c_d", c, d, function="product")
    fx.probe("c_spikes", c.neurons)
    fx.probe("d_spikes", d.neurons)
    fx.probe("c_decoded", c, synapse=0.01)
    fx.probe("d_decoded", d, synapse=0.01)
    return fx.run()


def nef_integrator():
    fx = NefNetwork(
        "nef_integrator",
        "Integrator: u = 0, 1, 0, -1 on [0, 0.2), [0.2, 0.5), [0.5, 0.7), [0.7, 1] s -> a "
        "(50 LIF, 1-D) with transform 0.1 and Lowpass(0.1); a -> a with Lowpass(0.1) "
        "(recurrent); decoded probe with Lowpass(0.01).",
        63,
    )
    t = fx.times()
    u = np.select([t < 0.2, t < 0.5, t < 0.7], [0.0, 1.0, 0.0], -1.0)
    stim = fx.node("stim", u)
    a = fx.ensemble("a", 50, 1)
    fx.connect("stim_a", stim, a, transform=0.1, synapse=0.1)
    fx.connect("a_a", a, a, synapse=0.1)
    fx.probe("a_spikes", a.neurons)
    fx.probe("a_decoded", a, synapse=0.01)
    return fx.run()


def nef_oscillator():
    tau, omega = 0.1, 2 * np.pi
    fx = NefNetwork(
        "nef_oscillator",
        "Oscillator: kick [1, 0] for t < 0.1 s -> a (60 LIF, 2-D), default synapse; a -> a "
        "with transform [[1, -w tau], [w tau, 1]], tau 0.1, w 2 pi, Lowpass(0.1); decoded "
        "probe with Lowpass(0.01).",
        64,
    )
    t = fx.times()
    kick = fx.node("kick", np.stack([np.where(t < 0.1, 1.0, 0.0), np.zeros_like(t)], 1))
    a = fx.ensemble("a", 60, 2)
    fx.connect("kick_a", kick, a)
    fx.connect("a_a", a, a, transform=[[1, -omega * tau], [omega * tau, 1]], synapse=tau)
    fx.probe("a_spikes", a.neurons)
    fx.probe("a_decoded", a, synapse=0.01)
    return fx.run()


def nef_pes():
    fx = NefNetwork(
        "nef_pes",
        "PES: stim (two sines) -> pre (30 LIF) -> post (30 LIF) learned by PES(learning "
        "rate 1e-3) from function 0; error (30 LIF) = post - pre, error -> the rule; the "
        "learned weights probed every 50 steps.",
        65,
    )
    t = fx.times()
    stim = fx.node("stim", 0.6 * np.sin(2 * np.pi * 2 * t) + 0.3 * np.sin(2 * np.pi * 5 * t))
    pre = fx.ensemble("pre", 30, 1)
    post = fx.ensemble("post", 30, 1)
    error = fx.ensemble("error", 30, 1)
    fx.connect("stim_pre", stim, pre)
    learned = fx.connect(
        "pre_post", pre, post, function="zero", learning_rule_type=nengo.PES(learning_rate=1e-3)
    )
    fx.connect("post_error", post, error)
    fx.connect("pre_error", pre, error, transform=-1)
    fx.connect("error_rule", error, learned.learning_rule)
    for name in ("pre", "post", "error"):
        fx.probe(f"{name}_spikes", fx.ensembles[name][0].neurons)
        fx.probe(f"{name}_decoded", fx.ensembles[name][0], synapse=0.01)
    fx.probe("weights", learned, "weights", sample_every=0.05)
    return fx.run()


FIXTURES = {
    f.__name__: f
    for f in (
        nef_decoders_1d,
        nef_decoders_2d,
        nef_communication_channel,
        nef_squaring,
        nef_product,
        nef_integrator,
        nef_oscillator,
        nef_pes,
    )
}


def main(argv=None):
    run_fixtures("nengo_nef_fixtures.py", FIXTURES, DEFAULT_OUT, argv, description=__doc__.split("\n\n")[0])


if __name__ == "__main__":
    main()
