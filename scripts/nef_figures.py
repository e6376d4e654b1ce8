"""The figures of SwiftSNN's NEF examples (issue 14), computed from traces.

One home for the arithmetic that turns a run into its figure, so that Nengo's runs
(scripts/nengo_examples.py) and SwiftSNN's traces (scripts/compare_examples.py) are
scored by the same lines. NumPy only; every function takes plain arrays:

- ``t``: the step times in seconds, ``t[n] = (n + 1) * dt`` (Nengo's ``sim.trange()``);
- ``output``: the decoded probe, shape (steps,) or (steps, dims);
- ``ideal``: the reference on the same rows and shape.

Figures (keys as in ``snn example --json``):
- ``rmse``: root mean square of output - ideal over every row with t >= 0.1 s and every
  dimension (communication-channel, squaring, multiplication, integrator);
- ``frequency_hz``, ``amplitude_mean``, ``amplitude_std`` (oscillator): from the 2-D
  output over t >= 1 s (see :func:`oscillation`);
- ``rmse_first_2s``, ``rmse_last_2s`` (learning): RMSE of post against pre over
  t < 2 s and over the last 2 s of the run (see :func:`learning_rmse`).
"""

import numpy as np

# The figures' time windows, in seconds.
RMSE_START_S = 0.1
OSCILLATION_START_S = 1.0
LEARNING_WINDOW_S = 2.0


def _columns(x):
    """Return ``x`` as a float64 array of shape (steps, dims)."""
    x = np.asarray(x, dtype=np.float64)
    return x[:, None] if x.ndim == 1 else x


def _check_rows(t, *arrays):
    """Raise ValueError unless every array has one row per time and the times rise."""
    t = np.asarray(t, dtype=np.float64)
    if t.ndim != 1 or t.size < 2:
        raise ValueError(f"t must be a 1-D array of at least 2 times, got shape {t.shape}")
    if not np.all(np.diff(t) > 0):
        raise ValueError("t must be strictly increasing")
    for a in arrays:
        if a.shape[0] != t.size:
            raise ValueError(f"{a.shape[0]} rows of data for {t.size} times")
        if not np.all(np.isfinite(a)):
            raise ValueError("the data has NaN or infinite values")
    return t


def rmse(t, output, ideal, t_start=RMSE_START_S):
    """Root mean square error of ``output`` against ``ideal`` over rows with t >= t_start.

    All dimensions count alike (the mean is over rows x dimensions).
    """
    output, ideal = _columns(output), _columns(ideal)
    if output.shape != ideal.shape:
        raise ValueError(f"output {output.shape} and ideal {ideal.shape} differ in shape")
    t = _check_rows(t, output, ideal)
    rows = t >= t_start - 1e-12  # t = n * dt carries rounding; 0.1 s itself counts
    if not np.any(rows):
        raise ValueError(f"no rows with t >= {t_start} s")
    return float(np.sqrt(np.mean((output[rows] - ideal[rows]) ** 2)))


def oscillation(t, output, t_start=OSCILLATION_START_S):
    """Frequency and amplitude of a 2-D oscillation over rows with t >= t_start.

    phase = unwrap(atan2(x1, x0)); the frequency is the least-squares slope of phase
    against t divided by 2 pi, in Hz. It is signed: positive when the state turns
    counterclockwise (x0 -> x1), as the transform [[1, -w tau], [w tau, 1]] makes it.
    The amplitude is |x| = sqrt(x0^2 + x1^2) on the same rows; its mean and its
    (population) standard deviation are reported.

    Returns a dict with ``frequency_hz``, ``amplitude_mean``, ``amplitude_std``.
    """
    x = _columns(output)
    if x.shape[1] != 2:
        raise ValueError(f"an oscillation needs a 2-D output, got {x.shape[1]} dimensions")
    t = _check_rows(t, x)
    rows = t >= t_start - 1e-12
    if np.count_nonzero(rows) < 2:
        raise ValueError(f"fewer than 2 rows with t >= {t_start} s")
    phase = np.unwrap(np.arctan2(x[rows, 1], x[rows, 0]))
    slope = np.polyfit(t[rows], phase, 1)[0]  # rad/s
    amplitude = np.hypot(x[rows, 0], x[rows, 1])
    return {
        "frequency_hz": float(slope / (2 * np.pi)),
        "amplitude_mean": float(np.mean(amplitude)),
        "amplitude_std": float(np.std(amplitude)),
    }


def learning_rmse(t, post, pre, window=LEARNING_WINDOW_S):
    """RMSE of ``post`` against ``pre`` over the first and the last ``window`` seconds.

    First: rows with t <= window after the run's start (t = dt .. 2 s, 2000 rows at
    dt = 1 ms). Last: rows with t > t[-1] - window (t = 8.001 .. 10 s in a 10 s run).
    Returns a dict with ``rmse_first_2s`` and ``rmse_last_2s``.
    """
    post, pre = _columns(post), _columns(pre)
    if post.shape != pre.shape:
        raise ValueError(f"post {post.shape} and pre {pre.shape} differ in shape")
    t = _check_rows(t, post, pre)
    dt = t[1] - t[0]
    t0 = t[0] - dt  # the run's start time
    if t[-1] - t0 < 2 * window - 1e-9:
        raise ValueError(f"the run is shorter than 2 x {window} s")
    first = t <= t0 + window + 1e-9
    last = t > t[-1] - window + 1e-9
    error = post - pre
    return {
        "rmse_first_2s": float(np.sqrt(np.mean(error[first] ** 2))),
        "rmse_last_2s": float(np.sqrt(np.mean(error[last] ** 2))),
    }
