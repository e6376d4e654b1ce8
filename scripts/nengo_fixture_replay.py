#!/usr/bin/env python3
"""Replay the Nengo fixtures in plain NumPy, from the JSON alone, as an independent check.

A second implementation of the semantics the fixture READMEs describe (no Nengo import):
every deterministic file of Tests/SNNSimulatorTests/Fixtures/nengo/, nengo-nef/ and
nengo-graph/ is re-simulated in float64 and compared with Nengo's recorded probes; gains and biases are
recomputed from max_rates/intercepts where those are the source, and the NEF decoders
are re-solved from the recorded activities and targets.

    .venv-peers/bin/python scripts/nengo_fixture_replay.py            # every fixture
    .venv-peers/bin/python scripts/nengo_fixture_replay.py FILE.json ...

Prints one line per file and exits 1 if any spike differs, any probe is off by more
than 1e-9 (relative to max(|value|, 1), or to the probe's largest value for decoded
NEF traces), or any decoder by more than 1e-9 relative.
"""

import json
import math
import pathlib
import sys

import numpy as np

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Tests/SNNSimulatorTests/Fixtures"
TOLERANCE = 1e-9
STOCHASTIC = {"poisson_relu"}  # random spikes: nothing deterministic to replay


# ---------------------------------------------------------------------------------------
# Neuron types, filters


def base_rate(nt, J):
    """The rate (Hz, amplitude included) of a rate type at current J."""
    t = nt["type"]
    if t == "Izhikevich":
        return izhikevich_rates(nt, J)
    if t in ("LIFRate", "LIF", "AdaptiveLIFRate", "AdaptiveLIF"):  # adaptation ignored
        out = np.zeros_like(J)
        j = J - 1
        m = j > 0
        out[m] = nt["amplitude"] / (nt["tau_ref"] + nt["tau_rc"] * np.log1p(1 / j[m]))
        return out
    if t in ("RectifiedLinear", "SpikingRectifiedLinear"):
        return nt["amplitude"] * np.maximum(J, 0)
    if t == "Sigmoid":
        return (1 / nt["tau_ref"]) / (1 + np.exp(-J))
    if t == "Tanh":
        return (1 / nt["tau_ref"]) * np.tanh(J)
    raise ValueError(f"no rate for {t}")


def izhikevich_step(nt, dt, J, v, u):
    """One Izhikevich step (the README's formulas); returns the spike mask."""
    J = np.maximum(-30.0, J)
    v += (0.04 * v * v + 5 * v + 140 - u + J) * 1000 * dt
    spiked = v >= 30
    v[spiked] = nt["reset_voltage"]
    u += nt["tau_recovery"] * (nt["coupling"] * v - u) * 1000 * dt
    u[spiked] += nt["reset_recovery"]
    return spiked


def izhikevich_rates(nt, J):
    """Spikes in 1 s at dt 1 ms after one settling step from v = u = 0."""
    J = np.asarray(J, dtype=float)
    v, u, count = np.zeros_like(J), np.zeros_like(J), np.zeros_like(J)
    for k in range(1001):
        spiked = izhikevich_step(nt, 0.001, J, v, u)
        if k > 0:
            count += spiked
    return count


def generic_gain_bias(nt, r, c):
    """Nengo's default gain_bias: the rate curve sampled on [-R, R] (R = 10, 20, ... until
    some current is silent and some reaches max(r)), then on [threshold, top], inverted
    by linear interpolation."""
    threshold = top = None
    R = 10.0
    for _ in range(10):
        J = np.linspace(-R, R, 101)
        rate = base_rate(nt, J)
        if threshold is None and (rate <= 0).any():
            threshold = J[np.where(rate <= 0)[0][-1]]
        if top is None and (rate >= r.max()).any():
            top = J[np.where(rate >= r.max())[0][0]]
        if threshold is not None and top is not None:
            break
        R *= 2
    J = np.linspace(threshold, top, 101)
    tops = np.interp(r, base_rate(nt, J), J)
    g = (threshold - tops) / (c - 1)
    return g, tops - g


