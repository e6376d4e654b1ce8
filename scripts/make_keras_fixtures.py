#!/usr/bin/env python3
"""Writes the tiny HDF5 fixtures of Tests/SNNIOTests/Fixtures/keras/ (SNNIO Keras tests).

They reproduce the layouts Keras writes (see shared/fixtures/keras-mnist-784-128-10/README.md
for real files) with h5py, at toy sizes, including the odd cases real files rarely show:

  legacy_full_model_bias.h5   Keras 2 model.save() layout: weights under /model_weights;
                              dense_a kernel (3, 2) = i / 10, bias [0.5, -0.5];
                              dense_b kernel (2, 1) = [[2], [-1]], bias [0.25];
                              dense_b's weight_names is a fixed-length SPACEPAD string;
                              an 'activation' layer with empty float64 weight_names.
  keras3_natural_order.weights.h5
                              Keras 3 layout with 11 Dense layers dense, dense_1 .. dense_10
                              (HDF5 lists them dense, dense_1, dense_10, dense_2, ...);
                              layer k has kernel [[k + 1]] and name 'layer<k>'; dense_3 also
                              has a bias [0.5]; plus flatten (no vars) and /optimizer.
  keras3_mixed_classes.weights.h5
                              weighted layers of two classes (dense, einsum_dense), no config.
  no_layers.h5                an HDF5 file holding just a dataset /data.
  legacy_missing_group.h5     layer_names lists 'ghost', which has no group.
  legacy_int_kernel.h5        layer 'dense' whose kernel is int32.
  legacy_conv.h5              layer 'conv' with a 4-D kernel (3, 3, 1, 2) and a bias.
  legacy_nonfinite.h5         layer 'hidden' kernel (3, 4) with NaN at 5, +inf at 7, -inf at 10.
  legacy_chain.h5             'hidden' (4, 3) then 'output' (2, 5): the chain breaks.

Run: /path/to/venv/bin/python scripts/make_keras_fixtures.py   (needs h5py; h5py 3.16.0 made
the committed files)
"""
import os
import h5py
import numpy as np

# New-style (compact) groups keep the files small; 'v110' keeps them readable by the
# HDF5 1.10 of Debian 12 (h5py itself bundles a newer HDF5).
LIBVER = ("v108", "v110")
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "SNNIOTests", "Fixtures", "keras")


def path(name):
    return os.path.join(OUT, name)


def vlen_strings(values):
    return np.array(values, dtype=h5py.string_dtype())


def legacy_layer(parent, name, weights):
    """A Keras 2 layer group: weight_names attr plus datasets <name>/<name>/<weight>:0."""
    group = parent.create_group(name)
    names = [f"{name}/{w}:0" for w in weights]
    if names:
        group.attrs["weight_names"] = vlen_strings(names)
    else:
        group.attrs["weight_names"] = np.zeros((0,), dtype=np.float64)
    for weight_name, (w, value) in zip(names, weights.items()):
        group.create_dataset(weight_name, data=value)
    return group


def spacepad_attr(obj, name, values):
    """A fixed-length, space-padded string attribute (h5py writes NULLPAD by default)."""
    size = max(len(v) for v in values) + 3
    t = h5py.h5t.C_S1.copy()
    t.set_size(size)
    t.set_strpad(h5py.h5t.STR_SPACEPAD)
    space = h5py.h5s.create_simple((len(values),))
    attr = h5py.h5a.create(obj.id, name.encode(), t, space)
    attr.write(np.array([v.ljust(size).encode() for v in values], dtype=f"S{size}"), mtype=t)


def main():
    os.makedirs(OUT, exist_ok=True)
    f32 = np.float32

    with h5py.File(path("legacy_full_model_bias.h5"), "w", libver=LIBVER) as f:
        f.attrs["model_config"] = '{"class_name": "Sequential"}'
        mw = f.create_group("model_weights")
        mw.attrs["layer_names"] = vlen_strings(["dense_a", "activation", "dense_b"])
        legacy_layer(mw, "dense_a", {
            "kernel": (np.arange(6, dtype=f32) / f32(10)).reshape(3, 2),
            "bias": np.array([0.5, -0.5], dtype=f32)})
        legacy_layer(mw, "activation", {})
        b = mw.create_group("dense_b")
        b.create_dataset("dense_b/kernel:0", data=np.array([[2], [-1]], dtype=f32))
        b.create_dataset("dense_b/bias:0", data=np.array([0.25], dtype=f32))
        spacepad_attr(b, "weight_names", ["dense_b/kernel:0", "dense_b/bias:0"])

    with h5py.File(path("keras3_natural_order.weights.h5"), "w", libver=LIBVER) as f:
        layers = f.create_group("layers")
        for k in range(11):
            group = layers.create_group("dense" if k == 0 else f"dense_{k}")
            v = group.create_group("vars")
            v.attrs["name"] = f"layer{k}"
            v.create_dataset("0", data=np.array([[k + 1]], dtype=f32))
            if k == 3:
                v.create_dataset("1", data=np.array([0.5], dtype=f32))
        layers.create_group("flatten").create_group("vars").attrs["name"] = "flatten"
        opt = f.create_group("optimizer").create_group("vars")
        opt.attrs["name"] = "adam"
        opt.create_dataset("0", data=np.int64(3))

    with h5py.File(path("keras3_mixed_classes.weights.h5"), "w", libver=LIBVER) as f:
        for group in ("dense", "einsum_dense"):
            v = f.create_group(f"layers/{group}/vars")
            v.attrs["name"] = group
            v.create_dataset("0", data=np.eye(2, dtype=f32))

    with h5py.File(path("no_layers.h5"), "w", libver=LIBVER) as f:
        f.create_dataset("data", data=np.arange(4, dtype=f32))

    with h5py.File(path("legacy_missing_group.h5"), "w", libver=LIBVER) as f:
        f.attrs["layer_names"] = vlen_strings(["ghost"])

    with h5py.File(path("legacy_int_kernel.h5"), "w", libver=LIBVER) as f:
        f.attrs["layer_names"] = vlen_strings(["dense"])
        legacy_layer(f, "dense", {"kernel": np.ones((2, 2), dtype=np.int32)})

    with h5py.File(path("legacy_conv.h5"), "w", libver=LIBVER) as f:
        f.attrs["layer_names"] = vlen_strings(["conv"])
        legacy_layer(f, "conv", {
            "kernel": np.zeros((3, 3, 1, 2), dtype=f32), "bias": np.zeros(2, dtype=f32)})

    with h5py.File(path("legacy_nonfinite.h5"), "w", libver=LIBVER) as f:
        f.attrs["layer_names"] = vlen_strings(["hidden"])
        kernel = np.zeros(12, dtype=f32)
        kernel[5], kernel[7], kernel[10] = np.nan, np.inf, -np.inf
        legacy_layer(f, "hidden", {"kernel": kernel.reshape(3, 4)})

    with h5py.File(path("legacy_chain.h5"), "w", libver=LIBVER) as f:
        f.attrs["layer_names"] = vlen_strings(["hidden", "output"])
        legacy_layer(f, "hidden", {"kernel": np.zeros((4, 3), dtype=f32)})
        legacy_layer(f, "output", {"kernel": np.zeros((2, 5), dtype=f32)})

    for name in sorted(os.listdir(OUT)):
        size = os.path.getsize(path(name))
        print(f"{name:34s} {size:5d} bytes")


if __name__ == "__main__":
    main()
