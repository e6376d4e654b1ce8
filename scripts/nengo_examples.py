#!/usr/bin/env python3
"""Nengo's side of SwiftSNN's NEF examples (issue 14): figures and speed.

Builds each example of ``snn example`` exactly as issue 14 defines it, as a
nengo.Network per seed, runs it with real Nengo 4.1's reference simulator
(``nengo.Simulator``, dt = 1 ms, optimize=True, decoder cache off), scores it with
scripts/nef_figures.py and times the build and the run separately. Writes
docs/nengo-examples.json and prints a table. Run with the peers venv:

    .venv-peers/bin/python scripts/nengo_examples.py                 # all, seeds 0-4
    .venv-peers/bin/python scripts/nengo_examples.py --examples integrator --seeds 0,3
    .venv-peers/bin/python scripts/nengo_examples.py --definitions   # print, run nothing
    .venv-peers/bin/python scripts/nengo_examples.py --check-ideal   # verify the ideals

The "ideal" of an example with an RMSE is the same network with every ensemble's neuron
type replaced by nengo.Direct() (a perfect representation: each ensemble's value is the
sum of its filtered inputs, each connection applies its function and transform exactly),
run by Nengo with the same synapses, so it carries exactly the signal's filters and
one-step delays. ``--check-ideal`` recomputes it independently: by walking the network's
connections and applying each synapse's ``filt`` (feed-forward examples), and by the
integrator's closed-form discrete recurrence.
"""

import argparse
import json
import os
import pathlib
import platform
import sys
import time
from dataclasses import dataclass
from typing import Callable

import nengo
import numpy as np

import nef_figures

DT = 0.001  # s
RUN_REPEATS = 3  # the run time is the best of this many runs per seed
DEFAULT_JSON = (
    pathlib.Path(__file__).resolve().parent.parent / "docs" / "nengo-examples.json"
)


# MARK: stimuli (functions of the step time t = n * dt, in seconds)


def sine_2pi(t):
    """sin(2 pi t): one period per second."""
    return np.sin(2 * np.pi * t)


def sine_cosine(t):
    """[sin(2 pi t), cos(pi t)]."""
    return [np.sin(2 * np.pi * t), np.cos(np.pi * t)]


def integrator_input(t):
    """u(t) = 0, 1, 0, -1, 0 on [0, 0.2), [0.2, 1), [1, 2), [2, 3), [3, 4) s.

    t = n * dt is exact at every boundary (200 * 0.001 == 0.2 in float64), so the step
    at t = 0.2 s already has u = 1.
    """
    if t < 0.2:
        return 0.0
    if t < 1.0:
        return 1.0
    if t < 2.0:
        return 0.0
    if t < 3.0:
        return -1.0
    return 0.0


def kick(t):
    """[1, 0] for t < 0.1 s, then [0, 0]: Nengo's Piecewise({0: [1, 0], 0.1: [0, 0]})."""
    return [1.0, 0.0] if t < 0.1 else [0.0, 0.0]


# MARK: decoded functions


def square(x):
    """x^2."""
    return x * x


def product(x):
    """x0 * x1."""
    return [x[0] * x[1]]


def zero(x):
    """0 for every x: the learned connection starts by decoding nothing."""
    return [0.0]


# MARK: networks. Each builder returns (network, probes); probes["output"] is the figure's
# decoded output, probes["reference"] (learning) the signal it is scored against.


def communication_channel(seed, direct=False):
    """stim sin(2 pi t) -> A (100, 1-D) -> B (100, 1-D), identity; probe B, synapse 0.01."""
    net = nengo.Network(label="communication-channel", seed=seed)
    with net:
        _direct(net, direct)
        stim = nengo.Node(sine_2pi, label="stim")
        a = nengo.Ensemble(100, dimensions=1, label="A")
        b = nengo.Ensemble(100, dimensions=1, label="B")
        nengo.Connection(stim, a)
        nengo.Connection(a, b)
        out = nengo.Probe(b, synapse=0.01, label="B")
    return net, {"output": out}


