#!/usr/bin/env python3
"""Make the decoder-solver fixtures that SwiftSNN's SolverTests compare against.

Real Nengo 4.1 solves for decoders on deterministic activity matrices, two ways:

1. `nengo.solvers.*` called directly on activities computed from explicit gains, biases,
   encoders and eval points with `LIFRate.rates` (what Nengo's builder does), for a 1-D
   ensemble with more eval points than neurons, a 1-D ensemble with fewer (the transposed
   Cholesky form), and a 2-D ensemble: `solver_<case>.json`.
2. A network built by `nengo.Simulator` with explicit ensemble parameters, whose
   connections use `weights=True` (and one decoded connection, and one with
   `scale_eval_points=False`): the builder's eval points and its final weight matrix
   (`sim.data[conn].weights`): `builder_weights.json`. The activities and targets are
   left for the test to form from the ensemble's parameters, as the builder does.

Everything is deterministic (no random parameters, decoder cache off), so the output is
the same on every run with the same Nengo/NumPy/SciPy. Floats are written with Python's
shortest round-trip repr.

    /work/main/.venv-peers/bin/python scripts/nengo_solver_fixtures.py [--out DIR]
"""

import argparse
import json
import pathlib

import nengo
import numpy as np

DEFAULT_OUT = (
    pathlib.Path(__file__).resolve().parent.parent
    / "Tests"
    / "SNNSimulatorTests"
    / "Fixtures"
    / "nengo-solvers"
)

# Each solver as Nengo builds it and as the fixture names it ("solver" + parameters).
SOLVERS = [
    ({"solver": "LstsqL2", "reg": 0.1}, lambda w: nengo.solvers.LstsqL2(weights=w)),
    ({"solver": "LstsqL2", "reg": 0.01}, lambda w: nengo.solvers.LstsqL2(weights=w, reg=0.01)),
    ({"solver": "LstsqL2nz", "reg": 0.1}, lambda w: nengo.solvers.LstsqL2nz(weights=w)),
    ({"solver": "LstsqL2nz", "reg": 0.03}, lambda w: nengo.solvers.LstsqL2nz(weights=w, reg=0.03)),
    ({"solver": "Lstsq", "rcond": 0.01}, lambda w: nengo.solvers.Lstsq(weights=w)),
    ({"solver": "Lstsq", "rcond": 0.001}, lambda w: nengo.solvers.Lstsq(weights=w, rcond=0.001)),
]

# Functions the Swift test evaluates by the same name.
FUNCTIONS = {
    "identity": lambda x: x,
    "square_and_identity": lambda x: np.array([x[0] ** 2, x[0]]),
    "product_and_square": lambda x: np.array([x[0] * x[1], x[1] ** 2]),
    "cube": lambda x: np.array([x[0] ** 3]),
}


def matrix(a):
    return np.asarray(a, dtype=np.float64).reshape(len(a), -1).tolist()


