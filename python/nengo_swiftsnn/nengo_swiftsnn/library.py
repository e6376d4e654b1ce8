"""Loads libSwiftSNNCAPI.so and declares its C functions (ctypes)."""

import ctypes
import os
from ctypes import POINTER, c_char_p, c_double, c_int32, c_int64, c_void_p
from pathlib import Path

#: The repository root when the package is used from its source tree (editable install).
_REPO = Path(__file__).resolve().parents[3]
_BUILD_COMMAND = "swift build -c release --product SwiftSNNCAPI"

#: Status codes of every ``snn_*`` function.
OK, MODEL_ERROR, BUILD_ERROR, ARGUMENT_ERROR, CALLBACK_ERROR = range(5)

_DOUBLES = POINTER(c_double)
#: A node function f(t, x, size_in, out, size_out, context) -> status (0: ok), called by the engine.
NODE_FUNCTION = ctypes.CFUNCTYPE(c_int32, c_double, _DOUBLES, c_int64, _DOUBLES, c_int64, c_void_p)
_SIGNATURES = {
    "snn_last_error": (c_char_p, []),
    "snn_network_create": (c_int32, [c_int64, c_char_p, POINTER(c_void_p)]),
    "snn_network_free": (None, [c_void_p]),
    "snn_network_add_node": (c_int32, [c_void_p, c_char_p, c_int64, _DOUBLES, POINTER(c_int64)]),
    "snn_network_add_node_with_input": (
        c_int32, [c_void_p, c_char_p, c_int64, c_int64, NODE_FUNCTION, c_void_p, POINTER(c_int64)]
    ),
    "snn_network_add_ensemble": (
        c_int32,
        [c_void_p, c_char_p, c_int64, c_int64, c_char_p, _DOUBLES, c_int64, c_char_p, c_double,
         _DOUBLES, _DOUBLES, _DOUBLES, c_double, _DOUBLES, _DOUBLES, POINTER(c_int64)],
    ),
    "snn_network_connect": (
        c_int32,
        [c_void_p, c_int32, c_int64, c_int32, c_int64, c_int32, _DOUBLES, c_int64, c_int32, c_double,
         c_char_p, POINTER(c_int64)],
    ),
    "snn_network_set_learning_rule": (
        c_int32, [c_void_p, c_int64, c_char_p, _DOUBLES, c_int64, POINTER(c_int32), _DOUBLES, c_int64]
    ),
    "snn_network_connect_decoders": (
        c_int32,
        [c_void_p, c_int64, c_int32, c_int64, _DOUBLES, c_int64, c_int32, c_int32, c_double, c_char_p,
         POINTER(c_int64)],
    ),
    "snn_network_probe": (
        c_int32, [c_void_p, c_int32, c_int64, c_char_p, c_int32, c_double, c_char_p, POINTER(c_int64)]
    ),
    "snn_simulator_create": (
        c_int32, [c_void_p, c_double, c_int64, c_int64, c_int64, c_int32, POINTER(c_void_p)]
    ),
    "snn_simulator_free": (None, [c_void_p]),
    "snn_simulator_set_input": (c_int32, [c_void_p, c_int64, _DOUBLES, c_int64]),
    "snn_simulator_set_input_sequence": (c_int32, [c_void_p, c_int64, _DOUBLES, c_int64, c_int64]),
    "snn_simulator_run": (c_int32, [c_void_p, c_int64]),
    "snn_simulator_steps": (c_int64, [c_void_p]),
    "snn_simulator_reset": (c_int32, [c_void_p, c_int64]),
    "snn_simulator_probe_shape": (
        c_int32, [c_void_p, c_int64, POINTER(c_int64), POINTER(c_int64), POINTER(c_int64)]
    ),
    "snn_simulator_read_probe": (c_int32, [c_void_p, c_int64, _DOUBLES, c_int64]),
}


class LibraryNotFound(ImportError):
    """libSwiftSNNCAPI.so is not built (or SWIFTSNN_LIBRARY points nowhere)."""


def library_path():
    """Where the library is looked for: $SWIFTSNN_LIBRARY, else the repository's release build."""
    return Path(os.environ.get("SWIFTSNN_LIBRARY") or _REPO / ".build" / "release" / "libSwiftSNNCAPI.so")


_lib = None


def lib():
    """The loaded library, with every function's signature declared (loaded once)."""
    global _lib
    if _lib is None:
        path = library_path()
        if not path.is_file():
            raise LibraryNotFound(
                f"nengo_swiftsnn: {path} does not exist; build it in {_REPO} with `{_BUILD_COMMAND}` "
                "(or set SWIFTSNN_LIBRARY to the library's path)"
            )
        loaded = ctypes.CDLL(str(path))
        for name, (restype, argtypes) in _SIGNATURES.items():
            f = getattr(loaded, name)
            f.restype = restype
            f.argtypes = argtypes
        _lib = loaded
    return _lib


class CallError(Exception):
    """A ``snn_*`` function failed: ``status`` and the library's message."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def check(status):
    """Raises CallError with the library's last error message unless ``status`` is OK."""
    if status != OK:
        message = lib().snn_last_error()
        raise CallError(status, message.decode() if message else f"status {status}")


def doubles(array):
    """A C-contiguous float64 copy (or the array itself) and a pointer to its data."""
    import numpy as np

    a = np.ascontiguousarray(array, dtype=np.float64)
    return a, a.ctypes.data_as(_DOUBLES)
