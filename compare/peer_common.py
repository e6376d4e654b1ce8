"""What every peer script shares: the command line, the export file, the JSON report.

A peer is run as `python compare/peer_<name>.py --data export.npz [--limit N]
[--config user|correct] [--seed S]` and prints ONE JSON object on stdout (anything else
goes to stderr). See compare/README.md for the export format and the configurations.
"""

import argparse
import json
import sys
import time
from dataclasses import dataclass

import numpy as np

CONFIGS = ("correct", "user")


@dataclass
class Export:
    """The arrays of an export file, as float32 (labels int64), with the scalars as floats."""

    w1: np.ndarray  # (784, 128) normalized, in x out (Keras layout)
    w2: np.ndarray  # (128, 10) normalized
    w1_raw: np.ndarray  # (784, 128) the ANN's trained weights
    w2_raw: np.ndarray  # (128, 10)
    images: np.ndarray  # (N, 784) in [0, 1]
    labels: np.ndarray  # (N,) int64
    steps: int
    dt: float  # s
    max_rate: float  # Hz, input rate of a pixel of intensity 1 ("correct")
    tau_rc: float  # s
    tau_ref: float  # s
    amplitude: float  # Nengo amplitude: a spike's height is amplitude / dt ("correct")


def parse_args(description, configs=CONFIGS, default_limit=1000):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--data", required=True, help="export .npz written by `snn compare`")
    p.add_argument("--limit", type=int, default=default_limit, help="first N images (0 = all)")
    p.add_argument("--config", choices=configs, default="correct")
    p.add_argument("--seed", type=int, default=0)
    return p


def fail(message):
    """Reports an error on stderr and exits with status 2 (nothing on stdout)."""
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def load_export(path, limit):
    """Loads and checks an export file; keeps the first `limit` images (0 = all)."""
    required = ("W1", "W2", "W1_raw", "W2_raw", "images", "labels", "steps", "dt", "max_rate", "tau_rc", "tau_ref")
    try:
        npz = np.load(path)
    except (OSError, ValueError) as e:
        fail(f"{path}: cannot read as .npz ({e})")
    if not isinstance(npz, np.lib.npyio.NpzFile):
        fail(f"{path}: a single .npy array, not an .npz archive")
    with npz as d:
        missing = [k for k in required if k not in d.files]
        if missing:
            fail(f"{path}: missing arrays {', '.join(missing)}")
        n = len(d["labels"]) if limit <= 0 else min(limit, len(d["labels"]))
        e = Export(
            w1=d["W1"].astype(np.float32),
            w2=d["W2"].astype(np.float32),
            w1_raw=d["W1_raw"].astype(np.float32),
            w2_raw=d["W2_raw"].astype(np.float32),
            images=d["images"][:n].astype(np.float32),
            labels=d["labels"][:n].astype(np.int64),
            steps=int(d["steps"]),
            dt=float(d["dt"]),
            max_rate=float(d["max_rate"]),
            tau_rc=float(d["tau_rc"]),
            tau_ref=float(d["tau_ref"]),
            amplitude=float(d["amplitude"]) if "amplitude" in d.files else 1.0,
        )
    n_in, n_hid = e.w1.shape
    n_out = e.w2.shape[1]
    shapes_ok = (
        e.w2.shape[0] == n_hid
        and e.w1_raw.shape == e.w1.shape
        and e.w2_raw.shape == e.w2.shape
        and e.images.ndim == 2
        and e.images.shape[1] == n_in
        and e.labels.shape == (len(e.images),)
    )
    if not shapes_ok:
        fail(f"{path}: inconsistent shapes W1 {e.w1.shape} W2 {e.w2.shape} images {e.images.shape} labels {e.labels.shape}")
    if len(e.images) == 0 or e.steps <= 0 or e.dt <= 0:
        fail(f"{path}: nothing to run (images {len(e.images)}, steps {e.steps}, dt {e.dt})")
    return e


class Stopwatch:
    """Accumulates wall-clock seconds of the timed (simulation) sections only."""

    def __init__(self):
        self.seconds = 0.0

    def __enter__(self):
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds += time.perf_counter() - self._start


def report(framework, version, config, export, scores, seconds, spike_counts=None, **extra):
    """Prints the one JSON object.

    `scores` (images x classes) give the predictions by argmax (the first index wins a tie,
    as in the user's script); `spike_counts` are the true output spike counts (default:
    the scores themselves).
    """
    counts = scores if spike_counts is None else spike_counts
    predictions = np.argmax(scores, axis=1)
    n = len(export.labels)
    result = {
        "framework": framework,
        "version": version,
        "configuration": config,
        "images": n,
        "accuracy": float(np.mean(predictions == export.labels)),
        "seconds": round(seconds, 4),
        "seconds_per_image": seconds / n,
        "steps": export.steps,
        "output_spikes_per_image": float(np.sum(counts) / n),
    }
    result.update(extra)
    print(json.dumps(result))
