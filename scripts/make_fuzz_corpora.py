#!/usr/bin/env python3
"""Writes the committed files of SwiftSNN's reliability work (issue 8):

  Fuzz/corpus/<target>/                 a few small VALID files per libFuzzer target (seeds
                                        that scripts/fuzz.sh mutates)
  Tests/SNNIOTests/Fixtures/corpus/     small BAD files, one problem each; CorpusTests.swift
                                        asserts the specific error every one of them gives

Everything is built from closed forms here (nothing is copied from real data sets), so the
files are small and the script reproduces them byte for byte.

Run: /path/to/venv/bin/python scripts/make_fuzz_corpora.py   (needs numpy and h5py)
"""
import gzip
import io
import json
import os
import struct
import zipfile
import zlib

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "Fuzz", "corpus")
BAD = os.path.join(ROOT, "Tests", "SNNIOTests", "Fixtures", "corpus")


def put(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def idx(dims, payload, type_code=0x08):
    header = bytes([0, 0, type_code, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims)
    return header + payload


def npy(array):
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=False)
    return buf.getvalue()


def npy_raw(descr, shape, payload, fortran=False):
    """An .npy v1 file with a hand-written header (for headers numpy refuses to write)."""
    text = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shape)
    head = text.encode("latin1")
    pad = 64 - (10 + len(head) + 1) % 64
    head += b" " * pad + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(head)) + head + payload


def npz(arrays, compressed=False):
    buf = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buf, **arrays)
    return buf.getvalue()


