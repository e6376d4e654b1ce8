#!/usr/bin/env bash
# Builds libSwiftSNNCAPI.so (release) and runs the nengo_swiftsnn tests (pytest) with the
# peers' Python, which has Nengo 4.1 (scripts/setup-peers.sh).
#
#   scripts/test-python.sh [pytest args]
#
# Environment: PEERS_VENV=<repo>/.venv-peers. Exit status: pytest's; 3 without the venv.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${PEERS_VENV:-$repo/.venv-peers}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import nengo' 2>/dev/null; then
  echo "error: no Python with nengo at $venv (run scripts/setup-peers.sh first)" >&2
  exit 3
fi
(cd "$repo" && swift build -c release --product SwiftSNNCAPI)
package="$repo/python/nengo_swiftsnn"
cd "$package"
SWIFTSNN_LIBRARY="${SWIFTSNN_LIBRARY:-$repo/.build/release/libSwiftSNNCAPI.so}" \
  PYTHONPATH="$package${PYTHONPATH:+:$PYTHONPATH}" \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider tests "$@"