def squaring(seed, direct=False):
    """The communication channel with function x^2 on A -> B."""
    net = nengo.Network(label="squaring", seed=seed)
    with net:
        _direct(net, direct)
        stim = nengo.Node(sine_2pi, label="stim")
        a = nengo.Ensemble(100, dimensions=1, label="A")
        b = nengo.Ensemble(100, dimensions=1, label="B")
        nengo.Connection(stim, a)
        nengo.Connection(a, b, function=square)
        out = nengo.Probe(b, synapse=0.01, label="B")
    return net, {"output": out}


def multiplication(seed, direct=False):
    """stim [sin 2 pi t, cos pi t] -> C (200, 2-D, radius 1.5) -> D (100, 1-D), x0 * x1."""
    net = nengo.Network(label="multiplication", seed=seed)
    with net:
        _direct(net, direct)
        stim = nengo.Node(sine_cosine, label="stim")
        c = nengo.Ensemble(200, dimensions=2, radius=1.5, label="C")
        d = nengo.Ensemble(100, dimensions=1, label="D")
        nengo.Connection(stim, c)
        nengo.Connection(c, d, function=product)
        out = nengo.Probe(d, synapse=0.01, label="D")
    return net, {"output": out}


def integrator(seed, direct=False):
    """stim u -> A (100, 1-D) with transform 0.1, synapse 0.1; A -> A, synapse 0.1."""
    tau = 0.1
    net = nengo.Network(label="integrator", seed=seed)
    with net:
        _direct(net, direct)
        stim = nengo.Node(integrator_input, label="stim")
        a = nengo.Ensemble(100, dimensions=1, label="A")
        nengo.Connection(stim, a, transform=tau, synapse=tau)
        nengo.Connection(a, a, synapse=tau)
        out = nengo.Probe(a, synapse=0.01, label="A")
    return net, {"output": out}


def oscillator(seed, direct=False):
    """kick [1, 0] for t < 0.1 s -> A (200, 2-D); A -> A, [[1, -w tau], [w tau, 1]]."""
    tau = 0.1
    omega = 2 * np.pi  # rad/s: 1 Hz
    net = nengo.Network(label="oscillator", seed=seed)
    with net:
        _direct(net, direct)
        stim = nengo.Node(kick, label="kick")
        a = nengo.Ensemble(200, dimensions=2, label="A")
        nengo.Connection(stim, a)
        nengo.Connection(
            a, a, transform=[[1, -omega * tau], [omega * tau, 1]], synapse=tau
        )
        out = nengo.Probe(a, synapse=0.01, label="A")
    return net, {"output": out}


def learning(seed, direct=False):
    """WhiteSignal -> pre (100) -> post (100) learned by PES from function 0."""
    if direct:
        raise ValueError("learning has no Direct-mode ideal: post is scored against pre")
    net = nengo.Network(label="learning", seed=seed)
    with net:
        stim = nengo.Node(
            nengo.processes.WhiteSignal(period=10.0, high=5.0, rms=0.3), label="stim"
        )
        pre = nengo.Ensemble(100, dimensions=1, label="pre")
        post = nengo.Ensemble(100, dimensions=1, label="post")
        error = nengo.Ensemble(100, dimensions=1, label="error")
        nengo.Connection(stim, pre)
        learned = nengo.Connection(
            pre, post, function=zero, learning_rule_type=nengo.PES(learning_rate=1e-4)
        )
        # Nengo's PES minimises error = actual - target: post -> error (+1), pre -> (-1).
        nengo.Connection(post, error)
        nengo.Connection(pre, error, transform=-1)
        nengo.Connection(error, learned.learning_rule)
        out = nengo.Probe(post, synapse=0.01, label="post")
        reference = nengo.Probe(pre, synapse=0.01, label="pre")
    return net, {"output": out, "reference": reference}


def _direct(net, direct):
    """Make every ensemble of ``net`` built from here on a Direct (ideal) ensemble."""
    if direct:
        net.config[nengo.Ensemble].neuron_type = nengo.Direct()


# MARK: the examples


@dataclass(frozen=True)
class Example:
    """One example: its network, duration and figure."""

    name: str
    build: Callable  # (seed, direct=False) -> (nengo.Network, {"output": Probe, ...})
    duration_s: float
    figures: Callable  # (t, output, ideal) -> {figure: value}
    ideal: str  # how the reference trace is made: "direct", "reference" or "none"