def zip_entries(entries, method=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


def h5(build):
    """The bytes of an HDF5 file written by `build(h5py.File)`."""
    buf = io.BytesIO()
    with h5py.File(buf, "w", track_order=True) as f:
        build(f)
    return buf.getvalue()


def legacy_weights(layers):
    """Keras 2 `save_weights` layout: layer_names on the root, weight_names per layer."""

    def build(f):
        f.attrs["layer_names"] = np.array([name.encode() for name, _ in layers])
        for name, weights in layers:
            g = f.create_group(name)
            g.attrs["weight_names"] = np.array([("%s/%s:0" % (name, w)).encode() for w, _ in weights])
            sub = g.create_group(name)
            for w, value in weights:
                if value is not None:
                    sub.create_dataset(w + ":0", data=value)

    return h5(build)


def keras3_weights(layers):
    """Keras 3 `save_weights` layout: layers/<group>/vars/<i>, the user's name on vars."""

    def build(f):
        for group, name, variables in layers:
            v = f.create_group("layers/%s/vars" % group)
            if name is not None:
                v.attrs["name"] = name
            for i, value in variables:
                v.create_dataset(str(i), data=value)

    return h5(build)


def keras_archive(config, weights):
    """A `.keras` zip archive (fixed timestamps, so the bytes are reproducible)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in (("config.json", config), ("model.weights.h5", weights)):
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


# The byte code of Fuzz/Sources/fuzz-keras-tree/TreeDecoder.swift (see its doc comment).
TREE_NAMES = ["layers", "vars", "model_weights", "layer_names", "weight_names", "name", "dense",
    "dense_1", "dense_2", "dense_10", "input_layer", "flatten", "dropout", "optimizer", "hidden",
    "output", "kernel:0", "bias:0", "dense/kernel:0", "dense/bias:0", "dense_1/kernel:0",
    "dense_1/bias:0", "hidden/kernel:0", "hidden/bias:0", "0", "1", "2", "3", "10", "-1", "01",
    "keras_version", "backend", "model_config", "training_config", "top_level_model_weights",
    "conv2d", "einsum_dense", "batch_normalization", "layers/dense", "vars/0", "", ".", "/",
    "a/b", "dense/", "/dense", "W1", "Dense", "InputLayer", "Flatten", "EinsumDense", "Dropout"]


def tree_group(name):
    return [0, TREE_NAMES.index(name)]


TREE_UP, TREE_ROOT = [1], [7]


def tree_strings(attribute, values):
    return [3, TREE_NAMES.index(attribute), len(values)] + [TREE_NAMES.index(v) for v in values]


def tree_empty(attribute):
    return [4, TREE_NAMES.index(attribute), 0, 0]


def tree_floats(name, *dims):
    """A float32 dataset filled with small values (data byte 255)."""
    return [2, TREE_NAMES.index(name), 0, 0, len(dims)] + list(dims) + [0, 255]


def tree_config(*layers):
    classes = ["Dense", "InputLayer", "Flatten", "EinsumDense", "Dropout"]
    return [6, len(layers)] + sum(([classes.index(c), TREE_NAMES.index(n)] for c, n in layers), [])


def network(**changes):
    doc = {
        "format": "swiftsnn-network",
        "version": 1,
        "label": "seed",
        "seed": 3,
        "nodes": [{"label": "in", "type": "input", "size": 2}],
        "ensembles": [
            {
                "label": "a",
                "n_neurons": 3,
                "dimensions": 1,
                "neuron_type": {"type": "LIF", "tau_rc": 0.02, "tau_ref": 0.002},
                "gain": [1, 2, 3],
                "bias": [0.5, 0, -0.5],
            }
        ],
        "connections": [
            {
                "pre": {"node": "in"},
                "post": {"neurons": "a"},
                "transform": {"type": "matrix", "values": [[1, 0], [0, 1], [0.5, 0.5]]},
                "synapse": {"type": "Lowpass", "tau": 0.005},
            }
        ],
        "probes": [{"label": "spikes", "target": {"neurons": "a"}}],
    }
    doc.update(changes)
    return json.dumps(doc, indent=1).encode()


# MARK: - Seeds (valid files)

images = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3) * 13
put(os.path.join(SEEDS, "idx", "images.idx"), idx([2, 3, 3], images.tobytes()))
put(os.path.join(SEEDS, "idx", "labels.idx"), idx([4], bytes([7, 2, 1, 0])))
put(os.path.join(SEEDS, "idx", "images.idx.gz"), gzip.compress(idx([2, 3, 3], images.tobytes()), mtime=0))

put(os.path.join(SEEDS, "npy", "f32.npy"), npy(np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)))
put(os.path.join(SEEDS, "npy", "f64_big_endian.npy"), npy(np.arange(4, dtype=">f8")))
put(os.path.join(SEEDS, "npy", "u8.npy"), npy(np.arange(5, dtype=np.uint8)))
put(os.path.join(SEEDS, "npy", "fortran.npy"), npy(np.asfortranarray(np.eye(3, dtype=np.float32))))

pair = {"W": np.eye(2, dtype=np.float32), "b": np.array([0.5, -0.5], dtype=np.float32)}
put(os.path.join(SEEDS, "npz", "stored.npz"), npz(pair))
put(os.path.join(SEEDS, "npz", "deflated.npz"), npz(pair, compressed=True))
put(os.path.join(SEEDS, "npz", "labels.npz"), npz({"y": np.arange(6, dtype=np.int64)}))

put(os.path.join(SEEDS, "network", "lowpass.json"), network())
put(
    os.path.join(SEEDS, "network", "every_kind.json"),
    network(
        config={"ensemble": {"max_rates": {"type": "Choice", "options": [100]}}, "connection": {"synapse": None}},
        nodes=[{"label": "in", "type": "input", "size": 2}, {"label": "c", "type": "constant", "values": [0.1, 0.2]}],
        ensembles=[
            {"label": "a", "n_neurons": 2, "dimensions": 2, "neuron_type": {"type": "RectifiedLinear"},
             "intercepts": {"type": "Uniform", "low": -0.5, "high": 0.5}},
            {"label": "b", "n_neurons": 2, "dimensions": 1,
             "neuron_type": {"type": "PoissonSpiking", "base": {"type": "LIFRate"}, "amplitude": 0.5},
             "gain": [1, 1], "bias": [2, 3]},
        ],
        connections=[
            {"pre": {"node": "in"}, "post": {"ensemble": "a"}},
            {"pre": {"node": "c"}, "post": {"neurons": "a"}, "transform": {"type": "vector", "values": [1, -1]},
             "synapse": {"type": "Alpha", "tau": 0.002}},
            {"pre": {"neurons": "a"}, "post": {"neurons": "b"}, "transform": {"type": "scalar", "value": 0.5}},
        ],
        probes=[{"label": "v", "target": {"neurons": "b"}, "attribute": "voltage"},
                {"label": "n", "target": {"neurons": "b"}, "mode": "sum"}],
    ),
)

# A NEF network (version 2): eval points, a function's values, every solver kind.
nef_ensembles = [
    {"label": "a", "n_neurons": 3, "dimensions": 1, "eval_points": [[-0.5], [0], [0.5]]},
    {"label": "b", "n_neurons": 2, "dimensions": 1},
]


def nef_connection(**changes):
    c = {"label": "square", "pre": {"ensemble": "a"}, "post": {"ensemble": "b"},
         "function": [[0.25], [0], [0.25]], "solver": {"type": "LstsqL2nz", "reg": 0.05, "weights": False}}
    c.update(changes)
    return {k: v for k, v in c.items() if v is not None}


def nef_network(version=2, **changes):
    return network(version=version, ensembles=nef_ensembles, connections=[nef_connection(**changes)],
                   probes=[{"label": "b", "target": {"ensemble": "b"}, "synapse": {"type": "Lowpass", "tau": 0.01}}])


put(os.path.join(SEEDS, "network", "nef.json"), nef_network())
put(os.path.join(SEEDS, "network", "nef_solvers.json"), network(
    version=2, ensembles=nef_ensembles, probes=[],
    connections=[nef_connection(solver={"type": "Lstsq", "rcond": 0.02, "weights": True}),
                 nef_connection(solver={"type": "NoSolver", "values": [[1], [0], [-1]]}, function=None),
                 nef_connection(solver={"type": "LstsqL2", "reg": 0.1})]))

# Version-2 node kinds: every process, a passthrough node, a Direct ensemble, sample_every.
put(os.path.join(SEEDS, "network", "graph_nodes.json"), network(
    version=2,
    nodes=[{"label": "present", "type": "process",
            "process": {"type": "PresentInput", "inputs": [[0.5], [1]], "presentation_time": 0.05}},
           {"label": "piece", "type": "process",
            "process": {"type": "Piecewise", "times": [0, 0.1], "values": [[0.2], [-0.7]], "interpolation": "linear"}},
           {"label": "white", "type": "process",
            "process": {"type": "WhiteSignal", "period": 1, "high": 5, "rms": 0.3, "y0": None, "size": 1}},
           {"label": "sum", "type": "passthrough", "size": 1}],
    ensembles=[{"label": "a", "n_neurons": 3, "dimensions": 1},
               {"label": "d", "n_neurons": 1, "dimensions": 1, "neuron_type": {"type": "Direct"}}],
    connections=[{"pre": {"node": "present"}, "post": {"node": "sum"}},
                 {"pre": {"node": "piece"}, "post": {"node": "sum"}},
                 {"pre": {"node": "white"}, "post": {"ensemble": "a"}},
                 {"pre": {"node": "sum"}, "post": {"ensemble": "d"}}],
    probes=[{"label": "d", "target": {"ensemble": "d"}, "sample_every": 0.005}]))

dense = [("dense", [("kernel", np.arange(6, dtype=np.float32).reshape(3, 2) / 10),
                    ("bias", np.array([0.5, -0.5], dtype=np.float32))]),
         ("dense_1", [("kernel", np.array([[2], [-1]], dtype=np.float32))])]
put(os.path.join(SEEDS, "keras", "legacy.h5"), legacy_weights(dense))
put(os.path.join(SEEDS, "keras", "weights.npz"), npz({"W1": np.eye(2, dtype=np.float32)}))
keras3 = [("dense", "hidden", [(0, np.arange(12, dtype=np.float32).reshape(4, 3) / 10),
                                 (1, np.zeros(3, np.float32))]),
          ("dense_1", None, [(0, np.ones((3, 2), np.float32))])]
keras_config = json.dumps({"class_name": "Sequential", "config": {"layers": [
    {"class_name": "InputLayer", "config": {"name": "input_layer"}},
    {"class_name": "Dense", "config": {"name": "hidden"}},
    {"class_name": "Dense", "config": {"name": "output"}}]}}).encode()
put(os.path.join(SEEDS, "keras", "keras3.weights.h5"), keras3_weights(keras3))
put(os.path.join(SEEDS, "keras", "model.keras"), keras_archive(keras_config, keras3_weights(keras3)))
tree_seeds = {
    "legacy": tree_strings("layer_names", ["dense", "dense_1"])
    + tree_group("dense") + tree_strings("weight_names", ["dense/kernel:0", "dense/bias:0"])
    + tree_group("dense") + tree_floats("kernel:0", 3, 2) + tree_floats("bias:0", 2) + TREE_ROOT
    + tree_group("dense_1") + tree_strings("weight_names", ["dense_1/kernel:0"])
    + tree_group("dense_1") + tree_floats("kernel:0", 2, 4) + TREE_ROOT,
    "legacy_full_model": tree_group("model_weights") + tree_strings("layer_names", ["input_layer", "hidden"])
    + tree_group("input_layer") + tree_empty("weight_names") + TREE_UP
    + tree_group("hidden") + tree_strings("weight_names", ["hidden/kernel:0", "hidden/bias:0"])
    + tree_group("hidden") + tree_floats("kernel:0", 4, 3) + tree_floats("bias:0", 3) + TREE_ROOT
    + tree_strings("keras_version", ["2"]) + tree_strings("backend", ["dense"]),
    "keras3": tree_group("layers") + tree_group("dense") + tree_group("vars") + tree_strings("name", ["hidden"])
    + tree_floats("0", 4, 3) + tree_floats("1", 3) + TREE_UP + TREE_UP
    + tree_group("dense_1") + tree_group("vars") + tree_floats("0", 3, 2) + TREE_ROOT
    + tree_group("optimizer") + tree_group("vars") + tree_floats("0", 1),
    "keras3_config": tree_group("layers") + tree_group("input_layer") + TREE_UP + tree_group("dense")
    + tree_group("vars") + tree_strings("name", ["hidden"]) + tree_floats("0", 4, 3) + tree_floats("1", 3)
    + TREE_UP + TREE_UP + tree_group("dense_1") + tree_group("vars") + tree_floats("0", 3, 2) + TREE_ROOT
    + tree_config(("InputLayer", "input_layer"), ("Dense", "hidden"), ("Dense", "output")),
}
for name, code in tree_seeds.items():
    put(os.path.join(SEEDS, "keras-tree", name + ".bin"), bytes(code))

# Learning rules (version 2): the decoded connection learns by PES, b's value is its error,
# a probe records its weights; and a BCM rule between neurons.
def learning_network(version=2, rule=None, error_post=None, ensembles=nef_ensembles, **changes):
    """rule=False: the connection has no learning rule."""
    if rule is None:
        rule = {"type": "PES", "learning_rate": 1e-4, "pre_synapse": {"type": "Lowpass", "tau": 0.005}}
    learned = nef_connection(learning_rule=rule or None, **changes)
    error = {"label": "err", "pre": {"ensemble": "b"}, "post": error_post or {"learning_rule": "square"}}
    return network(version=version, ensembles=ensembles, connections=[learned, error],
                   probes=[{"label": "w", "target": {"learning_rule": "square"}, "attribute": "weights"}])


put(os.path.join(SEEDS, "network", "learning.json"), learning_network())
put(os.path.join(SEEDS, "network", "learning_bcm.json"), network(
    version=2, ensembles=nef_ensembles, probes=[{"label": "w", "target": {"learning_rule": 0}, "attribute": "weights"}],
    connections=[{"label": "bcm", "pre": {"neurons": "a"}, "post": {"neurons": "b"},
                  "transform": {"type": "matrix", "values": [[0.1, 0, 0.2], [0, 0.3, 0]]},
                  "learning_rule": {"type": "BCM", "learning_rate": 1e-9, "pre_synapse": None,
                                    "post_synapse": {"type": "Alpha", "tau": 0.01},
                                    "theta_synapse": {"type": "Lowpass", "tau": 1}}}]))

# MARK: - Bad files

valid_idx = idx([2, 3, 3], images.tobytes())
valid_npy = npy(np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3))
valid_npz = npz(pair)
valid_h5 = legacy_weights(dense)
valid_net = network()

bad = {
    # IDX
    "idx/empty.idx": b"",
    "idx/wrong_magic.idx": b"PK\x03\x04" + valid_idx[4:],
    "idx/truncated_in_header.idx": valid_idx[:6],
    "idx/truncated_in_dims.idx": valid_idx[:10],
    "idx/truncated_in_payload.idx": valid_idx[:20],
    "idx/dims_product_overflows.idx": idx([0xFFFFFFFF] * 4, b""),
    "idx/dims_exceed_file.idx": idx([60000, 28, 28], bytes(10)),
    "idx/trailing_bytes.idx": valid_idx + b"\x00\x01",
    "idx/float_elements.idx": idx([2], struct.pack(">2f", 1.0, 2.0), type_code=0x0D),
    "idx/truncated_gzip.idx.gz": gzip.compress(valid_idx, mtime=0)[:20],
    "idx/gzip_magic_only.idx.gz": b"\x1f\x8b",
    # NPY
    "npy/empty.npy": b"",
    "npy/wrong_magic.npy": b"\x93NUMPZ" + valid_npy[6:],
    "npy/truncated_in_preamble.npy": valid_npy[:9],
    "npy/truncated_in_header.npy": valid_npy[:40],
    "npy/truncated_in_data.npy": valid_npy[:-5],
    "npy/shape_product_overflows.npy": npy_raw("<f4", "(4611686018427387904, 4611686018427387904)", b""),
    "npy/shape_exceeds_file.npy": npy_raw("<f4", "(1000, 1000)", bytes(16)),
    "npy/negative_dimension.npy": npy_raw("<f4", "(-1, 3)", bytes(12)),
    "npy/object_dtype.npy": npy_raw("|O", "(2,)", bytes(16)),
    "npy/complex_dtype.npy": npy_raw("<c8", "(2,)", bytes(16)),
    "npy/header_not_a_dict.npy": npy_raw("<f4", "(2,)", bytes(8)).replace(b"{'descr'", b"['descr'", 1),
    # NPZ
    "npz/empty.npz": b"",
    "npz/truncated_end_record.npz": valid_npz[:-10],
    "npz/truncated_in_entry.npz": valid_npz[:60],
    "npz/not_npy_entry.npz": zip_entries([("readme.txt", b"hello")]),
    "npz/corrupt_array.npz": zip_entries([("W.npy", b"\x93NUMPY\x09\x00garbage")]),
    # HDF5 (Keras weights)
    "keras/empty.h5": b"",
    "keras/truncated_at_100.h5": valid_h5[:100],
    "keras/truncated_at_1000.h5": valid_h5[:1000],
    "keras/missing_kernel.h5": legacy_weights([("dense", [("kernel", None), ("bias", np.zeros(2, np.float32))])]),
    "keras/kernel_1d.h5": legacy_weights([("dense", [("kernel", np.zeros(4, np.float32))])]),
    "keras/kernel_3d.h5": legacy_weights([("dense", [("kernel", np.zeros((2, 2, 2), np.float32))])]),
    "keras/bias_wrong_length.h5": legacy_weights(
        [("dense", [("kernel", np.zeros((3, 2), np.float32)), ("bias", np.zeros(5, np.float32))])]),
    "keras/string_kernel.h5": legacy_weights([("dense", [("kernel", np.array([b"ab", b"cd"]))])]),
    "keras/inf_bias.h5": legacy_weights(
        [("dense", [("kernel", np.ones((2, 2), np.float32)), ("bias", np.array([np.inf, 1], np.float32))])]),
    "keras/missing_layer_group.h5": h5(lambda f: f.attrs.update({"layer_names": np.array([b"ghost"])})),
    "keras/missing_weight_names.h5": h5(
        lambda f: (f.attrs.update({"layer_names": np.array([b"dense"])}), f.create_group("dense"))),
    "keras/keras3_vars_gap.weights.h5": keras3_weights(
        [("dense", None, [(0, np.ones((2, 2), np.float32)), (2, np.zeros(2, np.float32))])]),
    "keras/keras3_vars_not_numbered.weights.h5": keras3_weights(
        [("dense", None, [(0, np.ones((2, 2), np.float32)), ("kernel", np.zeros(2, np.float32))])]),
    "keras/keras3_kernel_4d.weights.h5": keras3_weights(
        [("conv2d", "conv", [(0, np.zeros((3, 3, 1, 2), np.float32)), (1, np.zeros(2, np.float32))])]),
    "keras/keras3_bias_wrong_length.weights.h5": keras3_weights(
        [("dense", "hidden", [(0, np.zeros((4, 2), np.float32)), (1, np.zeros(3, np.float32))])]),
    "keras/keras3_int_kernel.weights.h5": keras3_weights([("dense", "hidden", [(0, np.ones((2, 2), np.int32))])]),
    "keras/keras3_nan_kernel.weights.h5": keras3_weights(
        [("dense", "hidden", [(0, np.array([[0, 1], [np.nan, 2]], np.float32))])]),
    "keras/keras3_scalar_bias.weights.h5": keras3_weights(
        [("dense", "hidden", [(0, np.zeros((2, 2), np.float32)), (1, np.float32(1))])]),
    "keras/bad_config.keras": keras_archive(b"{not json", keras3_weights(keras3)),
    # Network files
    "network/empty.json": b"",
    "network/truncated.json": valid_net[: len(valid_net) // 2],
    "network/wrong_version.json": network(version=7),
    "network/inf_inline_weight.json": valid_net.replace(b"0.5,\n      0.5", b"1e999,\n      0.5", 1),
    "network/huge_ensemble.json": valid_net.replace(b'"n_neurons": 3', b'"n_neurons": 100000000000000', 1),
    "network/missing_weights_file.json": network(weights="ghost.npz"),
    "network/unknown_solver.json": nef_network(solver={"type": "Magic"}),
    "network/function_wrong_rows.json": nef_network(function=[[1], [2]]),
    "network/nef_in_version1.json": nef_network(version=1),
    "network/nosolver_wrong_rows.json": nef_network(solver={"type": "NoSolver", "values": [[1]]}),
    "network/unknown_process.json": network(
        version=2, nodes=[{"label": "in", "type": "process", "process": {"type": "Noise"}}], connections=[]),
    "network/unknown_learning_rule.json": learning_network(rule={"type": "Hebb"}),
    "network/negative_learning_rate.json": learning_network(rule={"type": "PES", "learning_rate": -1}),
    "network/learning_rule_without_rule.json": learning_network(rule=False),
    "network/learning_rule_missing_connection.json": learning_network(error_post={"learning_rule": 5}),
    "network/learning_in_version1.json": learning_network(
        version=1, function=None, solver=None, ensembles=[{"label": "a", "n_neurons": 3, "dimensions": 1},
                                                          {"label": "b", "n_neurons": 2, "dimensions": 1}]),
    "network/piecewise_repeated_time.json": network(
        version=2, connections=[],
        nodes=[{"label": "in", "type": "process",
                "process": {"type": "Piecewise", "times": [0, 0], "values": [[1], [2]]}}]),
}

# An .npz entry whose headers declare 4 GiB - 2 uncompressed bytes: refused before inflating.
bomb = bytearray(zip_entries([("W.npy", npy(np.zeros(1024, np.float32)))], zipfile.ZIP_DEFLATED))
for signature, field in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
    at = bomb.find(signature)
    bomb[at + field: at + field + 4] = struct.pack("<I", 0xFFFFFFFE)
bad["npz/declared_size_bomb.npz"] = bytes(bomb)

# Non-finite weights and a wrong dtype in a network's weights .npz.
nan_matrix = np.array([[1, np.nan], [0, 1], [np.inf, 0]], np.float32)
bad["network/nan_weights.json"] = network(
    weights="nan_weights.npz",
    connections=[{"pre": {"node": "in"}, "post": {"neurons": "a"}, "transform": {"type": "matrix", "values": {"npz": "W"}}}])
bad["network/nan_weights.npz"] = npz({"W": nan_matrix})
bad["network/string_weights.json"] = network(
    weights="string_weights.npz",
    connections=[{"pre": {"node": "in"}, "post": {"neurons": "a"}, "transform": {"type": "matrix", "values": {"npz": "W"}}}])
bad["network/string_weights.npz"] = zip_entries([("W.npy", npy_raw("<U1", "(3, 2)", bytes(24)))])

# Non-finite eval points in a NEF network's weights .npz.
bad["network/nan_eval_points.json"] = network(
    version=2, weights="nan_eval_points.npz",
    ensembles=[{"label": "a", "n_neurons": 3, "dimensions": 1, "eval_points": {"npz": "P"}}])
bad["network/nan_eval_points.npz"] = npz({"P": np.array([[0.5], [np.nan], [0]])})

for name, data in bad.items():
    put(os.path.join(BAD, name), data)
print("seeds:", sum(len(f) for _, _, f in os.walk(SEEDS)), "bad files:", len(bad))
