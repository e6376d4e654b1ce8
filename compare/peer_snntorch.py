#!/usr/bin/env python3
"""snnTorch peer: the converted network with snn.Leaky neurons, batched on the CPU.

784 Poisson inputs -> nn.Linear(784, 128, bias=False) -> snn.Leaky -> nn.Linear(128, 10,
bias=False) -> snn.Leaky, weights = the exported normalized W1, W2; class = most output
spikes. Only --config correct (the user's network is a Nengo construction).

How it approximates Nengo's LIF (what the other peers run):
- snn.Leaky computes mem = beta * mem + input; Nengo's LIF step is
  v = beta * v + (1 - beta) * J with beta = exp(-dt / tau_rc). So beta = exp(-dt / tau_rc)
  and the Linear outputs (the current J, spikes of height amplitude / dt) are multiplied by
  (1 - beta) before the Leaky layer. threshold 1 (strict: mem > 1), reset_mechanism "zero".
- Differences: no refractory period (a neuron can fire every step, up to 1/dt, where
  Nengo's stops for tau_ref = 2 ms after a spike, plus the sub-step spike time), the reset
  is applied at the start of the next step (snnTorch's reset_delay), and the voltage is
  not floored at 0 (negative input drives it below 0; Nengo clips at min_voltage 0).
- Inputs: --input poisson (default) draws counts ~ Poisson(pixel * max_rate * dt) per step,
  as the other peers; --input bernoulli uses snntorch.spikegen.rate (at most one spike per
  step, probability pixel * max_rate * dt, which must be <= 1).
Initial voltages ~ U(0, 1) as in Nengo. torch.set_num_threads(--threads, default 2).
"""

import torch
import snntorch as snn
from snntorch import spikegen

import numpy as np

import peer_common as pc


class Net(torch.nn.Module):
    def __init__(self, w1, w2, beta):
        super().__init__()
        self.fc1 = torch.nn.Linear(w1.shape[0], w1.shape[1], bias=False)
        self.fc2 = torch.nn.Linear(w2.shape[0], w2.shape[1], bias=False)
        self.fc1.weight.copy_(torch.from_numpy(w1.T))
        self.fc2.weight.copy_(torch.from_numpy(w2.T))
        self.lif1 = snn.Leaky(beta=beta, threshold=1.0, reset_mechanism="zero")
        self.lif2 = snn.Leaky(beta=beta, threshold=1.0, reset_mechanism="zero")

    def forward(self, rates, steps, height, encoder, generator):
        """Runs `steps` steps on a batch of input rates per step; returns output spike counts."""
        scale = (1 - self.lif1.beta) * height  # Nengo: v += (1 - beta) * (J - v), J = height * W s
        b = rates.shape[0]
        mem1 = torch.rand(b, self.fc1.out_features, generator=generator)
        mem2 = torch.rand(b, self.fc2.out_features, generator=generator)
        counts = torch.zeros(b, self.fc2.out_features)
        nonzero = torch.nonzero(rates.flatten()).squeeze(1)  # draw only for lit pixels
        active = rates.flatten()[nonzero]
        for _ in range(steps):
            if encoder == "poisson":
                x = torch.zeros(rates.numel()).index_put_((nonzero,), torch.poisson(active, generator=generator))
                x = x.view_as(rates)
            else:
                x = spikegen.rate(rates, num_steps=1)[0]
            spk1, mem1 = self.lif1(self.fc1(x) * scale, mem1)
            spk2, mem2 = self.lif2(self.fc2(spk1) * scale, mem2)
            counts += spk2
        return counts


def main():
    p = pc.parse_args(__doc__.split("\n\n")[0], configs=("correct",))
    p.add_argument("--input", choices=("poisson", "bernoulli"), default="poisson")
    p.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    args = p.parse_args()
    e = pc.load_export(args.data, args.limit)
    lam = e.max_rate * e.dt
    if args.input == "bernoulli" and lam * float(e.images.max()) > 1 + 1e-6:
        pc.fail(f"bernoulli input needs max_rate * dt <= 1, got {lam}")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)  # spikegen.rate draws from the global generator
    generator = torch.Generator().manual_seed(args.seed)
    beta = float(np.exp(-e.dt / e.tau_rc))
    batch = 500
    counts = []
    with torch.inference_mode():
        net = Net(e.w1, e.w2, beta)
        rates = torch.from_numpy(e.images * lam)
        with pc.Stopwatch() as clock:
            for start in range(0, len(rates), batch):
                c = net(rates[start : start + batch], e.steps, e.amplitude / e.dt, args.input, generator)
                counts.append(c.double().numpy())
    counts = np.concatenate(counts)
    pc.report(
        "snntorch", snn.__version__, args.config, e, counts, clock.seconds,
        torch=torch.__version__, threads=args.threads, input=args.input,
    )


if __name__ == "__main__":
    main()