def gain_bias(nt, r, c):
    t = nt["type"]
    if t in ("RegularSpiking", "PoissonSpiking", "StochasticSpiking"):
        return gain_bias(nt["base"], r, c)
    if t == "Izhikevich":
        return generic_gain_bias(nt, r, c)
    if t in ("LIF", "LIFRate", "AdaptiveLIF", "AdaptiveLIFRate"):
        x = 1 / (1 - np.exp((nt["tau_ref"] - 1 / r) / nt["tau_rc"]))
        g = (1 - x) / (c - 1)
        return g, 1 - g * c
    if t in ("RectifiedLinear", "SpikingRectifiedLinear"):
        g = r / (1 - c)
        return g, -c * g
    if t == "Sigmoid":
        inverse = -np.log(1 / (nt["tau_ref"] * r) - 1)
        g = inverse / (1 - c)
        return g, inverse - g
    if t == "Tanh":
        inverse = np.arctanh(r * nt["tau_ref"])
        g = inverse / (1 - c)
        return g, -g * c
    raise ValueError(f"no gain/bias for {t}")


class Population:
    """One ensemble's neurons: parameters, state, this step's output and rate_out."""

    def __init__(self, e, gain, bias):
        self.nt, self.n = e["neuron_type"], e["n_neurons"]
        self.gain, self.bias = gain, bias
        self.scaled_encoders = np.array(e["encoders"]) * (gain / e["radius"])[:, None]
        self.state = {k: np.array(v, dtype=float) for k, v in e["initial_state"].items()}
        if self.nt["type"] in ("LIF", "AdaptiveLIF"):
            self.state.setdefault("refractory_time", np.zeros(self.n))
        self.output = np.zeros(self.n)
        self.rate_out = np.zeros(self.n)

    def step(self, J, dt):
        nt, t, st = self.nt, self.nt["type"], self.state
        if t in ("AdaptiveLIF", "AdaptiveLIFRate"):  # the LIF step on J - n, then n's
            n = st["adaptation"]
            self.step_type(t[len("Adaptive"):], J - n, dt)
            n += (dt / nt["tau_n"]) * (nt["inc_n"] * self.output - n)
        else:
            self.step_type(t, J, dt)

    def step_type(self, t, J, dt):
        nt, st = self.nt, self.state
        if t == "Izhikevich":
            spiked = izhikevich_step(nt, dt, J, st["voltage"], st["recovery"])
            self.output = spiked / dt
        elif t == "LIF":  # Nengo's LIF.step
            v, ref = st["voltage"], st["refractory_time"]
            ref -= dt
            delta_t = np.clip(dt - ref, 0, dt)
            v -= (J - v) * np.expm1(-delta_t / nt["tau_rc"])
            spiked = v > 1
            self.output = spiked * (nt["amplitude"] / dt)
            t_spike = dt + nt["tau_rc"] * np.log1p(-(v[spiked] - 1) / (J[spiked] - 1))
            v[v < nt["min_voltage"]] = nt["min_voltage"]
            v[spiked] = 0
            ref[spiked] = nt["tau_ref"] + t_spike
        elif t == "SpikingRectifiedLinear":
            v = st["voltage"]
            v += np.maximum(J, 0) * dt
            k = np.floor(v)
            self.output = nt["amplitude"] / dt * k
            v -= k
        elif t == "RegularSpiking":
            self.rate_out = base_rate(nt["base"], J)
            v = st["voltage"]
            v += dt * self.rate_out
            k = np.floor(v)
            self.output = nt["amplitude"] / dt * k
            v -= k
        elif t in ("PoissonSpiking", "StochasticSpiking"):
            self.rate_out = base_rate(nt["base"], J)
            self.output = np.full(self.n, np.nan)  # random: never compared
        else:
            self.output = base_rate(dict(nt, type=t), J)

    def probe(self, attr):
        if attr == "output":
            return self.output
        if attr == "rate_out":
            return self.rate_out
        return self.state[attr]


def make_filter(synapse, dt, size):
    """A zero-order-hold filter: `value` is its current output, `update(u)` steps it."""
    if synapse is None:
        return None
    tau = synapse["tau"]
    e = math.exp(-dt / tau)
    if synapse["type"] == "Lowpass":
        A, B, C = np.array([[e]]), np.array([1 - e]), np.array([1.0])
    else:  # Alpha
        A = e * np.array([[1 - dt / tau, -dt / tau**2], [dt, 1 + dt / tau]])
        B = np.array([dt * e, tau**2 * (1 - e * (1 + dt / tau))])
        C = np.array([0, 1 / tau**2])

    class Filter:
        def __init__(self):
            self.X = np.zeros((len(B), size))

        @property
        def value(self):
            return C @ self.X

        def update(self, u):
            self.X = A @ self.X + np.outer(B, u)

    return Filter()