def to_json(value, level=0):
    """JSON text: a list of numbers on one line, a matrix one row per line."""
    pad, inner = " " * level, " " * (level + 1)
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k)}: {to_json(v, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and not all(isinstance(x, (int, float, str)) for x in value):
        return "[\n" + ",\n".join(inner + to_json(x, level + 1) for x in value) + "\n" + pad + "]"
    return json.dumps(value)


def lif_parameters(n, rng_free_seed):
    """Deterministic max rates and intercepts spread over Nengo's default ranges."""
    k = np.arange(n)
    max_rates = 200.0 + 200.0 * ((k * 7 + rng_free_seed) % n) / max(n - 1, 1)
    intercepts = -0.9 + 1.7 * ((k * 11 + 3 * rng_free_seed) % n) / max(n - 1, 1)
    return max_rates, intercepts


def unit_circle(n, offset):
    angles = 2 * np.pi * (np.arange(n) + offset) / n
    return np.stack([np.cos(angles), np.sin(angles)], axis=1)


def sunflower(m):
    """m points spread evenly over the unit disk."""
    k = np.arange(m) + 0.5
    r = np.sqrt(k / m)
    theta = k * np.pi * (3 - np.sqrt(5))
    return np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1)


def lstsq_margin(solve_info, rcond):
    """How far the nearest singular value is from the cut-off, relative to s_max."""
    s = solve_info["singular_values"]
    return float(np.min(np.abs(s / s[0] - rcond)))


def solver_case(name, description, neuron_type, gain, bias, encoders, radius, points, function):
    """Decoders from nengo.solvers called directly, as solve_for_decoders calls them."""
    x = np.dot(points, encoders.T / radius)
    activities = neuron_type.rates(x, gain, bias)
    targets = np.array([FUNCTIONS[function](p) for p in points], dtype=np.float64)
    solves = []
    for params, make in SOLVERS:
        decoders, info = make(False)(activities, targets)
        entry = dict(params, decoders=matrix(decoders), rmses=np.asarray(info["rmses"]).tolist())
        if params["solver"] == "Lstsq":
            entry["rank"] = int(info["rank"])
            margin = lstsq_margin(info, params["rcond"])
            assert margin > 1e-6, f"{name}: a singular value is too close to rcond: {margin}"
        solves.append(entry)
    values = np.linspace(-1e-3, 1e-3, activities.shape[1] * targets.shape[1])
    values = values.reshape(activities.shape[1], targets.shape[1])
    decoders, _ = nengo.solvers.NoSolver(values)(activities, targets)
    solves.append({"solver": "NoSolver", "values": matrix(values), "decoders": matrix(decoders)})
    return {
        "name": name,
        "description": description,
        "neuron_type": describe(neuron_type),
        "function": function,
        "gain": gain.tolist(),
        "bias": bias.tolist(),
        "encoders": matrix(encoders),
        "radius": radius,
        "eval_points": matrix(points),
        "activities": matrix(activities),
        "targets": matrix(targets),
        "solves": solves,
    }


def describe(neuron_type):
    return {
        "type": type(neuron_type).__name__,
        "tau_rc": float(neuron_type.tau_rc),
        "tau_ref": float(neuron_type.tau_ref),
        "amplitude": float(neuron_type.amplitude),
    }


def solver_cases():
    lifrate = nengo.LIFRate()
    custom = nengo.LIFRate(tau_rc=0.03, tau_ref=0.003)
    alternating = lambda n, k: np.where(np.arange(n) % k == 0, 1.0, -1.0)[:, None]  # noqa: E731
    # name, description, neuron type, n, parameter seed, rate scale, encoders, radius,
    # eval points (already scaled by the radius), function
    specs = [
        (
            "solver_1d_tall",
            "1-D LIFRate ensemble, 24 neurons (one never active), 60 eval points (m > n)",
            lifrate, 24, 1, 1.0, alternating(24, 2), 1.0, np.linspace(-1, 1, 60)[:, None],
            "square_and_identity",
        ),
        (
            "solver_1d_wide",
            "1-D LIFRate ensemble, 40 neurons, 16 eval points (m < n: LstsqL2's transposed form)",
            lifrate, 40, 2, 1.0, -alternating(40, 3), 1.0, np.linspace(-0.95, 0.95, 16)[:, None],
            "cube",
        ),
        (
            "solver_2d",
            "2-D LIFRate(tau_rc 0.03, tau_ref 0.003) ensemble, 30 neurons, radius 1.5, 80 eval points",
            # max rates scaled by 0.75 to stay below 1 / tau_ref
            custom, 30, 3, 0.75, unit_circle(30, 0.25), 1.5, sunflower(80) * 1.5,
            "product_and_square",
        ),
    ]
    cases = []
    for name, description, neuron_type, n, seed, scale, encoders, radius, points, function in specs:
        max_rates, intercepts = lif_parameters(n, seed)
        gain, bias = neuron_type.gain_bias(max_rates * scale, intercepts)
        if name == "solver_1d_tall":
            # Neuron 5 never fires on [-1, 1]: LstsqL2nz gives it the largest sigma.
            gain[5], bias[5] = 0.5, -1.0
        cases.append(
            solver_case(name, description, neuron_type, gain, bias, encoders, radius, points, function)
        )
    return cases


def builder_case():
    """A network whose connections Nengo's builder solves and folds into weights."""
    n_pre, n_post = 24, 10
    lif = nengo.LIF()
    max_rates, intercepts = lif_parameters(n_pre, 4)
    pre_gain, pre_bias = lif.gain_bias(max_rates, intercepts)
    pre_encoders = np.where(np.arange(n_pre) % 2 == 0, 1.0, -1.0)[:, None]
    pre_radius = 2.0
    pre_points = np.linspace(-1, 1, 40)[:, None]  # unit points: Nengo scales them by the radius
    post_max, post_int = lif_parameters(n_post, 5)
    post_gain, post_bias = lif.gain_bias(post_max, post_int)
    post_encoders = unit_circle(n_post, 0.1)
    post_radius = 1.5
    transform = np.array([[1.0, 0.5], [-0.3, 2.0]])

    specs = []  # (label, solver params, make, function, transform, post slice, extra kwargs)
    for params, make in SOLVERS[0], SOLVERS[2], SOLVERS[4]:  # each solver with Nengo's defaults
        specs.append((f"{params['solver']}-weights", params, make(True), "square_and_identity", transform, [0, 1], {}))
    values = np.linspace(-2e-3, 3e-3, n_pre * 2).reshape(n_pre, 2)
    specs.append((
        "NoSolver-weights", {"solver": "NoSolver", "values": matrix(values)},
        nengo.solvers.NoSolver(values, weights=True), "square_and_identity", transform, [0, 1], {},
    ))
    specs.append((
        "LstsqL2-weights-slice", {"solver": "LstsqL2", "reg": 0.1}, nengo.solvers.LstsqL2(weights=True),
        "cube", np.array([[0.7]]), [1], {},
    ))
    specs.append((
        "LstsqL2-decoders", {"solver": "LstsqL2", "reg": 0.1}, nengo.solvers.LstsqL2(),
        "square_and_identity", transform, [0, 1], {},
    ))
    own_points = np.linspace(-1.8, 1.8, 30)[:, None]  # already in radius units
    specs.append((
        "LstsqL2-weights-unscaled-points", {"solver": "LstsqL2", "reg": 0.1}, nengo.solvers.LstsqL2(weights=True),
        "identity", np.array([[1.0], [-1.0]]), [0, 1], {"eval_points": own_points, "scale_eval_points": False},
    ))

    with nengo.Network(seed=0) as net:
        pre = nengo.Ensemble(
            n_pre, 1, neuron_type=lif, encoders=pre_encoders, gain=pre_gain, bias=pre_bias,
            radius=pre_radius, eval_points=pre_points,
        )
        post = nengo.Ensemble(
            n_post, 2, neuron_type=lif, encoders=post_encoders, gain=post_gain, bias=post_bias,
            radius=post_radius,
        )
        conns = []
        for label, _, solver, function, t, post_dims, kwargs in specs:
            target = post if post_dims == [0, 1] else post[post_dims[0]]
            conns.append(nengo.Connection(
                pre, target, function=FUNCTIONS[function], transform=t, solver=solver, label=label, **kwargs,
            ))
    with nengo.Simulator(net, progress_bar=False, optimize=False) as sim:
        built_pre = sim.data[pre]
        connections = []
        for conn, (label, params, solver, function, t, post_dims, kwargs) in zip(conns, specs):
            built = sim.data[conn]
            entry = {
                "label": label,
                **params,
                "weights": bool(solver.weights),
                "function": function,
                "transform": matrix(t),
                "post_dimensions": post_dims,
            }
            if "eval_points" in kwargs:
                entry["connection_eval_points"] = matrix(kwargs["eval_points"])
                entry["scale_eval_points"] = kwargs["scale_eval_points"]
            if built.eval_points is not None:  # None for NoSolver: Nengo solves nothing
                entry["eval_points"] = matrix(built.eval_points)
            entry["nengo_weights"] = matrix(built.weights)
            connections.append(entry)
        document = {
            "name": "builder_weights",
            "description": (
                "LIF 1-D pre (24 neurons, radius 2, 40 unit eval points scaled by the radius) into "
                "LIF 2-D post (10 neurons, radius 1.5); nengo_weights is sim.data[conn].weights: "
                "n_post x n_pre for weights=True, transform @ decoders.T otherwise"
            ),
            "pre": {
                "neuron_type": describe(lif),
                "gain": np.asarray(built_pre.gain).tolist(),
                "bias": np.asarray(built_pre.bias).tolist(),
                "encoders": matrix(built_pre.encoders),
                "radius": pre_radius,
                "eval_points": matrix(pre_points),
            },
            "post": {
                "gain": np.asarray(sim.data[post].gain).tolist(),
                "encoders": matrix(sim.data[post].encoders),
                "radius": post_radius,
            },
            "connections": connections,
        }
    return document


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    nengo.rc["decoder_cache"]["enabled"] = "False"
    args.out.mkdir(parents=True, exist_ok=True)
    versions = {"nengo_version": nengo.__version__, "numpy_version": np.__version__}
    for document in solver_cases() + [builder_case()]:
        path = args.out / f"{document['name']}.json"
        path.write_text(to_json({**versions, **document}) + "\n")
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
