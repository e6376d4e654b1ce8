"""What the Nengo fixture scripts share: the pinned versions, the JSON writer (probe traces
rounded to 12 significant digits), the descriptions of Nengo objects, and the command
line that writes a script's fixtures (`run_fixtures`).

Imported by scripts/nengo_fixtures.py, nengo_nef_fixtures.py, nengo_graph_fixtures.py
and nengo_learning_fixtures.py.
"""

import argparse
import json
import math
import pathlib
import sys

import nengo
import numpy as np

NENGO_VERSION = "4.1.0"
# The first fixtures were made with numpy 2.4.6 (scripts/requirements-nengo.txt), the
# issue-13 ones with .venv-peers' numpy 2.3.5 (brian2 needs < 2.4); both versions write
# byte-identical fixtures apart from the "numpy_version" line (checked on all of them).
NUMPY_VERSIONS = ("2.4.6", "2.3.5")
TRACE_SIGNIFICANT_DIGITS = 12
MAX_FILE_BYTES = 300_000


def fixture_dir(name):
    """Tests/SNNSimulatorTests/Fixtures/<name> of this repository."""
    return pathlib.Path(__file__).resolve().parent.parent / "Tests" / "SNNSimulatorTests" / "Fixtures" / name


# ---------------------------------------------------------------------------------------
# JSON output


class Trace:
    """A [steps][size] array written with TRACE_SIGNIFICANT_DIGITS digits, a row a line."""

    def __init__(self, array):
        self.array = np.asarray(array, dtype=np.float64)


def _number(value, significant_digits=None):
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"non-finite value {value} cannot be written to JSON")
    if significant_digits is not None:
        value = float(f"{value:.{significant_digits}g}")
    return repr(value)


def _is_scalar(value):
    return value is None or isinstance(value, (bool, int, float, str, np.generic))


