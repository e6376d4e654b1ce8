#!/usr/bin/env python3
"""The Nengo forum network (compare/peer_nengo.py, --config user) on a chosen simulator.

The network and the per-image loop are peer_nengo's own (`build`, then for each image:
set the node's current image, `sim.reset(seed=seed + i)`, `sim.run_steps(steps)`, read
`argmax(sum(probe > 0))`); only the simulator class changes. Rounds alternate between
the simulators so that both timings come from the same moments of a shared machine.

    python examples/forum.py --limit 5000 --simulators nengo_swiftsnn
    python examples/forum.py --limit 100 --rounds 3 --simulators nengo,nengo_swiftsnn
    python examples/forum.py --limit 5000 --minibatch 500 --simulators nengo_swiftsnn

--minibatch N runs the script the way NengoDL's users write it (the forum post's
original): `Simulator(net, minibatch_size=N)`, then per batch of N images
`sim.run_steps(steps, data={node: images repeated over the steps})`, probe data of shape
(N, steps, 10); nengo.Simulator has no such form.

Data: the Keras fixture weights (SWIFTSNN_FIXTURES/keras-mnist-784-128-10/weights.npz) and
the MNIST test set (SWIFTSNN_DATA, IDX .gz); 350 steps of 1 ms, as in the README.
"""

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import nengo
import numpy as np

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "compare"))
import peer_nengo  # noqa: E402

import nengo_swiftsnn  # noqa: E402

SIMULATORS = {
    "nengo": nengo.Simulator,
    "nengo_swiftsnn": nengo_swiftsnn.Simulator,
    "nengo_swiftsnn_float32": lambda *args, **kwargs: nengo_swiftsnn.Simulator(*args, precision="float32", **kwargs),
}


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def export(limit):
    """What peer_nengo's `build` reads for --config user."""
    weights = np.load(Path(os.environ["SWIFTSNN_FIXTURES"]) / "keras-mnist-784-128-10" / "weights.npz")
    data = Path(os.environ["SWIFTSNN_DATA"])
    images = idx(data / "t10k-images-idx3-ubyte.gz")[:limit].reshape(limit, -1).astype(np.float32) / 255
    labels = idx(data / "t10k-labels-idx1-ubyte.gz")[:limit].astype(np.int64)
    w1, w2 = weights["W1"].astype(np.float32), weights["W2"].astype(np.float32)
    return SimpleNamespace(w1=w1, w2=w2, w1_raw=w1, w2_raw=w2, images=images, labels=labels, steps=350, dt=0.001)


def run(simulator, e, images, seed):
    """peer_nengo's loop for --config user; returns (accuracy, seconds of the loop)."""
    net, current, readout, spikes = peer_nengo.build(e, "user")
    with np.errstate(divide="ignore"):
        sim = simulator(net, dt=e.dt, seed=seed, progress_bar=False)
    with sim:
        scores = np.zeros((len(images), e.w2.shape[1]))
        start = time.perf_counter()
        for i, x in enumerate(images * 255.0):
            current["x"] = x
            sim.reset(seed=seed + i)
            sim.run_steps(e.steps)
            scores[i] = np.sum(sim.data[readout][-e.steps :] > 0, axis=0)
        seconds = time.perf_counter() - start
    return float(np.mean(np.argmax(scores, 1) == e.labels[: len(images)])), seconds


def run_minibatch(simulator, e, images, seed, n):
    """The NengoDL form of the same loop: N images per run; returns (accuracy, seconds)."""
    net, current, readout, spikes = peer_nengo.build(e, "user")
    inp = net.all_nodes[0]
    with np.errstate(divide="ignore"):
        sim = simulator(net, dt=e.dt, seed=seed, progress_bar=False, minibatch_size=n)
    with sim:
        scores = np.zeros((len(images), e.w2.shape[1]))
        start = time.perf_counter()
        for i in range(0, len(images), n):
            x = images[i : i + n] * 255.0
            if len(x) < n:  # the last, partial batch: padded with copies of its last image
                x = np.concatenate([x, np.repeat(x[-1:], n - len(x), axis=0)])
            sim.reset(seed=seed + i)
            sim.run_steps(e.steps, data={inp: np.repeat(x[:, None, :], e.steps, axis=1)})
            scores[i : i + n] = np.sum(sim.data[readout] > 0, axis=1)[: len(images) - i]
        seconds = time.perf_counter() - start
    return float(np.mean(np.argmax(scores, 1) == e.labels[: len(images)])), seconds


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--simulators", default="nengo,nengo_swiftsnn")
    p.add_argument("--minibatch", type=int, default=0, help="NengoDL's form with minibatch_size N (nengo_swiftsnn)")
    args = p.parse_args()
    e = export(args.limit)
    rows = []
    for r in range(args.rounds):
        for name in args.simulators.split(","):
            if args.minibatch:
                accuracy, seconds = run_minibatch(SIMULATORS[name], e, e.images, args.seed, args.minibatch)
            else:
                accuracy, seconds = run(SIMULATORS[name], e, e.images, args.seed)
            row = {"simulator": name, "minibatch": args.minibatch or None, "round": r, "images": args.limit, "accuracy": accuracy,
                   "seconds": round(seconds, 3), "ms_per_image": round(1000 * seconds / args.limit, 3)}
            rows.append(row)
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