def compare(name, probe, rows, steps, scale_by_max=False):
    """(probe name, error or None, spikes equal) of one recorded probe."""
    got = np.array(rows, dtype=float).reshape(len(rows), -1)
    if "spike_steps" in probe:
        height = probe["spike_height"]
        counts = np.round(got / height).astype(int)
        mine = [np.repeat(np.arange(1, steps + 1), counts[:, i]).tolist() for i in range(got.shape[1])]
        return name, None, mine == probe["spike_steps"]
    want = np.array(probe["data"], dtype=float).reshape(got.shape)
    if scale_by_max:
        err = np.max(np.abs(got - want)) / max(np.max(np.abs(want)), 1e-300)
    else:
        err = np.max(np.abs(got - want) / np.maximum(np.abs(want), 1)) if want.size else 0.0
    return name, err, True


# ---------------------------------------------------------------------------------------
# Fixtures/nengo/*.json


def replay_simple(f):
    dt, steps = f["dt"], f["steps"]
    nodes = {n["name"]: np.array(n["output"], dtype=float) for n in f["nodes"]}
    pops, worst_param = {}, 0.0
    for e in f["ensembles"]:
        g, b = np.array(e["gain"]), np.array(e["bias"])
        if e["gain_bias_source"] == "max_rates_intercepts":
            g2, b2 = gain_bias(e["neuron_type"], np.array(e["max_rates"]), np.array(e["intercepts"]))
            worst_param = max(
                worst_param,
                np.max(np.abs(g2 - g) / np.abs(g)),
                np.max(np.abs(b2 - b) / np.maximum(np.abs(b), 1)),
            )
            g, b = g2, b2
        if "rate_curve" in e:
            nt = e["neuron_type"]
            nt = nt.get("base", nt)
            x = np.array(e["rate_curve"]["x"])
            mine = base_rate(nt, g * x[:, None] + b)
            want = np.array(e["rate_curve"]["rates"])
            worst_param = max(worst_param, np.max(np.abs(mine - want) / np.maximum(np.abs(want), 1)))
        pops[e["name"]] = Population(e, g, b)

    def node_output(name, k):
        rows = nodes[name]
        return rows[min(k, len(rows)) - 1]  # a constant node has one row

    def size_out(c):
        if "post_slice" in c:
            return len(c["post_slice"])
        e = next(e for e in f["ensembles"] if e["name"] == c["post"])
        return e["n_neurons"] if c["post_kind"] == "neurons" else e["dimensions"]

    conns = [(c, make_filter(c["synapse"], dt, size_out(c))) for c in f["connections"]]
    probes = [[p, None, []] for p in f["probes"]]

    def pre_value(c, k):
        v = node_output(c["pre"], k) if c["pre_kind"] == "node" else pops[c["pre"]].output
        if "pre_slice" in c:
            v = v[c["pre_slice"]]
        T = np.asarray(c["transform"], dtype=float)
        return T * v if T.ndim <= 1 else T @ v

    order = [e["name"] for e in f["ensembles"]]  # fixtures list ensembles in dependency order
    for k in range(1, steps + 1):
        for name in order:
            pop = pops[name]
            neurons = np.zeros(pop.n)
            decoded = np.zeros(pop.scaled_encoders.shape[1])
            for c, flt in conns:
                if c["post"] != name:
                    continue
                s = pre_value(c, k) if flt is None else flt.value
                target = neurons if c["post_kind"] == "neurons" else decoded
                if "post_slice" in c:
                    np.add.at(target, c["post_slice"], s)
                else:
                    target += s
            pop.step(pop.bias + pop.gain * neurons + pop.scaled_encoders @ decoded, dt)
        for c, flt in conns:
            if flt is not None:
                flt.update(pre_value(c, k))
        for entry in probes:
            p = entry[0]
            if p["target_kind"] == "node":
                value = np.array(node_output(p["target"], k), dtype=float)
            else:
                value = np.array(pops[p["target"]].probe(p["attr"]), dtype=float)
            if "slice" in p:
                value = value[p["slice"]]
            if p["synapse"] is not None:
                if entry[1] is None:
                    entry[1] = make_filter(p["synapse"], dt, len(value))
                recorded = entry[1].value
                entry[1].update(value)
                value = recorded
            if k % round(p.get("sample_every", dt) / dt) == 0:
                entry[2].append(value.copy())
    if f["name"] in ("rate_out_poisson", "stochastic_spiking"):
        probes = [e for e in probes if e[0]["attr"] == "rate_out"]
    return worst_param, [compare(p["name"], p, rows, steps) for p, _, rows in probes]


