#!/usr/bin/env python3
"""The cost of a Python node function called from the engine, per call.

The same network (a node of SIZE outputs -> 10 LIF neurons) runs STEPS steps with the
node's output given as a per-step array (`run_steps(data=...)`), then as a Python function
of t (called once per step, in Python, before the engine runs) giving the same values; the engine does
the same work in both, so the difference per step is the cost of one call, the Python
function itself included. Rounds alternate; the fastest of each is reported.

With --input, the node takes an input (a constant node of SIZE values feeds it) and is
called back from inside the engine's loop with it, f(t, x) (through the C ABI), against a
passthrough node of the same size, which the engine computes alone.

    python examples/callback_cost.py [--steps 20000] [--size 1] [--rounds 3] [--input]
"""

import argparse
import json
import time

import nengo
import numpy as np

import nengo_swiftsnn


def seconds(function, size, steps, data):
    with nengo.Network(seed=0) as net:
        node = nengo.Node(function, size_out=size)
        ens = nengo.Ensemble(10, 1)
        nengo.Connection(node, ens.neurons, transform=np.full((10, size), 0.01), synapse=None)
    with nengo_swiftsnn.Simulator(net) as sim:
        start = time.perf_counter()
        sim.run_steps(steps, data=None if data is None else {node: data})
        return time.perf_counter() - start


def seconds_with_input(function, size, steps):
    with nengo.Network(seed=0) as net:
        source = nengo.Node(np.linspace(0, 1, size))
        node = nengo.Node(function, size_in=size, size_out=size)
        ens = nengo.Ensemble(10, 1)
        nengo.Connection(source, node, synapse=None)
        nengo.Connection(node, ens.neurons, transform=np.full((10, size), 0.01), synapse=None)
    with nengo_swiftsnn.Simulator(net) as sim:
        start = time.perf_counter()
        sim.run_steps(steps)
        return time.perf_counter() - start


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--steps", type=int, default=20000)
    p.add_argument("--size", type=int, default=1)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--input", action="store_true", help="f(t, x) called from the engine vs a passthrough node")
    args = p.parse_args()
    if args.input:
        best = {"passthrough": np.inf, "function": np.inf}
        for _ in range(args.rounds):
            best["passthrough"] = min(best["passthrough"], seconds_with_input(None, args.size, args.steps))
            best["function"] = min(best["function"], seconds_with_input(lambda t, x: x * np.sin(t), args.size, args.steps))
        per_call = (best["function"] - best["passthrough"]) / args.steps
        print(json.dumps({"size": args.size, "steps": args.steps, "input": True,
                          "passthrough_s": round(best["passthrough"], 4), "function_s": round(best["function"], 4),
                          "us_per_call": round(1e6 * per_call, 2)}))
        return
    values = np.linspace(0, 1, args.size)

    def f(t):
        return values * np.sin(t)

    data = np.array([f(0.001 * (k + 1)) for k in range(args.steps)])
    best = {"data": np.inf, "function": np.inf}
    for _ in range(args.rounds):
        best["data"] = min(best["data"], seconds(f, args.size, args.steps, data))
        best["function"] = min(best["function"], seconds(f, args.size, args.steps, None))
    per_call = (best["function"] - best["data"]) / args.steps
    print(json.dumps({"size": args.size, "steps": args.steps, "data_s": round(best["data"], 4),
                      "function_s": round(best["function"], 4), "us_per_call": round(1e6 * per_call, 2)}))


if __name__ == "__main__":
    main()