def _rmse(t, output, ideal):
    """nef_figures.rmse(t, output, ideal): RMSE over t >= 0.1 s."""
    return {"rmse": nef_figures.rmse(t, output, ideal)}


def _oscillation(t, output, _ideal):
    """nef_figures.oscillation(t, output): frequency, amplitude mean/std over t >= 1 s."""
    return nef_figures.oscillation(t, output)


def _learning(t, output, ideal):
    """nef_figures.learning_rmse(t, post, pre): RMSE over the first and the last 2 s."""
    return nef_figures.learning_rmse(t, output, ideal)


EXAMPLES = {
    e.name: e
    for e in [
        Example("communication-channel", communication_channel, 2.0, _rmse, "direct"),
        Example("squaring", squaring, 2.0, _rmse, "direct"),
        Example("multiplication", multiplication, 2.0, _rmse, "direct"),
        Example("integrator", integrator, 4.0, _rmse, "direct"),
        Example("oscillator", oscillator, 3.0, _oscillation, "none"),
        Example("learning", learning, 10.0, _learning, "reference"),
    ]
}


def simulator(net):
    """Nengo's reference simulator as the examples use it (dt 1 ms, optimize=True)."""
    return nengo.Simulator(net, dt=DT, optimize=True, progress_bar=False)


def direct_ideal(example):
    """The ideal trace: ``example`` with Direct ensembles, run by Nengo (no seed used)."""
    net, probes = example.build(0, direct=True)
    with simulator(net) as sim:
        sim.run(example.duration_s)
        return sim.trange(), np.array(sim.data[probes["output"]])


def use_uniform_distributions(net):
    """Give every ensemble Nengo 3's random defaults instead of Nengo 4.1's scattered ones.

    Nengo 4.1 samples encoders from ScatteredHypersphere(surface=True) and eval points from
    ScatteredHypersphere() (quasi-random points, randomly rotated); this switches them to
    UniformHypersphere(surface=True) and UniformHypersphere() (independent uniform draws),
    the defaults issue 14's text describes, to measure what the choice changes.
    """
    for ens in net.all_ensembles:
        ens.encoders = nengo.dists.UniformHypersphere(surface=True)
        ens.eval_points = nengo.dists.UniformHypersphere()


def run_seed(example, seed, ideal, uniform=False, traces=None):
    """Build and run ``example`` for ``seed``; return its figures and timings.

    ``ideal``: the Direct-mode ideal trace, or None (learning scores post against its
    own "reference" probe, pre). ``uniform``: see use_uniform_distributions. ``traces``:
    a folder to write the first run's trace to (compare_examples.py's format).

    build_s: nengo.Simulator(...) (decoders solved, decoder cache off, graph optimised).
    run_s: the best of RUN_REPEATS sim.run(duration) calls, sim.reset() between them;
    the figures come from the first run. Both are wall-clock seconds (time.perf_counter);
    build_cpu_s and run_cpu_s are the same spans in this process's CPU seconds
    (time.process_time), less inflated than wall time on a loaded machine.
    """
    net, probes = example.build(seed)
    if uniform:
        use_uniform_distributions(net)
    start, start_cpu = time.perf_counter(), time.process_time()
    sim = simulator(net)
    build_s, build_cpu_s = time.perf_counter() - start, time.process_time() - start_cpu
    with sim:
        run_times, run_cpu_times = [], []
        for repeat in range(RUN_REPEATS):
            if repeat > 0:
                sim.reset()
            start, start_cpu = time.perf_counter(), time.process_time()
            sim.run(example.duration_s)
            run_times.append(time.perf_counter() - start)
            run_cpu_times.append(time.process_time() - start_cpu)
            if repeat == 0:
                t = sim.trange()
                output = np.array(sim.data[probes["output"]])
                if example.ideal == "reference":
                    ideal = np.array(sim.data[probes["reference"]])
    if traces is not None:
        write_trace(traces / f"{example.name}-seed{seed}.csv", t, output, ideal,
                    comment=f"{example.name}, seed {seed}, Nengo {nengo.__version__}")
    result = example.figures(t, output, ideal)
    result["build_s"] = build_s
    result["run_s"] = min(run_times)
    result["build_cpu_s"] = build_cpu_s
    result["run_cpu_s"] = min(run_cpu_times)
    return result


