#!/usr/bin/env bash
# Runs Nengo's own test suite (`pytest --pyargs nengo`, the tests inside Nengo's wheel)
# against a simulator class, the way NengoDL, NengoOCL and NengoLoihi judge themselves.
#
#   scripts/nengo-test-suite.sh [--json] [--by-file] [--ci] [--simulator MODULE.Class] [-- pytest args]
#
#   --simulator X   the class Nengo's pytest plugin gets as `nengo_simulator`
#                   (default nengo_baseline.Simulator: a bare subclass of nengo.Simulator
#                   from python/nengo_baseline, i.e. what a perfect backend would score)
#   --json          print only {"passed", "failed", "skipped", "xfailed", "xpassed",
#                   "errors", "deselected", "seconds", "simulator"} as JSON on stdout
#   --by-file       also print, per test file, how many tests the backend gets and their
#                   outcomes (with --json: a "by_file" key)
#   --ci            run only the test modules the backend lists in
#                   python/<package>/nengo-ci-tests.txt (one module per line, e.g.
#                   nengo.tests.test_probe): a subset for CI that must pass
#   -- ARGS         passed on to pytest (e.g. -- -k test_neurons -x)
#
# Any simulator class other than nengo.Simulator makes Nengo's plugin (pytest_nengo)
# deselect the frontend tests (those without the `Simulator` fixture); slow tests are
# skipped unless `-- --slow` is given. Unsupported tests are listed with pytest's
# `-o nengo_test_unsupported=...` or a backend's own ini file (`-- -c FILE`); a backend
# package python/<package>/ may list them in nengo-test-unsupported.txt (used automatically).
#
# Needs .venv-peers (scripts/setup-peers.sh) with nengo 4.1 and the test requirements
# (pytest<8, setuptools<81 for nengo's `import pkg_resources`, pytest-rng, pytest-plt,
# pytest-allclose); installs the missing ones with pip first.
#
# Environment: PEERS_VENV=<repo>/.venv-peers. Exit status: pytest's (0 = all selected
# tests passed or were skipped), 2 for bad usage, 3 if the requirements cannot be set up.
set -u

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${PEERS_VENV:-$repo/.venv-peers}"
py="$venv/bin/python"
simulator="nengo_baseline.Simulator"
json=0
by_file=0
ci=0
pytest_args=()

usage() { sed -n '5,17p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --json) json=1 ;;
    --by-file) by_file=1 ;;
    --ci) ci=1 ;;
    --simulator)
      [ $# -ge 2 ] || { echo "error: --simulator needs MODULE.Class" >&2; exit 2; }
      simulator="$2"; shift ;;
    --simulator=*) simulator="${1#--simulator=}" ;;
    --) shift; pytest_args=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument '$1' (pytest arguments go after --)" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
case "$simulator" in
  *.*) ;;
  *) echo "error: --simulator '$simulator' is not MODULE.Class" >&2; exit 2 ;;
esac

if [ ! -x "$py" ]; then
  echo "error: no Python venv at $venv (run scripts/setup-peers.sh first)" >&2
  exit 3
fi
"$repo/scripts/setup-peers.sh" --nengo-tests-only >&2 || exit 3

# python/nengo_swiftsnn is a project folder (pyproject.toml) holding the package of that name.
export PYTHONPATH="$repo/python:$repo/python/nengo_swiftsnn${PYTHONPATH:+:$PYTHONPATH}"
if ! "$py" -c "import importlib, sys; m, c = sys.argv[1].rsplit('.', 1); getattr(importlib.import_module(m), c)" "$simulator" 2>/dev/null; then
  echo "error: cannot import simulator class '$simulator' (PYTHONPATH includes $repo/python)" >&2
  exit 2
fi

# A backend's out-of-scope tests, if it lists them (python/<package>/nengo-test-unsupported.txt:
# Nengo's `nengo_test_unsupported` value, a test pattern then its quoted reason per entry).
unsupported="$repo/python/${simulator%%.*}/nengo-test-unsupported.txt"
if [ -f "$unsupported" ]; then
  pytest_args=(-o "nengo_test_unsupported=$(cat "$unsupported")" "${pytest_args[@]}")
fi

# The tests to run: all of Nengo's, or (--ci) the backend's listed modules.
targets=(nengo)
if [ "$ci" = 1 ]; then
  list="$repo/python/${simulator%%.*}/nengo-ci-tests.txt"
  if [ ! -f "$list" ]; then
    echo "error: --ci needs $list (the test modules to run, one per line)" >&2
    exit 2
  fi
  mapfile -t targets < <(grep -v '^[[:space:]]*\(#\|$\)' "$list")
  # Test ids (and so pytest-rng's per-test seeds) relative to Nengo's package, as in the
  # full run: otherwise a test can get another seed than the one it passes with.
  targets+=(--rootdir "$("$py" -c 'import nengo, os; print(os.path.dirname(nengo.__file__))')")
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
counts="$work/counts.json"
start=$(date +%s)
# Run from an empty folder: no repository ini file or conftest leaks in, and pytest's
# cache stays out of the repository.
(
  cd "$work" &&
    NENGO_SUITE_COUNTS="$counts" "$py" -m pytest --pyargs "${targets[@]}" \
      -p nengo_baseline.counts -p no:cacheprovider \
      -o "nengo_simulator=$simulator" -q "${pytest_args[@]}"
) > "$work/pytest.log" 2>&1
status=$?
seconds=$(( $(date +%s) - start ))

if [ ! -s "$counts" ]; then
  cat "$work/pytest.log" >&2
  echo "error: pytest (exit $status) wrote no counts" >&2
  exit "$(( status == 0 ? 1 : status ))"
fi
if [ "$json" = 0 ]; then
  # pytest's own output: failures in full, then the one-line summary.
  cat "$work/pytest.log"
fi
"$py" - "$counts" "$json" "$by_file" "$seconds" "$simulator" <<'PYEOF'
import json, sys
path, as_json, by_file, seconds, simulator = sys.argv[1:]
counts = json.load(open(path))
files = counts.pop("by_file")
keys = ["passed", "failed", "skipped", "xfailed", "xpassed", "errors", "deselected"]
if as_json == "1":
    out = {k: counts[k] for k in keys}
    out.update(seconds=int(seconds), simulator=simulator)
    if by_file == "1":
        out["by_file"] = files
    print(json.dumps(out, indent=1))
    sys.exit(0)
print(f"simulator {simulator}: " + ", ".join(f"{counts[k]} {k}" for k in keys)
      + f" in {seconds} s")
if by_file == "1":
    outcome = keys[:-1]
    print(f"{'file':48} {'tests':>5} " + " ".join(f"{k:>8}" for k in outcome))
    for name, c in sorted(files.items(), key=lambda kv: (-kv[1]["selected"], kv[0])):
        print(f"{name:48} {c['selected']:5d} " + " ".join(f"{c.get(k, 0):8d}" for k in outcome))
    print(f"{'total':48} {sum(c['selected'] for c in files.values()):5d}")
PYEOF
exit "$status"
