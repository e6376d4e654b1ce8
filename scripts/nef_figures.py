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


def self_test():
    """Check every figure against hand-computed cases; raise AssertionError on a miss.

    Run as ``python scripts/nef_figures.py``.
    """
    dt = 0.001
    t = dt * np.arange(1, 10001)  # 10 s, t = n dt as in Nengo's sim.trange()

    # rmse: a constant error of 0.25 from t = 0.1 s on (t = 0.1 s itself counts), and a
    # huge one before, which must not count.
    ideal = np.sin(2 * np.pi * t)
    output = ideal + np.where(t >= 0.1 - 1e-12, 0.25, 100.0)
    assert np.isclose(t[99], 0.1) and output[99] - ideal[99] == 0.25
    assert abs(rmse(t, output, ideal) - 0.25) < 1e-12
    # One error of 1 at t = 0.1 s exactly, counted among the 9901 rows t = 0.1 .. 10 s.
    spike = ideal + (np.arange(t.size) == 99)
    assert abs(rmse(t, spike, ideal) - 1 / np.sqrt(9901)) < 1e-15
    # Two dimensions: errors 0.3 and 0.4 -> sqrt((0.09 + 0.16) / 2).
    two = np.column_stack([ideal + 0.3, ideal - 0.4])
    assert abs(rmse(t, two, np.column_stack([ideal, ideal])) - np.sqrt(0.125)) < 1e-12

    # oscillation: a circle of radius 0.8 at 1.5 Hz, counterclockwise then clockwise.
    circle = 0.8 * np.column_stack([np.cos(3 * np.pi * t), np.sin(3 * np.pi * t)])
    o = oscillation(t, circle)
    assert abs(o["frequency_hz"] - 1.5) < 1e-9, o
    assert abs(o["amplitude_mean"] - 0.8) < 1e-12 and o["amplitude_std"] < 1e-12, o
    assert abs(oscillation(t, circle[:, ::-1])["frequency_hz"] + 1.5) < 1e-9
    # Amplitude 0.8 + 0.1 sin(2 pi 0.5 t) over t in [1, 10]: 9 s = 4.5 periods of the
    # modulation: mean 0.8 + 0.1 (cos(pi) - cos(10 pi)) / (9 pi), std ~ 0.1 / sqrt 2.
    radius = 0.8 + 0.1 * np.sin(np.pi * t)
    o = oscillation(t, circle / 0.8 * radius[:, None])
    rows = t >= 1 - 1e-12
    assert abs(o["amplitude_mean"] - np.mean(radius[rows])) < 1e-12
    assert abs(o["amplitude_mean"] - (0.8 - 0.2 / (9 * np.pi))) < 1e-4, o
    assert abs(o["amplitude_std"] - 0.1 / np.sqrt(2)) < 2e-3, o

    # Radius 0.9 on even steps, 0.7 on odd ones: over n = 1000 .. 10000 (t >= 1 s), 4501
    # even and 4500 odd rows; population std = 0.2 sqrt(p (1 - p)), p = 4501 / 9001.
    n = np.arange(1, t.size + 1)
    radius = np.where(n % 2 == 0, 0.9, 0.7)
    o = oscillation(t, circle / 0.8 * radius[:, None])
    p = 4501 / 9001
    assert abs(o["amplitude_mean"] - (0.9 * p + 0.7 * (1 - p))) < 1e-12, o
    assert abs(o["amplitude_std"] - 0.2 * np.sqrt(p * (1 - p))) < 1e-12, o

    # learning_rmse: error 1 on (0, 2] s, 0.5 on (8, 10] s, 7 in between.
    pre = np.sin(2 * np.pi * t)
    post = pre + np.where(t <= 2 + 1e-9, 1.0, np.where(t > 8 + 1e-9, -0.5, 7.0))
    assert np.count_nonzero(t <= 2 + 1e-9) == 2000
    assert np.count_nonzero(t > 8 + 1e-9) == 2000
    r = learning_rmse(t, post, pre)
    assert abs(r["rmse_first_2s"] - 1.0) < 1e-12 and abs(r["rmse_last_2s"] - 0.5) < 1e-12, r
    # The row t = 2 s is the first window's last: an error of 3 there gives
    # sqrt((1999 * 1 + 9) / 2000).
    post[1999] = pre[1999] + 3.0
    r = learning_rmse(t, post, pre)
    assert abs(r["rmse_first_2s"] - np.sqrt(2008 / 2000)) < 1e-12, r

    # Bad input is refused with a message, never scored.
    for bad in (
        lambda: rmse(t, output[:-1], ideal),
        lambda: rmse(t, np.where(t > 5, np.nan, output), ideal),
        lambda: oscillation(t, output),
        lambda: learning_rmse(t[:3000], post[:3000], pre[:3000]),
        lambda: rmse(t[::-1], output, ideal),
    ):
        try:
            bad()
        except ValueError:
            continue
        raise AssertionError("bad input was scored")
    print("nef_figures: all checks passed")


if __name__ == "__main__":
    self_test()
