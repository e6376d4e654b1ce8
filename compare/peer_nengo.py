#!/usr/bin/env python3
"""Nengo 4.1 peer: the forum user's network ("user") and its corrected form ("correct").

Both: a Node -> Ensemble(784, PoissonSpiking(RectifiedLinear())) -> Ensemble(128, LIF) ->
Ensemble(10, LIF), connections between `.neurons`, no synapses. One Simulator is built
once; each image runs `steps` steps after `sim.reset(seed + i)` (fresh state per image, as
in the user's loop; the reset restores the built initial voltages and reseeds the Poisson
noise). The Node outputs the current image (a callable Node: PresentInput would restart at
image 0 after every reset).

--config user: exactly the user's settings: pixels 0..255 (images * 255),
  net.config[Ensemble].max_rates = Choice([100]), intercepts = Choice([0]),
  net.config[Connection].synapse = None, transforms W1_raw.T and W2_raw.T, and
  Probe(out.neurons, synapse=0.1) read out by argmax(sum(probe > 0)). The field
  "spike_count_accuracy" reads an unfiltered probe of the same run instead.
--config correct: pixels in [0, 1]; the Poisson ensemble has gain = max_rate, bias = 0
  (rate = pixel * max_rate); hidden and output LIF have gain 1, bias 0 (a connection into
  `.neurons` multiplies by the gain); every spike has Nengo's height amplitude / dt;
  transforms W1.T and W2.T (the exported normalized weights); argmax of spike counts.
"""

import time

import nengo
import numpy as np

import peer_common as pc


def build(e, config):
    """Returns (network, input holder, readout probe, spike probe)."""
    current = {"x": np.zeros(e.images.shape[1])}
    n_in, n_hid = e.w1.shape
    n_out = e.w2.shape[1]
    with nengo.Network(seed=0) as net:
        net.config[nengo.Connection].synapse = None
        inp = nengo.Node(lambda t: current["x"], size_out=n_in)
        if config == "user":
            net.config[nengo.Ensemble].max_rates = nengo.dists.Choice([100])
            net.config[nengo.Ensemble].intercepts = nengo.dists.Choice([0])
            poisson = nengo.Ensemble(n_in, 1, neuron_type=nengo.PoissonSpiking(nengo.RectifiedLinear()))
            hidden = nengo.Ensemble(n_hid, 1, neuron_type=nengo.LIF())
            out = nengo.Ensemble(n_out, 1, neuron_type=nengo.LIF())
            w1, w2 = e.w1_raw, e.w2_raw
        else:
            lif = nengo.LIF(tau_rc=e.tau_rc, tau_ref=e.tau_ref, amplitude=e.amplitude)
            poisson = nengo.Ensemble(
                n_in, 1,
                neuron_type=nengo.PoissonSpiking(nengo.RectifiedLinear(), amplitude=e.amplitude),
                gain=np.full(n_in, e.max_rate), bias=np.zeros(n_in),
            )
            hidden = nengo.Ensemble(n_hid, 1, neuron_type=lif, gain=np.ones(n_hid), bias=np.zeros(n_hid))
            out = nengo.Ensemble(n_out, 1, neuron_type=lif, gain=np.ones(n_out), bias=np.zeros(n_out))
            w1, w2 = e.w1, e.w2
        nengo.Connection(inp, poisson.neurons, transform=1)
        nengo.Connection(poisson.neurons, hidden.neurons, transform=w1.T)
        nengo.Connection(hidden.neurons, out.neurons, transform=w2.T)
        spikes = nengo.Probe(out.neurons)
        readout = nengo.Probe(out.neurons, synapse=0.1) if config == "user" else spikes
    return net, current, readout, spikes


def main():
    args = pc.parse_args(__doc__.split("\n\n")[0], default_limit=200).parse_args()
    e = pc.load_export(args.data, args.limit)
    pixels = e.images * 255.0 if args.config == "user" else e.images
    net, current, readout, spikes = build(e, args.config)
    start = time.perf_counter()
    with np.errstate(divide="ignore"):  # Nengo derives max_rates from gain 1, bias 0: log1p(-1)
        sim = nengo.Simulator(net, dt=e.dt, seed=args.seed, progress_bar=False)
    build_seconds = time.perf_counter() - start
    with sim:
        scores = np.zeros((len(pixels), e.w2.shape[1]))
        counts = np.zeros_like(scores)
        with pc.Stopwatch() as clock:
            for i, x in enumerate(pixels):
                current["x"] = x
                sim.reset(seed=args.seed + i)
                sim.run_steps(e.steps)
                scores[i] = np.sum(sim.data[readout][-e.steps :] > 0, axis=0)
                counts[i] = np.sum(sim.data[spikes][-e.steps :] > 0, axis=0)
    extra = {"build_seconds": round(build_seconds, 3)}
    if args.config == "user":
        extra["spike_count_accuracy"] = float(np.mean(np.argmax(counts, 1) == e.labels))
    pc.report("nengo", nengo.__version__, args.config, e, scores, clock.seconds, spike_counts=counts, **extra)


if __name__ == "__main__":
    main()
