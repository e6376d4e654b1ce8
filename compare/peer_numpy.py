#!/usr/bin/env python3
"""Plain NumPy reference of the converted network, batched over images.

784 Poisson inputs -> 128 LIF -> 10 LIF, no synapses (a spike reaches the next layer in the
same step, as with Nengo's synapse=None), Nengo's LIF equations (LIF.step, refractory
period with the sub-step spike time), Nengo's spike heights (amplitude / dt). Every
image starts from fresh state: voltages ~ U(0, 1), refractory 0.

--config correct (default): rate of input i = pixel_i * max_rate, counts ~ Poisson(rate dt)
  per step, J_hidden = (counts * amplitude / dt) @ W1, J_out = (spikes * amplitude / dt) @ W2
  with the exported normalized W1, W2 (gain 1, bias 0); class = most output spikes.
--config user: the forum user's Nengo network re-done in NumPy (W1_raw, W2_raw, pixels
  0..255 into PoissonSpiking(RectifiedLinear) with gain 100, LIF gain ~2.033 and bias 1
  from max_rates 100 / intercepts 0), read out by the user's sum(probe > 0) of a
  Lowpass(0.1) probe; "spike_count_accuracy" reads the true spike counts.
"""

import math

import numpy as np
from threadpoolctl import threadpool_limits

import peer_common as pc


class LIF:
    """Nengo's LIF neurons (nengo/neurons.py, LIF.step) for a batch, float32, in place."""

    def __init__(self, shape, tau_rc, tau_ref, rng, min_voltage=0.0):
        self.tau_rc, self.tau_ref, self.min_voltage = tau_rc, tau_ref, min_voltage
        self.v = rng.uniform(0, 1, size=shape).astype(np.float32)
        self.ref = np.zeros(shape, dtype=np.float32)

    def step(self, dt, j):
        """Advances one step with input current `j`; returns the boolean spike mask."""
        self.ref -= dt
        delta_t = np.clip(dt - self.ref, 0, dt)
        self.v -= (j - self.v) * np.expm1(-delta_t / self.tau_rc)
        spiked = self.v > 1
        if spiked.any():
            with np.errstate(divide="ignore", invalid="ignore"):
                t_spike = dt + self.tau_rc * np.log1p(-(self.v[spiked] - 1) / (j[spiked] - 1))
            self.ref[spiked] = self.tau_ref + t_spike
        np.maximum(self.v, self.min_voltage, out=self.v)
        self.v[spiked] = 0
        return spiked


def lif_gain_bias(max_rate, intercept, tau_rc, tau_ref):
    """Nengo's LIF.gain_bias for one max rate (Hz) and intercept."""
    x1 = 1.0 / (1.0 - math.exp((tau_ref - 1.0 / max_rate) / tau_rc))
    gain = (1.0 - x1) / (intercept - 1.0)
    return gain, 1.0 - gain * intercept


def poisson_counts(rng, lam, nonzero):
    """Poisson(lam) counts, drawn only where lam > 0 (`nonzero` = flat indices)."""
    counts = np.zeros(lam.size, dtype=np.float32)
    counts[nonzero] = rng.poisson(lam.ravel()[nonzero])
    return counts.reshape(lam.shape)


def run_batch(e, images, config, rng):
    """Simulates one batch; returns (readout scores, output spike counts)."""
    dt, b = e.dt, len(images)
    if config == "correct":
        lam = images * e.max_rate * dt
        w1, w2 = e.w1, e.w2
        height = e.amplitude / dt
        gain, bias = 1.0, 0.0
    else:
        lam = images * 255.0 * 100.0 * dt  # node 0..255, RectifiedLinear gain 100, bias 0
        w1, w2 = e.w1_raw, e.w2_raw
        height = 1.0 / dt
        gain, bias = lif_gain_bias(100.0, 0.0, e.tau_rc, e.tau_ref)
    nonzero = np.flatnonzero(lam > 0)
    hidden = LIF((b, w1.shape[1]), e.tau_rc, e.tau_ref, rng)
    out = LIF((b, w2.shape[1]), e.tau_rc, e.tau_ref, rng)
    counts = np.zeros((b, w2.shape[1]))
    probe_state = np.zeros((b, w2.shape[1]))  # Lowpass(0.1) of the output ("user")
    probe_positive = np.zeros((b, w2.shape[1]))
    decay = math.exp(-dt / 0.1)
    for _ in range(e.steps):
        x = poisson_counts(rng, lam, nonzero) * np.float32(height)
        s1 = hidden.step(dt, gain * (x @ w1) + bias)
        s2 = out.step(dt, gain * ((s1 * np.float32(height)) @ w2) + bias)
        counts += s2
        if config == "user":
            probe_positive += probe_state > 0  # a filtered probe records last step's state
            probe_state = decay * probe_state + (1 - decay) * s2 * (1.0 / dt)
    return (probe_positive if config == "user" else counts), counts


def main():
    p = pc.parse_args(__doc__.split("\n\n")[0])
    p.add_argument("--threads", type=int, default=2, help="BLAS threads (threadpoolctl)")
    args = p.parse_args()
    e = pc.load_export(args.data, args.limit)
    rng = np.random.default_rng(args.seed)
    batch = 500
    scores, counts = [], []
    with threadpool_limits(limits=args.threads, user_api="blas"), pc.Stopwatch() as clock:
        for start in range(0, len(e.images), batch):
            s, c = run_batch(e, e.images[start : start + batch], args.config, rng)
            scores.append(s)
            counts.append(c)
    scores, counts = np.concatenate(scores), np.concatenate(counts)
    extra = {}
    if args.config == "user":
        extra["spike_count_accuracy"] = float(np.mean(np.argmax(counts, 1) == e.labels))
    pc.report(
        "numpy", np.__version__, args.config, e, scores, clock.seconds,
        spike_counts=counts, threads=args.threads, **extra,
    )


if __name__ == "__main__":
    main()
