#!/usr/bin/env python3
"""Score SwiftSNN's example traces with Nengo's figure definitions and compare.

Reads one or more trace files of one example (one file per seed), computes the figures
with scripts/nef_figures.py (the same functions that score Nengo's runs in
scripts/nengo_examples.py), and, given Nengo's results (docs/nengo-examples.json),
prints each figure's mean over the traces beside Nengo's mean with their ratio:

    .venv-peers/bin/python scripts/compare_examples.py squaring traces/squaring-seed*.csv

Trace format (CSV, UTF-8): lines starting with '#' are comments; the first other line is
the header; then one row per simulation step, comma-separated decimal numbers.
- ``t``: the step's time in seconds, t = n * dt for n = 1 .. N (Nengo's sim.trange());
- ``output`` (1-D) or ``output0``, ``output1``, ... (one per dimension): the decoded
  probe the figure is about (learning: post; oscillator: the 2-D state);
- ``ideal`` or ``ideal0``, ``ideal1``, ...: what the output is scored against, on the
  same rows. Learning: pre, probed with the same synapse as post (required).
  Communication-channel, squaring, multiplication, integrator: the ideal signal
  (optional: without it, Nengo's Direct-mode ideal is used). The oscillator needs none.
``scripts/nengo_examples.py --traces DIR`` writes Nengo's runs in this format.

With ``--timings``, also reads the JSON that ``snn example NAME --seed S --json`` prints
(``{"seconds": {"build": ..., "run": ...}, ...}``, one file per seed) and prints Nengo's
mean run time over SwiftSNN's (the speed-up; at least 20x passes) and the build times.
Time both sides on the same quiet machine: rerun scripts/nengo_examples.py first.

Checks (exit status 1 if one fails): each figure's mean within 1.25x of Nengo's (ratio
in [0.8, 1.25]); the oscillator's frequency within 5% of 1 Hz; and, for the examples
scored by RMSE, the trace's ideal equal to Nengo's Direct-mode ideal to 1e-6 (both sides
must use one definition: stimulus, synapses, one-step delays). Exit status 2: a trace
or timing file that cannot be read.
"""

import argparse
import json
import pathlib
import sys

import numpy as np

import nef_figures

DEFAULT_NENGO_JSON = (
    pathlib.Path(__file__).resolve().parent.parent / "docs" / "nengo-examples.json"
)
RATIO_LIMIT = 1.25
FREQUENCY_HZ, FREQUENCY_TOLERANCE = 1.0, 0.05
SPEEDUP_REQUIRED = 20.0
IDEAL_TOLERANCE = 1e-6
# Each example's kind of figure: "rmse", "oscillation" or "learning".
FIGURES = {
    "communication-channel": "rmse",
    "squaring": "rmse",
    "multiplication": "rmse",
    "integrator": "rmse",
    "oscillator": "oscillation",
    "learning": "learning",
}


# Whether a trace of each kind must, may or need not have ideal columns.
IDEAL_COLUMNS = {"rmse": "optional", "learning": "required", "oscillation": "unused"}


class TraceError(Exception):
    """A trace file that cannot be read: the message names the file and the problem."""


def _group(header, name, path):
    """Column indices of ``name`` (1-D) or ``name0``, ``name1``, ... in header order."""
    if name in header:
        return [header.index(name)]
    indices, d = [], 0
    while f"{name}{d}" in header:
        indices.append(header.index(f"{name}{d}"))
        d += 1
    if not indices:
        raise TraceError(f"{path}: no '{name}' or '{name}0' column in the header {header}")
    return indices


def read_trace(path, ideal_columns):
    """Return (t, output, ideal or None) from a trace file; raise TraceError if bad.

    ``ideal_columns``: "required", "optional" (None when absent) or "unused" (None).
    """
    path = pathlib.Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise TraceError(f"{path}: cannot read: {error}") from error
    rows = [(i + 1, line) for i, line in enumerate(lines)
            if line.strip() and not line.lstrip().startswith("#")]
    if len(rows) < 3:
        raise TraceError(f"{path}: needs a header and at least 2 rows of data")
    header = [h.strip() for h in rows[0][1].split(",")]
    if "t" not in header:
        raise TraceError(f"{path}: no 't' column in the header {header}")
    data = np.empty((len(rows) - 1, len(header)))
    for r, (number, line) in enumerate(rows[1:]):
        fields = line.split(",")
        if len(fields) != len(header):
            raise TraceError(
                f"{path}:{number}: {len(fields)} fields, the header has {len(header)}"
            )
        try:
            data[r] = [float(f) for f in fields]
        except ValueError as error:
            raise TraceError(f"{path}:{number}: {error}") from error
    if not np.all(np.isfinite(data)):
        raise TraceError(f"{path}: NaN or infinite values")
    t = data[:, header.index("t")]
    output = data[:, _group(header, "output", path)]
    has_ideal = "ideal" in header or "ideal0" in header
    if ideal_columns == "required" or (ideal_columns == "optional" and has_ideal):
        ideal = data[:, _group(header, "ideal", path)]
    else:
        ideal = None
    if ideal is not None and ideal.shape != output.shape:
        raise TraceError(f"{path}: {ideal.shape[1]} ideal columns for "
                         f"{output.shape[1]} output columns")
    return t, output, ideal