# ---------------------------------------------------------------------------------------
# Fixtures/nengo-nef/*.json


def check_decoders(f):
    """Re-solves every solver from the recorded activities and targets."""
    A = np.array(f["activities"])
    m, n = A.shape
    worst = 0.0
    for s in f["solutions"]:
        Y = np.array(f["targets"][s["function"]])
        solver = s["solver"]
        if solver["type"] == "LstsqL2":
            sigma = solver["reg"] * A.max()
            if m < n:  # Nengo's Cholesky solves the smaller, transposed system
                D = A.T @ np.linalg.solve(A @ A.T + m * sigma**2 * np.eye(m), Y)
            else:
                D = np.linalg.solve(A.T @ A + m * sigma**2 * np.eye(n), A.T @ Y)
        elif solver["type"] == "LstsqL2nz":
            sigma = solver["reg"] * np.abs(A).max() * np.sqrt((np.abs(A) > 0).mean(0))
            sigma[sigma == 0] = sigma.max()
            D = np.linalg.solve(A.T @ A + np.diag(m * sigma**2), A.T @ Y)
        elif solver["type"] == "Lstsq":
            U, sv, Vt = np.linalg.svd(A, full_matrices=False)
            keep = sv > solver["rcond"] * sv[0]
            D = Vt[keep].T @ ((U[:, keep].T @ Y) / sv[keep][:, None])
        else:  # NoSolver
            D = np.array(solver["values"])
        W = D.T
        if solver["weights"]:
            post = next(p for p in f["post_ensembles"] if p["name"] == s["post"])
            W = np.array(post["scaled_encoders"]) @ D.T
        want = np.array(s["weights"])
        worst = max(worst, np.max(np.abs(W - want)) / np.max(np.abs(want)))
    return worst


def replay_nef(f):
    dt, steps = f["dt"], f["steps"]
    nodes = {n["name"]: np.array(n["output"]) for n in f["nodes"] if n["kind"] == "values"}
    pops = {
        e["name"]: Population(e, np.array(e["gain"]), np.array(e["bias"])) for e in f["ensembles"]
    }
    conns = {}
    for c in f["connections"]:
        weights = np.array(c["weights"]) if "weights" in c else None
        size = len(weights) if weights is not None else np.atleast_1d(nodes[c["pre"]][0]).size
        conns[c["name"]] = {
            "c": c,
            "weights": weights,
            "filter": make_filter(c["synapse"], dt, size),
            "delta": None,
            "pre_filter": None,
        }
    probes = [[p, None, []] for p in f["probes"]]

    def weighted(conn, k):
        c = conn["c"]
        if c["pre_kind"] == "node":
            T = np.asarray(c["transform"], dtype=float)
            x = nodes[c["pre"]][k - 1]
            return T * x if T.ndim <= 1 else T @ x
        return conn["weights"] @ pops[c["pre"]].output

    for k in range(1, steps + 1):
        for conn in conns.values():  # PES: last step's change, before any use
            if conn["delta"] is not None:
                conn["weights"] = conn["weights"] + conn["delta"]
        decoded = {name: 0.0 for name in pops}
        errors = {}
        for conn in conns.values():
            c, value = conn["c"], conn["filter"].value
            if c["post_kind"] == "ensemble":
                decoded[c["post"]] = decoded[c["post"]] + value
            else:
                errors[c["post"]] = errors.get(c["post"], 0.0) + value
        for name, pop in pops.items():
            pop.step(pop.bias + pop.scaled_encoders @ np.atleast_1d(decoded[name]), dt)
        for conn in conns.values():
            conn["filter"].update(weighted(conn, k))
            rule = conn["c"].get("learning_rule")
            if rule is not None:
                spikes = pops[conn["c"]["pre"]].output
                if conn["pre_filter"] is None:  # "set" mode: includes this step's spikes
                    conn["pre_filter"] = make_filter(rule["pre_synapse"], dt, len(spikes))
                conn["pre_filter"].update(spikes)
                error = np.atleast_1d(errors.get(conn["c"]["name"], 0.0))
                alpha = -rule["learning_rate"] * dt / len(spikes)
                conn["delta"] = np.outer(alpha * error, conn["pre_filter"].value)
        for entry in probes:
            p = entry[0]
            if p["target_kind"] == "ensemble":
                if entry[1] is None:
                    entry[1] = make_filter(p["synapse"], dt, len(p["weights"]))
                value = entry[1].value
                entry[1].update(np.array(p["weights"]) @ pops[p["target"]].output)
            elif p["target_kind"] == "neurons":
                value = pops[p["target"]].output
            elif p["attr"] == "output":
                value = conns[p["target"]]["filter"].value
            else:
                value = conns[p["target"]]["weights"].ravel()
            if k % round(p.get("sample_every", dt) / dt) == 0:
                entry[2].append(np.array(value, dtype=float))
    return [compare(p["name"], p, rows, steps, scale_by_max=True) for p, _, rows in probes]


