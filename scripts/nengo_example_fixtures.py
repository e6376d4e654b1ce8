#!/usr/bin/env python3
"""Shared traces for SwiftSNN's NEF-example figures (Tests/SNNExamplesTests/Fixtures).

Runs every example of scripts/nengo_examples.py once with real Nengo 4.1 (seed 0) and
writes, per example, a CSV trace (compare_examples.py's format: t, output..., ideal...)
plus figures.json: the figures scripts/nef_figures.py computes from those very CSV
values (read back after rounding), so that SwiftSNN's NEFFigures can be checked against
nef_figures.py number for number, and SwiftSNN's ideals against Nengo's Direct-mode ideal.

    .venv-peers/bin/python scripts/nengo_example_fixtures.py [--out DIR]

The output columns keep 9 significant digits (the figures are computed from the rounded
values); t and the Direct-mode ideal are written exactly (shortest round-trip digits),
the ideal to be compared with SwiftSNN's to 1e-12.
"""

import argparse
import json
import pathlib
import sys

import nengo
import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import nef_figures  # noqa: E402
import nengo_examples  # noqa: E402

SEED = 0
DEFAULT_OUT = (pathlib.Path(__file__).resolve().parent.parent
               / "Tests" / "SNNExamplesTests" / "Fixtures")


def run(example):
    """(t, output, ideal) of one run of ``example`` at SEED; ideal is None without one."""
    net, probes = example.build(SEED)
    with nengo_examples.simulator(net) as sim:
        sim.run(example.duration_s)
        t = sim.trange()
        output = np.array(sim.data[probes["output"]])
        ideal = None
        if example.ideal == "reference":
            ideal = np.array(sim.data[probes["reference"]])
    if example.ideal == "direct":
        ideal = nengo_examples.direct_ideal(example)[1]
    return t, output, ideal


def write(path, t, output, ideal, ideal_digits):
    """Write the trace; return what a reader gets back (t, output, ideal as floats)."""
    names = ["t"] + (["output"] if output.shape[1] == 1
                     else [f"output{d}" for d in range(output.shape[1])])
    if ideal is not None:
        names += ["ideal"] if ideal.shape[1] == 1 else [f"ideal{d}" for d in range(ideal.shape[1])]
    with path.open("w", encoding="utf-8") as f:
        f.write(f"# {path.stem}, seed {SEED}, Nengo {nengo.__version__}\n")
        f.write(",".join(names) + "\n")
        for n in range(len(t)):
            cells = [repr(float(t[n]))] + [f"{x:.9g}" for x in output[n]]
            if ideal is not None:
                cells += [repr(float(x)) if ideal_digits == 17 else f"{x:.9g}" for x in ideal[n]]
            f.write(",".join(cells) + "\n")
    data = np.loadtxt(path, delimiter=",", skiprows=2, ndmin=2)
    dims = output.shape[1]
    return data[:, 0], data[:, 1:1 + dims], (data[:, 1 + dims:] if ideal is not None else None)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    nengo.rc.set("decoder_cache", "enabled", "False")
    args.out.mkdir(parents=True, exist_ok=True)
    figures = {}
    for name, example in nengo_examples.EXAMPLES.items():
        t, output, ideal = run(example)
        digits = 17 if example.ideal == "direct" else 9
        t, output, ideal = write(args.out / f"{name}.csv", t, output.reshape(len(t), -1),
                                 None if ideal is None else ideal.reshape(len(t), -1), digits)
        figures[name] = example.figures(t, output, ideal)
        print(name, figures[name])
    (args.out / "figures.json").write_text(json.dumps(figures, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