def figures_of(example, t, output, ideal):
    """The example's figures from one trace (the same functions as Nengo's side)."""
    kind = FIGURES[example]
    if kind == "rmse":
        return {"rmse": nef_figures.rmse(t, output, ideal)}
    if kind == "oscillation":
        return nef_figures.oscillation(t, output)
    return nef_figures.learning_rmse(t, output, ideal)


def nengo_ideal(example, t):
    """Nengo's Direct-mode ideal on the trace's rows, or None if Nengo is not installed."""
    try:
        import nengo_examples  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    nengo_t, ideal = nengo_examples.direct_ideal(nengo_examples.EXAMPLES[example])
    if len(t) != len(nengo_t) or not np.allclose(t, nengo_t, rtol=0, atol=1e-9):
        raise TraceError(
            f"the trace's times ({len(t)} rows, {t[0]:g} .. {t[-1]:g} s) are not "
            f"Nengo's ({len(nengo_t)} rows, {nengo_t[0]:g} .. {nengo_t[-1]:g} s)"
        )
    return ideal


def read_seconds(path):
    """(build, run) seconds from one ``snn example --json`` output; TraceError if bad."""
    try:
        seconds = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))["seconds"]
        build, run = float(seconds["build"]), float(seconds["run"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise TraceError(f"{path}: no seconds.build and seconds.run: {error!r}") from error
    if not (np.isfinite(build) and np.isfinite(run) and run > 0 and build >= 0):
        raise TraceError(f"{path}: bad seconds (build {build}, run {run})")
    return build, run


def compare_speed(nengo_mean, timing_files):
    """Print the speed-up of the runs over Nengo's; return True if it is >= 20x."""
    builds, runs = zip(*(read_seconds(p) for p in timing_files))
    build, run = float(np.mean(builds)), float(np.mean(runs))
    if "run_s" not in nengo_mean:
        print("(no Nengo run time to compare the timings with)")
        return True
    speedup = nengo_mean["run_s"] / run
    good = speedup >= SPEEDUP_REQUIRED
    print(f"run:   {run:.4f} s against Nengo's {nengo_mean['run_s']:.4f} s: "
          f"{speedup:.1f}x faster {'ok' if good else f'(under {SPEEDUP_REQUIRED:g}x)'}")
    print(f"build: {build:.4f} s against Nengo's {nengo_mean['build_s']:.4f} s")
    return good


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("example", choices=list(FIGURES))
    parser.add_argument("traces", nargs="+", type=pathlib.Path,
                        help="trace files (CSV), one per seed")
    parser.add_argument("--nengo", type=pathlib.Path, default=DEFAULT_NENGO_JSON,
                        help=f"Nengo's results (default {DEFAULT_NENGO_JSON})")
    parser.add_argument("--timings", type=pathlib.Path, nargs="+", metavar="JSON",
                        help="`snn example --json` outputs whose seconds to compare")
    parser.add_argument("--no-ideal-check", action="store_true",
                        help="do not compare the traces' ideal with Nengo's")
    args = parser.parse_args(argv)

    kind = FIGURES[args.example]
    ok = True
    per_trace = []
    try:
        for path in args.traces:
            t, output, ideal = read_trace(path, IDEAL_COLUMNS[kind])
            notes = []
            if kind == "rmse" and (ideal is None or not args.no_ideal_check):
                reference = nengo_ideal(args.example, t)
                if ideal is None and reference is None:
                    raise TraceError(f"{path}: no ideal column, and nengo is not "
                                     "importable to compute one")
                if ideal is None:
                    ideal = reference
                    notes.append("no ideal column: Nengo's Direct-mode ideal used")
                elif reference is None:
                    notes.append("nengo not importable: the ideal is not checked")
                else:
                    diff = float(np.max(np.abs(ideal - reference)))
                    good = diff <= IDEAL_TOLERANCE
                    ok &= good
                    notes.append(f"ideal vs Nengo's Direct-mode ideal: max |difference| "
                                 f"{diff:.2e} {'ok' if good else 'DIFFERENT DEFINITION'}")
            figures = figures_of(args.example, t, output, ideal)
            per_trace.append(figures)
            print(f"{path}: " + ", ".join(f"{k} {v:.4f}" for k, v in figures.items()))
            for note in notes:
                print(f"  {note}")
    except (TraceError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    means = {k: float(np.mean([f[k] for f in per_trace])) for k in per_trace[0]}
    nengo_means = {}
    if args.nengo.exists():
        results = json.loads(args.nengo.read_text())
        nengo_means = results.get(args.example, {}).get("mean", {})
    print(f"{'figure':<16} {'traces':>9} {'nengo':>9} {'ratio':>7}")
    for k, v in means.items():
        line = f"{k:<16} {v:9.4f}"
        if k in nengo_means:
            ratio = v / nengo_means[k]
            good = 1 / RATIO_LIMIT <= ratio <= RATIO_LIMIT
            ok &= good
            verdict = "ok" if good else "OUTSIDE 1.25x"
            line += f" {nengo_means[k]:9.4f} {ratio:7.3f} {verdict}"
        print(line)
    if "frequency_hz" in means:
        error = abs(means["frequency_hz"] - FREQUENCY_HZ)
        good = error <= FREQUENCY_TOLERANCE * FREQUENCY_HZ
        ok &= good
        print(f"frequency within 5% of 1 Hz: {'ok' if good else 'NO'}")
    if not nengo_means:
        print(f"(no Nengo results for {args.example} in {args.nengo})")
    if args.timings:
        try:
            ok &= compare_speed(nengo_means, args.timings)
        except TraceError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