def _scalar(value):
    if value is None:
        return "null"
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return _number(value)
    if isinstance(value, str):
        return json.dumps(value)
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def _encode(value, level=0):
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, Trace):
        rows = [
            "[" + ", ".join(_number(x, TRACE_SIGNIFICANT_DIGITS) for x in row) + "]"
            for row in value.array
        ]
        return "[\n" + ",\n".join(inner + row for row in rows) + "\n" + pad + "]"
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(k)}: {_encode(v, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if all(_is_scalar(x) for x in value):
            return "[" + ", ".join(_scalar(x) for x in value) + "]"
        return "[\n" + ",\n".join(inner + _encode(x, level + 1) for x in value) + "\n" + pad + "]"
    return _scalar(value)


def to_json(document):
    """Serializes a fixture document (dicts, lists, numbers, `Trace`s) to JSON text."""
    return _encode(document) + "\n"


# ---------------------------------------------------------------------------------------
# Descriptions of Nengo objects


def describe_synapse(synapse):
    if synapse is None:
        return None
    if isinstance(synapse, nengo.Alpha):
        return {"type": "Alpha", "tau": float(synapse.tau)}
    if isinstance(synapse, nengo.Lowpass):
        return {"type": "Lowpass", "tau": float(synapse.tau)}
    raise TypeError(f"unsupported synapse {synapse}")


def describe_neuron_type(neuron_type):
    # Subclasses first: AdaptiveLIF is a LIF, LIF a LIFRate, AdaptiveLIFRate a LIFRate,
    # SpikingRectifiedLinear a RectifiedLinear.
    if isinstance(neuron_type, nengo.AdaptiveLIF):
        return {
            "type": "AdaptiveLIF",
            "tau_n": float(neuron_type.tau_n),
            "inc_n": float(neuron_type.inc_n),
            "tau_rc": float(neuron_type.tau_rc),
            "tau_ref": float(neuron_type.tau_ref),
            "min_voltage": float(neuron_type.min_voltage),
            "amplitude": float(neuron_type.amplitude),
        }
    if isinstance(neuron_type, nengo.AdaptiveLIFRate):
        return {
            "type": "AdaptiveLIFRate",
            "tau_n": float(neuron_type.tau_n),
            "inc_n": float(neuron_type.inc_n),
            "tau_rc": float(neuron_type.tau_rc),
            "tau_ref": float(neuron_type.tau_ref),
            "amplitude": float(neuron_type.amplitude),
        }
    if isinstance(neuron_type, nengo.Izhikevich):
        return {
            "type": "Izhikevich",
            "tau_recovery": float(neuron_type.tau_recovery),
            "coupling": float(neuron_type.coupling),
            "reset_voltage": float(neuron_type.reset_voltage),
            "reset_recovery": float(neuron_type.reset_recovery),
        }
    if isinstance(neuron_type, nengo.LIF):
        return {
            "type": "LIF",
            "tau_rc": float(neuron_type.tau_rc),
            "tau_ref": float(neuron_type.tau_ref),
            "min_voltage": float(neuron_type.min_voltage),
            "amplitude": float(neuron_type.amplitude),
        }
    if isinstance(neuron_type, nengo.LIFRate):
        return {
            "type": "LIFRate",
            "tau_rc": float(neuron_type.tau_rc),
            "tau_ref": float(neuron_type.tau_ref),
            "amplitude": float(neuron_type.amplitude),
        }
    if isinstance(neuron_type, nengo.SpikingRectifiedLinear):
        return {"type": "SpikingRectifiedLinear", "amplitude": float(neuron_type.amplitude)}
    if isinstance(neuron_type, nengo.RectifiedLinear):
        return {"type": "RectifiedLinear", "amplitude": float(neuron_type.amplitude)}
    for cls in (nengo.Sigmoid, nengo.Tanh):
        if isinstance(neuron_type, cls):
            return {"type": cls.__name__, "tau_ref": float(neuron_type.tau_ref)}
    for cls in (nengo.RegularSpiking, nengo.PoissonSpiking, nengo.StochasticSpiking):
        if isinstance(neuron_type, cls):
            return {
                "type": cls.__name__,
                "base": describe_neuron_type(neuron_type.base_type),
                "amplitude": float(neuron_type.amplitude),
            }
    raise TypeError(f"unsupported neuron type {neuron_type}")


def describe_distribution(dist):
    if isinstance(dist, nengo.dists.Uniform):
        return {"type": "Uniform", "low": float(dist.low), "high": float(dist.high)}
    if isinstance(dist, nengo.dists.Choice):
        return {"type": "Choice", "options": np.asarray(dist.options).ravel().tolist()}
    if isinstance(dist, nengo.dists.Distribution):
        return {"type": type(dist).__name__}
    return "explicit"


def describe_transform(transform):
    """Scalar (elementwise, equal sizes), vector (diagonal) or (size_out, size_in) matrix."""
    if isinstance(transform, nengo.transforms.NoTransform):
        return 1.0
    if isinstance(transform, nengo.transforms.Dense):
        init = np.asarray(transform.init, dtype=np.float64)
        return float(init) if init.ndim == 0 else init.tolist()
    raise TypeError(f"unsupported transform {transform}")


def slice_indices(key, size):
    """The indices a Nengo object view `obj[key]` selects, as a list of ints."""
    return np.arange(size)[key].ravel().tolist()


def spike_steps(data, height):
    """Per neuron, the 1-based steps with spikes, each repeated once per spike (k spikes
    of height `height` in a step give k entries)."""
    counts = np.asarray(data) / height
    rounded = np.round(counts)
    assert np.array_equal(counts, rounded), "spike outputs must be whole multiples of the height"
    steps = []
    for i in range(counts.shape[1]):
        column = rounded[:, i].astype(int)
        assert np.all(column >= 0), "negative spikes cannot be written as spike steps"
        steps.append(np.repeat(np.arange(1, len(column) + 1), column).tolist())
    return steps


def state_names(neuron_type):
    names = list(neuron_type.state)
    if isinstance(neuron_type, nengo.neurons.RatesToSpikesNeuronType):
        names += list(neuron_type.base_type.state)
    return names


def describe_probe(sim, name, probe, target, kind, dt, describe_solver=None):
    """A probe of a run (`sim`) as a fixture entry: its target, synapse, sampling, the
    decoders of a decoded probe (and, given `describe_solver`, their solver), and its data
    (spike steps for unfiltered spikes, else a `Trace`)."""
    entry = {"name": name, "target": target, "target_kind": kind, "attr": probe.attr}
    entry["synapse"] = describe_synapse(probe.synapse)
    if probe.sample_every is not None:
        entry["sample_every"] = float(probe.sample_every)
    if kind == "ensemble" and not isinstance(probe.target.neuron_type, nengo.Direct):
        # A decoded probe is a hidden connection with its own decoders.
        hidden = next(
            c for c in sim.model.params if isinstance(c, nengo.Connection) and c.post_obj is probe
        )
        if describe_solver is not None:
            entry["solver"] = describe_solver(hidden.solver)
        entry["weights"] = sim.data[hidden].weights
    data = sim.data[probe]
    if kind == "neurons" and probe.attr in ("output", "spikes") and probe.synapse is None:
        height = probe.target.ensemble.neuron_type.amplitude / dt
        entry.update(spike_height=height, spike_steps=spike_steps(data, height))
    else:
        entry["data"] = Trace(data.reshape(len(data), -1))
    return entry


# ---------------------------------------------------------------------------------------
# Command line


def run_fixtures(script, fixtures, default_out, argv=None, description=None, max_total_bytes=None):
    """Parses `--out`, `--only` and `--allow-other-versions`, checks the versions, and
    writes each fixture of `fixtures` (name -> function returning a document) as
    <out>/<name>.json. Decoders are solved every time, never read from ~/.cache/nengo.
    Exits naming `script` when a file (or, given `max_total_bytes`, all of them) is too big.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=pathlib.Path, default=default_out, help="output folder")
    parser.add_argument("--only", choices=sorted(fixtures), action="append", help="fixture name")
    parser.add_argument(
        "--allow-other-versions",
        action="store_true",
        help=f"run with versions other than nengo {NENGO_VERSION} / numpy {NUMPY_VERSIONS}",
    )
    args = parser.parse_args(argv)

    known = nengo.__version__ == NENGO_VERSION and np.__version__ in NUMPY_VERSIONS
    if not known and not args.allow_other_versions:
        sys.exit(
            f"{script}: found nengo {nengo.__version__} / numpy {np.__version__}, "
            f"expected {NENGO_VERSION} / one of {NUMPY_VERSIONS} "
            "(scripts/requirements-nengo.txt or .venv-peers); "
            "pass --allow-other-versions to proceed anyway"
        )
    nengo.rc.set("decoder_cache", "enabled", "False")

    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name in args.only or fixtures:
        text = to_json(fixtures[name]())
        size = len(text.encode())
        if size > MAX_FILE_BYTES:
            sys.exit(f"{script}: {name}.json is {size} bytes (limit {MAX_FILE_BYTES})")
        total += size
        (args.out / f"{name}.json").write_text(text)
        print(f"{name}.json: {size} bytes")
    if max_total_bytes is not None and total > max_total_bytes:
        sys.exit(f"{script}: fixtures total {total} bytes (limit {max_total_bytes})")
    print(f"total: {total} bytes in {args.out}")
