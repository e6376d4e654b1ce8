#!/usr/bin/env python3
"""Brian2 peer: the converted network as PoissonGroup -> NeuronGroup -> NeuronGroup.

One long run over all images (each shown for `steps` steps through a TimedArray of
rates); at the start of every image window a run_regularly operation resets the LIF
voltages to U(0, 1) and ends any refractory period, so each image starts fresh, as in the
other peers. Output spikes from a SpikeMonitor are binned by image window; class = most
spikes. Only --config correct.

How it approximates Nengo's LIF (what the other peers run):
- dv/dt = -v / tau_rc (unless refractory), integrated exactly; threshold v > 1, reset
  v = 0, refractory tau_ref (whole steps in Brian2; Nengo carries the sub-step spike time).
- A spike adds w_eff = (1 - exp(-dt / tau_rc)) * (amplitude / dt) * W to the voltage
  (on_pre, ignored while the target is refractory): Nengo's one-step response of a resting
  LIF to a current J = (amplitude / dt) * W.
- PoissonGroup spikes are Bernoulli (at most one spike per step, probability
  pixel * max_rate * dt, which must be <= 1), not Poisson counts.
- Brian2 delivers spikes in the step after they happen at each layer (2 steps of latency
  in all); Nengo with synapse=None passes them through the whole chain within a step.
"""

import time

import brian2 as b2
import numpy as np

import peer_common as pc


def main():
    p = pc.parse_args(__doc__.split("\n\n")[0], configs=("correct",), default_limit=200)
    p.add_argument("--target", choices=("cython", "numpy"), default="cython", help="Brian2 code generation")
    args = p.parse_args()
    e = pc.load_export(args.data, args.limit)
    if e.max_rate * e.dt * float(e.images.max()) > 1 + 1e-6:
        pc.fail(f"PoissonGroup needs max_rate * dt <= 1, got {e.max_rate * e.dt}")
    b2.prefs.codegen.target = args.target
    b2.seed(args.seed)
    b2.defaultclock.dt = e.dt * b2.second
    window = e.steps * e.dt * b2.second
    n_in, n_hid = e.w1.shape
    n_out = e.w2.shape[1]

    stim = b2.TimedArray(e.images * e.max_rate * b2.Hz, dt=window)
    inp = b2.PoissonGroup(n_in, rates="stim(t, i)", namespace={"stim": stim})
    lif = {
        "model": "dv/dt = -v / tau_rc : 1 (unless refractory)",
        "threshold": "v > 1",
        "reset": "v = 0",
        "refractory": e.tau_ref * b2.second,
        "method": "exact",
        "namespace": {"tau_rc": e.tau_rc * b2.second},
    }
    hidden = b2.NeuronGroup(n_hid, **lif)
    out = b2.NeuronGroup(n_out, **lif)
    for group in (hidden, out):  # fresh state at the start of each image
        group.run_regularly("v = rand()\nlastspike = -1e9*second", dt=window, when="start")
    step_gain = -np.expm1(-e.dt / e.tau_rc) * e.amplitude / e.dt
    layers = []
    for pre, post, w in ((inp, hidden, e.w1), (hidden, out, e.w2)):
        s = b2.Synapses(pre, post, "w : 1", on_pre="v_post += w * int(not_refractory_post)")
        s.connect()
        s.w = w[s.i[:], s.j[:]] * step_gain
        layers.append(s)
    monitor = b2.SpikeMonitor(out)
    net = b2.Network(inp, hidden, out, *layers, monitor)

    start = time.perf_counter()
    net.store()
    net.run(e.dt * b2.second, namespace={})  # compiles (or loads cached) code before the timed run
    net.restore()
    compile_seconds = time.perf_counter() - start
    with pc.Stopwatch() as clock:
        net.run(len(e.images) * window, namespace={})
    image = np.floor(np.asarray(monitor.t / window) + 1e-9).astype(int)
    counts = np.zeros((len(e.images), n_out))
    np.add.at(counts, (image, np.asarray(monitor.i)), 1)
    pc.report("brian2", b2.__version__, args.config, e, counts, clock.seconds,
              target=args.target, compile_seconds=round(compile_seconds, 3))


if __name__ == "__main__":
    main()