def write_trace(path, t, output, ideal, comment):
    """Write a trace in the format scripts/compare_examples.py reads (see its docstring)."""
    columns, names = [t[:, None]], ["t"]
    for label, data in (("output", output), ("ideal", ideal)):
        if data is None:
            continue
        data = data.reshape(len(t), -1)
        dims = data.shape[1]
        names += [label] if dims == 1 else [f"{label}{d}" for d in range(dims)]
        columns.append(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as file:
        file.write(f"# {comment}\n")
        np.savetxt(file, np.hstack(columns), delimiter=",", fmt="%.17g",
                   header=",".join(names), comments="")


def summarise(per_seed):
    """Mean and (population) std over seeds of every figure and timing."""
    keys = next(iter(per_seed.values())).keys()
    values = {k: np.array([r[k] for r in per_seed.values()]) for k in keys}
    return (
        {k: float(np.mean(v)) for k, v in values.items()},
        {k: float(np.std(v)) for k, v in values.items()},
    )


# MARK: --definitions


def transform_of(conn):
    """The connection's transform as an array (scalar or matrix); None if it has none."""
    if isinstance(conn.transform, nengo.transforms.NoTransform):
        return None
    return np.asarray(conn.transform.init, dtype=float)


def _spelled_out(obj, *names):
    """``obj`` as Type(name=value, ...), defaults included (Nengo's repr omits them)."""
    values = ", ".join(f"{n}={getattr(obj, n)!r}" for n in names)
    return f"{type(obj).__name__}({values})"


def _synapse(s):
    return "None" if s is None else repr(s)


def _transform(conn):
    init = transform_of(conn)
    return "none (identity)" if init is None else str(init.tolist())


def _function(conn):
    f = conn.function
    return "identity" if f is None else f"{f.__name__}: {f.__doc__}"


def describe(example):
    """The example's definition, read from the built nengo.Network, as text lines."""
    net, probes = example.build(0)
    lines = [f"{example.name}: {example.duration_s:g} s at dt = {DT * 1000:g} ms"]
    for node in net.all_nodes:
        out = node.output
        what = out.__doc__.splitlines()[0] if callable(out) and out.__doc__ else repr(out)
        lines.append(f"  node {node.label}: size_out {node.size_out}; {what}")
    for ens in net.all_ensembles:
        n_eval = ens.n_eval_points or nengo.utils.builder.default_n_eval_points(
            ens.n_neurons, ens.dimensions
        )
        lines.append(
            f"  ensemble {ens.label}: {ens.n_neurons} "
            + _spelled_out(ens.neuron_type, "tau_rc", "tau_ref", "min_voltage", "amplitude")
            + " neurons, "
            f"{ens.dimensions}-D, radius {ens.radius:g}; max_rates {ens.max_rates!r}, "
            f"intercepts {ens.intercepts!r}, encoders {ens.encoders!r}, "
            f"eval_points {ens.eval_points!r} x {n_eval}"
        )
    for conn in net.all_connections:
        post = conn.post_obj
        if isinstance(post, nengo.connection.LearningRule):
            learned = post.connection
            post = f"({learned.pre_obj.label} -> {learned.post_obj.label}).learning_rule"
        else:
            post = post.label
        rule = conn.learning_rule_type
        lines.append(
            f"  connection {conn.pre_obj.label} -> {post}: function {_function(conn)}; "
            f"transform {_transform(conn)}; synapse {_synapse(conn.synapse)}"
            + (f"; solver {_spelled_out(conn.solver, 'reg', 'weights')}"
               if isinstance(conn.pre_obj, nengo.Ensemble) else "")
            + (f"; learning {_spelled_out(rule, 'learning_rate', 'pre_synapse')}"
               if rule is not None else "")
        )
    for key, probe in probes.items():
        lines.append(
            f"  probe {key}: {probe.target.label}.{probe.attr}, "
            f"synapse {_synapse(probe.synapse)}"
        )
    ideal = {
        "direct": "the same network with nengo.Direct() ensembles (same synapses)",
        "reference": "the 'reference' probe of the same run",
        "none": "none",
    }[example.ideal]
    lines.append(f"  ideal: {ideal}")
    lines.append(f"  figure: {example.figures.__doc__}")
    return lines


# MARK: --check-ideal


def synapse_output(synapse, x):
    """What ``synapse`` outputs in a run, given its input rows ``x`` (one per step).

    ``Synapse.filt`` returns the filter state after each step's update; in a simulation a
    connection's synapse (and a probe's) hands on the state from before it, so every
    synapse delays its input by one step: output[n] = filt(x)[n - 1], output[0] = 0.
    ``synapse=None`` passes x through unchanged.
    """
    if synapse is None:
        return x
    y = synapse.filt(x, dt=DT, y0=0)
    return np.concatenate([np.zeros_like(y[:1]), y[:-1]])


def filtered_ideal(net, probe, t):
    """The probe's ideal value computed by walking ``net``'s connections (no simulator).

    A node's value is its function at t; an ensemble's value is the sum, over its
    incoming connections, of the synapse's output (:func:`synapse_output`) of
    transform @ function(pre value); the probe applies its own synapse the same way.
    Raises ValueError on a recurrent network.
    """

    def value(obj, visiting):
        if obj in visiting:
            raise ValueError(f"{obj.label} is in a loop: no feed-forward ideal")
        if isinstance(obj, nengo.Node):
            return np.array([np.atleast_1d(obj.output(ti)) for ti in t], dtype=float)
        total = np.zeros((len(t), obj.dimensions))
        for conn in net.all_connections:
            if conn.post_obj is obj:
                x = value(conn.pre_obj, visiting | {obj})
                if conn.function is not None:
                    x = np.array([np.atleast_1d(conn.function(row)) for row in x])
                transform = transform_of(conn)
                if transform is not None:
                    x = x @ transform.T if transform.ndim else x * transform
                total += synapse_output(conn.synapse, x)
        return total

    return synapse_output(probe.synapse, value(probe.target, frozenset()))


def integrator_ideal(t):
    """The integrator's ideal by its closed-form recurrence, for a perfect ensemble.

    With Lowpass(tau) discretized by zero-order hold (a = exp(-dt / tau)) and the one-step
    delay of every Nengo synapse (y[n] = a y[n-1] + (1 - a) x[n-1]), the input's and the
    recurrent synapse's outputs sum to a value v with
    v[n] = a v[n-1] + (1 - a) (tau u[n-1] + v[n-1]) = v[n-1] + (1 - a) tau u[n-1]:
    the integral of u, one step late, with a gain (1 - a) tau / dt = 0.995 per step at
    tau = 0.1 s. The probe then applies Lowpass(0.01) with its own one-step delay.
    """
    tau = 0.1
    a = np.exp(-DT / tau)
    u = np.array([integrator_input(ti) for ti in t])
    v = np.concatenate([[0.0], np.cumsum((1 - a) * tau * u[:-1])])
    return synapse_output(nengo.Lowpass(0.01), v[:, None])


def check_ideals(names):
    """Compare every Direct-mode ideal with its independent computation; True if equal."""
    ok = True
    for name in names:
        example = EXAMPLES[name]
        if example.ideal != "direct":
            continue
        t, ideal = direct_ideal(example)
        if name == "integrator":
            other, how = integrator_ideal(t), "closed-form recurrence"
        else:
            net, probes = example.build(0, direct=True)
            other, how = filtered_ideal(net, probes["output"], t), "synapse filt chain"
        diff = float(np.max(np.abs(ideal - other)))
        ok &= diff < 1e-9
        print(f"{name}: Direct-mode ideal vs {how}: max |difference| {diff:.2e}")
    return ok


# MARK: command line


def parse_seeds(text):
    """'0-4' or '0,2,5' -> [0, 1, 2, 3, 4] or [0, 2, 5]."""
    seeds = []
    for part in text.split(","):
        if "-" in part:
            lo, hi = part.split("-", 1)
            seeds.extend(range(int(lo), int(hi) + 1))
        else:
            seeds.append(int(part))
    if not seeds or min(seeds) < 0:
        raise argparse.ArgumentTypeError(f"bad seed list {text!r}")
    return seeds


def parse_examples(text):
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in EXAMPLES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown example(s) {', '.join(unknown) or text!r}; "
            f"known: {', '.join(EXAMPLES)}"
        )
    return names


