#!/usr/bin/env python3
"""Make a development export file in the format `snn compare` writes, without Swift.

Reads the raw Keras weights (`weights.npz`: W1 784x128, W2 128x10, in x out) and the MNIST
IDX files, normalizes the weights by data-based percentile normalization (Rueckauer et
al. 2017, "Conversion of continuous-valued deep networks to efficient event-driven
networks"): lambda_l = the 99.9th percentile of the nonzero ReLU activations of layer l
on the first 1,000 training images (pixels / 255), lambda_0 = 1, and the normalized
weights W_l * lambda_{l-1} / lambda_l. The output layer's activation is ReLU(logits) (the softmax
is dropped in the SNN). The peers feed spikes of Nengo's height amplitude / dt straight
into the next layer's LIF current (gain 1, bias 0), and one LIF step moves a resting
voltage by (1 - exp(-dt / tau_rc)) * J, so both layers are also multiplied by
step_scale = dt / (amplitude * (1 - exp(-dt / tau_rc))) (~0.0205 for dt 1 ms, tau_rc 20 ms):
then one input spike moves the voltage by the normalized weight, as in an IF neuron:

    W_l' = W_l * lambda_{l-1} / lambda_l * step_scale

    python compare/make_export.py --out /tmp/peers-export.npz

Written keys (float32 unless noted): W1, W2 (normalized and scaled), W1_raw, W2_raw,
images (N,784) in [0,1], labels (N,) int64, and the scalars steps (int64), dt, max_rate,
tau_rc, tau_ref, amplitude, plus lambdas (2,) float64 for the record.
"""

import argparse
import gzip
import pathlib

import numpy as np

SHARED = pathlib.Path("/work/shared")
DEFAULT_WEIGHTS = SHARED / "fixtures/keras-mnist-784-128-10/weights.npz"
DEFAULT_MNIST = SHARED / "data/mnist"


def read_idx(path):
    """Reads a gzipped IDX file (MNIST images or labels) into a uint8 array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    if magic >> 8 != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file (magic {magic:#x})")
    ndim = magic & 0xFF
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(shape)):
        raise ValueError(f"{path}: {body.size} bytes of data, header says {shape}")
    return body.reshape(shape)


def load_mnist(directory, split):
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(directory / f"{prefix}-images-idx3-ubyte.gz")
    labels = read_idx(directory / f"{prefix}-labels-idx1-ubyte.gz")
    return images.reshape(len(images), -1).astype(np.float32) / 255.0, labels.astype(np.int64)


def percentile_scale(activations, percentile):
    """The percentile of the nonzero activations (1 if there are none)."""
    nonzero = activations[activations > 0]
    return float(np.percentile(nonzero, percentile)) if nonzero.size else 1.0


def normalize(w1, w2, calibration, percentile):
    hidden = np.maximum(calibration @ w1, 0)
    lam1 = percentile_scale(hidden, percentile)
    out = np.maximum(hidden @ w2, 0)
    lam2 = percentile_scale(out, percentile)
    return w1 / lam1, w2 * lam1 / lam2, (lam1, lam2)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, type=pathlib.Path)
    p.add_argument("--weights", type=pathlib.Path, default=DEFAULT_WEIGHTS)
    p.add_argument("--mnist", type=pathlib.Path, default=DEFAULT_MNIST)
    p.add_argument("--images", type=int, default=10_000, help="first N test images")
    p.add_argument("--calibration", type=int, default=1_000, help="first N training images")
    p.add_argument("--percentile", type=float, default=99.9)
    p.add_argument("--steps", type=int, default=350)
    p.add_argument("--dt", type=float, default=0.001)
    p.add_argument("--max-rate", type=float, default=1000.0)
    p.add_argument("--tau-rc", type=float, default=0.02)
    p.add_argument("--tau-ref", type=float, default=0.002)
    p.add_argument("--amplitude", type=float, default=1.0, help="Nengo amplitude of every spike")
    a = p.parse_args()

    weights = np.load(a.weights)
    w1, w2 = weights["W1"].astype(np.float32), weights["W2"].astype(np.float32)
    train_x, _ = load_mnist(a.mnist, "train")
    test_x, test_y = load_mnist(a.mnist, "test")
    w1n, w2n, lambdas = normalize(w1, w2, train_x[: a.calibration], a.percentile)
    step_scale = a.dt / (a.amplitude * -np.expm1(-a.dt / a.tau_rc))
    ann = float(np.mean(np.argmax(np.maximum(test_x[: a.images] @ w1, 0) @ w2, 1) == test_y[: a.images]))

    np.savez(
        a.out,
        W1=(w1n * step_scale).astype(np.float32),
        W2=(w2n * step_scale).astype(np.float32),
        W1_raw=w1,
        W2_raw=w2,
        images=test_x[: a.images],
        labels=test_y[: a.images],
        steps=np.array(a.steps, dtype=np.int64),
        dt=np.array(a.dt, dtype=np.float32),
        max_rate=np.array(a.max_rate, dtype=np.float32),
        tau_rc=np.array(a.tau_rc, dtype=np.float32),
        tau_ref=np.array(a.tau_ref, dtype=np.float32),
        amplitude=np.array(a.amplitude, dtype=np.float32),
        lambdas=np.array(lambdas, dtype=np.float64),
    )
    print(f"wrote {a.out}: {a.images} images, lambdas {lambdas[0]:.4f} {lambdas[1]:.4f}, step scale {step_scale:.6f}, ANN accuracy {ann:.4f}")


if __name__ == "__main__":
    main()
