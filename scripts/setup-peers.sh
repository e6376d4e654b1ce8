#!/usr/bin/env bash
# Creates the project-local venv .venv-peers for the Python peers in compare/ (run by
# `snn compare`) and installs, from PyPI, what will install: numpy + nengo 4.1 (+ scipy),
# snntorch with a CPU-only torch, brian2. A peer whose packages fail to install or import
# is skipped with a message; the script fails only if the venv or numpy cannot be set up.
#
#   scripts/setup-peers.sh            # then: .venv-peers/bin/python compare/peer_numpy.py ...
#   scripts/setup-peers.sh --nengo-tests-only
#                                     # only what Nengo's own test suite needs (pytest<8,
#                                     # setuptools<81, pytest-rng, pytest-plt,
#                                     # pytest-allclose) in an existing venv with nengo;
#                                     # used by scripts/nengo-test-suite.sh
#
# Environment:
#   PYTHON=python3                 interpreter for the venv (tested: CPython 3.11.7)
#   PEERS_VENV=<repo>/.venv-peers  where to create it
#   PEERS_TORCH_WHEEL=<file.whl>   a CPU-only torch wheel to use (default: the first
#                                  torch-*+cpu-*.whl in /opt/wheels, if any)
#   PEERS_ALLOW_CUDA_TORCH=1       with no CPU wheel: install PyPI's default torch, which on
#                                  Linux x86_64 pulls several GB of nvidia-* CUDA packages
#
# Why the CPU torch: PyPI's Linux x86_64 torch wheels are CUDA builds. `pip install
# --no-deps torch` (2.15.0, a 539 MB wheel) installs, but `import torch` fails
# ("ValueError: libcublasLt.so.*[0-9] not found in the system path"): it preloads the
# nvidia-* libraries. PyPI serves no CPU-only Linux x86_64 torch, so a CPU build has to be
# on disk already (this machine image has /opt/wheels/torch-2.13.0+cpu-*.whl, 192 MB).
set -u

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${PEERS_VENV:-$repo/.venv-peers}"
python="${PYTHON:-python3}"
# brian2 2.9.0 (the newest PyPI serves for Python 3.11) uses ndarray.ptp, removed in
# numpy 2.4 (import fails with AttributeError); numpy 2.3 serves every peer.
numpy_spec='numpy>=2.0,<2.4'
skipped=()
nengo_tests_only=0
case "${1:-}" in
  --nengo-tests-only) nengo_tests_only=1 ;;
  "") ;;
  *) echo "usage: $0 [--nengo-tests-only]" >&2; exit 2 ;;
esac
# Nengo's test suite (`pytest --pyargs nengo`, scripts/nengo-test-suite.sh): its plugin
# needs pytest < 8, and nengo/tests/test_simulator.py imports pkg_resources, which
# setuptools 81 removed.
nengo_test_specs=('pytest<8' 'setuptools<81' pytest-rng pytest-plt pytest-allclose)
nengo_tests_ready() {
  "$py" - 2>/dev/null <<'PYEOF'
import warnings
warnings.simplefilter("ignore")
import nengo, pkg_resources, pytest, pytest_allclose, pytest_plt, pytest_rng
assert int(pytest.__version__.split(".")[0]) < 8
PYEOF
}
install_nengo_tests() {
  nengo_tests_ready && return 0
  note "Nengo test-suite requirements: ${nengo_test_specs[*]}"
  pip install -q "${nengo_test_specs[@]}" "$numpy_spec" && nengo_tests_ready
}

note() { printf '== %s\n' "$*" >&2; }
skip() { skipped+=("$1: $2"); printf 'SKIPPED %s: %s\n' "$1" "$2" >&2; }

if [ ! -x "$venv/bin/python" ]; then
  note "creating $venv with $("$python" --version 2>&1)"
  "$python" -m venv "$venv" || { echo "error: cannot create venv $venv" >&2; exit 1; }
fi
py="$venv/bin/python"
pip() { "$venv/bin/pip" --disable-pip-version-check "$@"; }

if [ "$nengo_tests_only" = 1 ]; then
  "$py" -c 'import nengo' 2>/dev/null || { echo "error: nengo is not installed in $venv (run $0)" >&2; exit 1; }
  install_nengo_tests || { echo "error: cannot install ${nengo_test_specs[*]} into $venv" >&2; exit 1; }
  exit 0
fi

note "numpy (peer_numpy)"
if ! pip install -q "$numpy_spec" threadpoolctl || ! "$py" -c 'import numpy, threadpoolctl'; then
  echo "error: cannot install numpy into $venv" >&2
  exit 1