def print_table(results):
    print(f"{'example':<22} {'figure':<15} {'mean':>9} {'std':>8}   "
          f"{'build s':>15} {'run s':>15}  {'run CPU s':>15}")
    for name, entry in results.items():
        mean, std = entry["mean"], entry["std"]
        figures = [k for k in mean if not k.endswith("_s")]
        for i, k in enumerate(figures):
            timing = (
                f"{mean['build_s']:7.3f} ±{std['build_s']:6.3f} "
                f"{mean['run_s']:7.3f} ±{std['run_s']:6.3f} "
                f"{mean['run_cpu_s']:7.3f} ±{std['run_cpu_s']:6.3f}"
                if i == 0 else ""
            )
            print(f"{name if i == 0 else '':<22} {k:<15} {mean[k]:9.4f} {std[k]:8.4f}   "
                  f"{timing}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=parse_examples, default=list(EXAMPLES),
                        help="comma-separated example names (default: all)")
    parser.add_argument("--seeds", type=parse_seeds, default=list(range(5)),
                        help="seeds, e.g. 0-4 or 0,3 (default 0-4)")
    parser.add_argument("--json", type=pathlib.Path, default=DEFAULT_JSON,
                        help=f"where to write the results (default {DEFAULT_JSON})")
    parser.add_argument("--uniform", action="store_true",
                        help="sample encoders and eval points from UniformHypersphere "
                             "instead of Nengo 4.1's ScatteredHypersphere defaults")
    parser.add_argument("--traces", type=pathlib.Path, metavar="DIR",
                        help="also write each seed's trace to DIR/EXAMPLE-seedS.csv")
    parser.add_argument("--definitions", action="store_true",
                        help="print each example's definition and exit")
    parser.add_argument("--check-ideal", action="store_true",
                        help="check the Direct-mode ideals against independent "
                             "computations and exit (status 1 on a mismatch)")
    args = parser.parse_args(argv)

    # Decoders are solved in every build, never read from ~/.cache/nengo.
    nengo.rc.set("decoder_cache", "enabled", "False")

    if args.definitions:
        for name in args.examples:
            print("\n".join(describe(EXAMPLES[name])))
        return 0
    if args.check_ideal:
        return 0 if check_ideals(args.examples) else 1

    load_before = os.getloadavg()
    results = {}
    for name in args.examples:
        example = EXAMPLES[name]
        ideal = direct_ideal(example)[1] if example.ideal == "direct" else None
        per_seed = {}
        for seed in args.seeds:
            per_seed[str(seed)] = run_seed(example, seed, ideal, args.uniform, args.traces)
            print(f"{name} seed {seed}: " + ", ".join(
                f"{k} {v:.4f}" for k, v in per_seed[str(seed)].items()), flush=True)
        mean, std = summarise(per_seed)
        results[name] = {"seeds": per_seed, "mean": mean, "std": std}
    load_after = os.getloadavg()

    document = {
        "_meta": {
            "nengo": nengo.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "dt_s": DT,
            "encoders_and_eval_points": "UniformHypersphere (--uniform)" if args.uniform
            else "Nengo 4.1 defaults (ScatteredHypersphere)",
            "simulator": "nengo.Simulator(optimize=True, progress_bar=False), "
                         "decoder cache off",
            "run_s": f"best of {RUN_REPEATS} sim.run(duration) per seed, wall clock; "
                     "*_cpu_s: the same in process CPU time",
            "load_average_1_5_15_min_before": list(load_before),
            "load_average_1_5_15_min_after": list(load_after),
            "command": "scripts/nengo_examples.py " + " ".join(sys.argv[1:]),
        },
        **results,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(document, indent=1) + "\n")
    print_table(results)
    print(f"load average (1, 5, 15 min) before {load_before}, after {load_after}")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