# ---------------------------------------------------------------------------------------
# Fixtures/nengo-graph/*.json

NODE_FUNCTIONS = {  # scripts/nengo_graph_fixtures.py's
    "scale_by_t": lambda t, x: x * (1.0 + t),
    "product": lambda t, x: x[:1] * x[1:2],
    "clip": lambda t, x: np.clip(x, -0.5, 0.5),
}
CONNECTION_FUNCTIONS = {
    "identity": lambda x: x,
    "square": lambda x: x**2,
    "product": lambda x: np.atleast_1d(x[0] * x[1]),
}


def replay_graph(f):
    """Nodes, LIF and Direct ensembles and connections as a signal graph: each step, every
    object in an order where each connection without a synapse follows its source; its
    input is the sum of its connections (filtered ones: their filter's output from the
    previous step); then every filter and probe is updated with this step's values."""
    dt, steps = f["dt"], f["steps"]
    nodes = {n["name"]: n for n in f["nodes"]}
    pops, direct = {}, {}
    for e in f["ensembles"]:
        if e["neuron_type"]["type"] == "Direct":
            direct[e["name"]] = e["dimensions"]
        else:
            pops[e["name"]] = Population(e, np.array(e["gain"]), np.array(e["bias"]))
    output = {}  # this step's output of every object, by (kind, name)

    def key(name, kind):
        return ("pop", name) if kind == "neurons" or name in pops else ("obj", name)

    conns = []
    for c in f["connections"]:
        T = np.asarray(c["transform"], dtype=float)
        conns.append({"c": c, "T": T, "filter": None, "src": key(c["pre"], c["pre_kind"])})

    def weighted(conn):
        c, T = conn["c"], conn["T"]
        x = output[conn["src"]]
        if c["pre_kind"] == "ensemble" and c["pre"] in pops:
            return np.array(c["weights"]) @ x  # decoders (transform included)
        if "pre_slice" in c:
            x = x[c["pre_slice"]]
        if c["pre_kind"] == "ensemble":  # Direct: the function computed exactly
            x = CONNECTION_FUNCTIONS[c["function"]](x)
        return T * x if T.ndim <= 1 else T @ x

    # Order: an object after the sources of its connections without a synapse.
    objects = [("obj", n) for n in nodes] + [("obj", n) for n in direct] + [("pop", n) for n in pops]
    deps = {o: set() for o in objects}
    for conn in conns:
        if conn["c"]["synapse"] is None:
            deps[key(conn["c"]["post"], conn["c"]["post_kind"])].add(conn["src"])
    order, done = [], set()

    def visit(o):
        if o not in done:
            done.add(o)
            for d in sorted(deps[o]):
                visit(d)
            order.append(o)

    for o in objects:
        visit(o)

    probes = [[p, None, []] for p in f["probes"]]
    for k in range(1, steps + 1):
        t = k * dt
        for o in order:
            _, name = o
            size = pops[name].n if o[0] == "pop" else nodes[name].get("size_in", 0) if name in nodes else direct[name]
            inputs = np.zeros(size)
            decoded = np.zeros(len(pops[name].scaled_encoders[0])) if o[0] == "pop" else None
            for conn in conns:
                c = conn["c"]
                if key(c["post"], c["post_kind"]) != o:
                    continue
                if c["synapse"] is None:
                    value = weighted(conn)
                else:  # zero until the filter has a first input
                    value = conn["filter"].value if conn["filter"] is not None else 0.0
                into_decoded = o[0] == "pop" and c["post_kind"] == "ensemble"
                target = decoded if into_decoded else inputs
                index = c.get("post_slice", slice(None))
                if o[0] == "pop" and not into_decoded:
                    value = pops[name].gain[index] * value
                target[index] += value
            if o[0] == "pop":
                pop = pops[name]
                pop.step(pop.bias + pop.scaled_encoders @ decoded + inputs, dt)
                output[o] = pop.output
            elif name in direct:
                output[o] = inputs
            else:
                n = nodes[name]
                kind = n["kind"]
                if kind == "values":
                    output[o] = np.array(n["output"][k - 1], dtype=float)
                elif kind == "passthrough":
                    output[o] = inputs
                elif kind == "function":
                    output[o] = np.atleast_1d(NODE_FUNCTIONS[n["function"]](t, inputs))
                elif kind == "piecewise":
                    i = np.searchsorted(np.array(n["times"]), t + 0.5 * dt) - 1
                    output[o] = np.array(n["values"][i], dtype=float) if i >= 0 else np.zeros(len(n["values"][0]))
                else:  # present_input
                    i = int((t - dt) / n["presentation_time"] + 1e-7)
                    output[o] = np.array(n["inputs"][i % len(n["inputs"])], dtype=float)
        for conn in conns:
            if conn["c"]["synapse"] is not None:
                u = weighted(conn)
                if conn["filter"] is None:
                    conn["filter"] = make_filter(conn["c"]["synapse"], dt, len(u))
                conn["filter"].update(u)
        for entry in probes:
            p = entry[0]
            value = output[key(p["target"], p["target_kind"])]
            if p["target_kind"] == "ensemble" and p["target"] in pops:
                value = np.array(p["weights"]) @ value
            elif p["target_kind"] == "neurons" and p["attr"] == "voltage":
                value = pops[p["target"]].state["voltage"]
            if p["synapse"] is not None:
                if entry[1] is None:
                    entry[1] = make_filter(p["synapse"], dt, len(value))
                value, _ = entry[1].value, entry[1].update(value)
            if k % (p.get("sample_every", dt) / dt) < 1:  # Nengo's rule
                entry[2].append(np.array(value, dtype=float))
    return [
        compare(p["name"], p, rows, len(rows), scale_by_max="spike_steps" not in p) for p, _, rows in probes
    ]