fi

note "nengo 4.1 (peer_nengo)"
if ! pip install -q "nengo==4.1.0" scipy "$numpy_spec" || ! "$py" -c 'import nengo'; then
  skip nengo "nengo 4.1.0 did not install or import"
fi

if "$py" -c 'import nengo' 2>/dev/null && ! install_nengo_tests; then
  skip nengo-tests "${nengo_test_specs[*]} did not install (scripts/nengo-test-suite.sh needs them)"
fi

# nengo_swiftsnn (the Nengo backend over libSwiftSNNCAPI.so), editable: it loads the
# library from this repository's .build/release (scripts/test-python.sh builds it). Built
# without isolation, so the venv's setuptools builds it: a new venv's own (65 with Python
# 3.11) has no bdist_wheel; the suite's setuptools<81 above, or wheel, provides it.
if "$py" -c 'import nengo' 2>/dev/null &&
  ! { pip install -q wheel && pip install -q --no-deps --no-build-isolation -e "$repo/python/nengo_swiftsnn"; }; then
  skip nengo_swiftsnn "pip install -e python/nengo_swiftsnn failed"
fi

note "torch (CPU) + snntorch (peer_snntorch)"
torch_ok=0
torch_wheel="${PEERS_TORCH_WHEEL:-$(ls /opt/wheels/torch-*+cpu-*.whl 2>/dev/null | head -n 1)}"
if "$py" -c 'import torch, sys; sys.exit(torch.version.cuda is not None)' 2>/dev/null; then
  torch_ok=1
elif [ -n "$torch_wheel" ]; then
  # --no-deps keeps pip from resolving anything CUDA; then the wheel's own pure-Python
  # requirements (from its METADATA, less CUDA, triton and extras).
  deps="$("$py" - "$torch_wheel" <<'PYEOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as whl:
    meta = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
    lines = whl.read(meta).decode().splitlines()
for line in lines:
    if line.startswith("Requires-Dist:"):
        req = line.split(":", 1)[1].strip()
        if not any(word in req for word in ("nvidia", "cuda", "triton", "extra ==")):
            print(req.split(";")[0].strip())
PYEOF
)"
  # shellcheck disable=SC2086  # one requirement per word
  if [ -n "$deps" ] && pip install -q --no-deps "$torch_wheel" && pip install -q $deps "$numpy_spec"; then
    torch_ok=1
  fi
elif [ "${PEERS_ALLOW_CUDA_TORCH:-0}" = 1 ]; then
  pip install -q torch "$numpy_spec" && torch_ok=1
fi
if [ "$torch_ok" = 1 ] && "$py" -c '
import torch
torch.set_num_threads(2)
x = torch.ones(64, 64)
assert float((x @ x).sum()) == 64.0 ** 3' 2>/dev/null; then
  if ! pip install -q --no-deps "snntorch==1.0.0" || ! "$py" -c 'import snntorch'; then
    skip snntorch "snntorch 1.0.0 did not install or import"
  fi
else
  skip snntorch "no CPU-only torch: PyPI's Linux torch needs the nvidia-* CUDA packages to import (set PEERS_TORCH_WHEEL=<cpu wheel> or PEERS_ALLOW_CUDA_TORCH=1)"
fi

note "brian2 (peer_brian2)"
if ! pip install -q "brian2==2.9.0" "$numpy_spec" || ! "$py" -c 'import brian2'; then
  skip brian2 "brian2 2.9.0 did not install or import with $numpy_spec"
fi

note "installed in $venv"
"$py" - <<'EOF'
import importlib, platform
print(f"python {platform.python_version()}")
for name in ("numpy", "scipy", "threadpoolctl", "nengo", "nengo_swiftsnn", "pytest", "torch", "snntorch", "brian2", "Cython"):
    try:
        module = importlib.import_module(name)
        print(f"{name} {getattr(module, '__version__', '?')}")
    except Exception as e:  # report, never fail: a missing peer is skipped
        print(f"{name} not available ({type(e).__name__})")
EOF
if [ "${#skipped[@]}" -gt 0 ]; then
  printf 'skipped peers:\n' >&2
  printf '  %s\n' "${skipped[@]}" >&2
  # In CI a peer that did not install is an error, not a skip: its tests would fail later,
  # far from the cause.
  if [[ "${CI:-}" == true || "${CI:-}" == 1 ]]; then
    echo "error: CI=true and ${#skipped[@]} peer(s) did not install" >&2
    exit 1
  fi
fi
exit 0
