#!/usr/bin/env python3
"""Writes the tiny NumPy fixtures of Tests/SNNIOTests/Fixtures/numpy/ (SNNIO NumPy tests).

Every array is a closed-form function of its index, so the Swift tests recompute the
expected values independently instead of trusting any reader:

  f4.npy            <f4 (3, 4)    v[i] = float32(i) / 7 - 0.5          (numpy.save, v1.0)
  f8_big.npy        >f8 (2, 3)    v[i] = i / 3 - 1                      (big-endian)
  u1.npy            |u1 (2, 5)    v[i] = (i * 29) % 256
  i8.npy            <i8 (4,)      [-3, 0, 7, 2**40]
  b1.npy            |b1 (3,)      [True, False, True]
  scalar_f8.npy     <f8 ()        2.5
  f4_fortran.npy    <f4 (2, 3, 4) C-order values 0..23, stored in Fortran order
  f4_v2.npy         <f4 (2, 2)    [1, 2, 3, 4], format version 2.0
  f4_v3.npy         <f4 (2, 2)    [1, 2, 3, 4], format version 3.0
  i4_py2_header.npy <i4 (2, 3)    0..5, header written as Python 2 did: shape (2L, 3L)
  stored.npz        numpy.savez:            a = f4.npy's array, b = u1.npy's array
  compressed.npz    numpy.savez_compressed: a = f4.npy's array, b = u1.npy's array

Run: python3 scripts/make_numpy_fixtures.py   (numpy 2.4.6 made the committed files)
"""
import os
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "SNNIOTests", "Fixtures", "numpy")


def path(name):
    return os.path.join(OUT, name)


def main():
    os.makedirs(OUT, exist_ok=True)
    f4 = (np.arange(12, dtype=np.float32) / np.float32(7) - np.float32(0.5)).reshape(3, 4)
    f8 = (np.arange(6, dtype=np.float64) / 3.0 - 1.0).reshape(2, 3).astype(">f8")
    u1 = ((np.arange(10) * 29) % 256).astype(np.uint8).reshape(2, 5)
    np.save(path("f4.npy"), f4)
    np.save(path("f8_big.npy"), f8)
    np.save(path("u1.npy"), u1)
    np.save(path("i8.npy"), np.array([-3, 0, 7, 2**40], dtype="<i8"))
    np.save(path("b1.npy"), np.array([True, False, True]))
    np.save(path("scalar_f8.npy"), np.float64(2.5))
    fortran = np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
    assert fortran.flags.f_contiguous and not fortran.flags.c_contiguous
    np.save(path("f4_fortran.npy"), fortran)
    small = np.array([[1, 2], [3, 4]], dtype=np.float32)
    for version in (2, 3):
        with open(path(f"f4_v{version}.npy"), "wb") as f:
            np.lib.format.write_array(f, small, version=(version, 0))
    # Python 2's numpy wrote long integers with an L suffix in the header.
    header = b"{'descr': '<i4', 'fortran_order': False, 'shape': (2L, 3L), }"
    header += b" " * ((64 - (10 + len(header) + 1) % 64) % 64) + b"\n"
    with open(path("i4_py2_header.npy"), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header)
        f.write(np.arange(6, dtype="<i4").tobytes())
    np.savez(path("stored.npz"), a=f4, b=u1)
    np.savez_compressed(path("compressed.npz"), a=f4, b=u1)
    for name in sorted(os.listdir(OUT)):
        size = os.path.getsize(path(name))
        assert size < 10_000, (name, size)
        print(f"{name:20s} {size:5d} bytes")


if __name__ == "__main__":
    main()