def main(argv):
    paths = [pathlib.Path(a) for a in argv] or [
        *sorted(FIXTURES.glob("nengo/*.json")),
        *sorted(FIXTURES.glob("nengo-nef/*.json")),
        *sorted(FIXTURES.glob("nengo-graph/*.json")),
    ]  # nengo-solvers/: SolverTests
    failed = False
    for path in paths:
        f = json.loads(path.read_text())
        if f["name"] in STOCHASTIC:
            print(f"{path.name}: stochastic, skipped")
            continue
        if "solutions" in f:
            worst = check_decoders(f)
            ok = worst <= TOLERANCE
            print(f"{path.name}: decoders of {len(f['solutions'])} solutions, worst {worst:.1e}")
        else:
            if f["name"].startswith("graph_"):
                worst_param, results = 0.0, replay_graph(f)
            elif "scipy_version" in f:
                worst_param, results = 0.0, replay_nef(f)
            else:
                worst_param, results = replay_simple(f)
            ok = worst_param <= TOLERANCE
            errors = [err for _, err, _ in results if err is not None]
            bad = [name for name, err, same in results if not same or (err or 0) > TOLERANCE]
            ok = ok and not bad
            spikes = sum(err is None for _, err, _ in results)
            print(
                f"{path.name}: {len(results)} probes ({spikes} as spike steps), worst "
                f"{max(errors, default=0):.1e}; gain/bias/rate curve {worst_param:.1e}"
                + (f"; MISMATCH {bad}" if bad else "")
            )
        failed |= not ok
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
