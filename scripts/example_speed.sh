#!/usr/bin/env bash
# Simulation speed of SwiftSNN's NEF examples against Nengo 4.1's reference simulator, side
# by side: for each round and example, Nengo runs the example (scripts/nengo_examples.py,
# seed 0, best of 3 runs) and then SwiftSNN does (`snn example NAME --bench`, best of
# --repeat runs); each side keeps its fastest round. Prints build and run seconds, the
# ratio Nengo / SwiftSNN of the run times (issue 14 asks >= 20x) and the time to solve a
# 1,000-neuron ensemble's decoders (asked < 0.1 s), alone and with the rates at the eval
# points. Wall-clock: run it on a quiet machine.
#
#   scripts/example_speed.sh [--rounds 3] [--repeat 20] [--precision float32] [EXAMPLE...]
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3
repeat=20
precision=float32
examples=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="${2:?}"; shift 2 ;;
    --repeat) repeat="${2:?}"; shift 2 ;;
    --precision) precision="${2:?}"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "example_speed.sh: unknown option '$1'" >&2; exit 2 ;;
    *) examples+=("$1"); shift ;;
  esac
done
python="${SWIFTSNN_PEERS_PYTHON:-.venv-peers/bin/python}"
[[ -x "$python" ]] || { echo "example_speed.sh: no Nengo interpreter at $python (scripts/setup-peers.sh)" >&2; exit 2; }
swift build -c release --product snn >/dev/null
snn=.build/release/snn
[[ ${#examples[@]} -gt 0 ]] || mapfile -t examples < <("$snn" example --list | cut -d' ' -f1)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for ((r = 1; r <= rounds; r++)); do
  for name in "${examples[@]}"; do
    echo "round $r/$rounds: $name" >&2
    "$python" scripts/nengo_examples.py --examples "$name" --seeds 0 --json "$work/nengo-$name-$r.json" >/dev/null
    "$snn" example "$name" --bench --repeat "$repeat" --precision "$precision" \
      --nengo "$work/nengo-$name-$r.json" --json >"$work/swift-$name-$r.json"
  done
done
python3 - "$work" "$rounds" "${examples[@]}" <<'PY'
import json, sys, os
work, rounds, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
print(f"{'example':<22} {'nengo build s':>13} {'nengo run s':>11} {'swift build s':>13} "
      f"{'swift run s':>11} {'run speedup':>11}")
solve, build = [], []
for name in names:
    ours = [json.load(open(f"{work}/swift-{name}-{r}.json")) for r in range(1, rounds + 1)]
    nengo = [json.load(open(f"{work}/nengo-{name}-{r}.json"))[name]["seeds"]["0"]
             for r in range(1, rounds + 1)]
    nb, nr = min(n["build_s"] for n in nengo), min(n["run_s"] for n in nengo)
    sb, sr = min(o["build_s"] for o in ours), min(o["run_s"] for o in ours)
    solve += [o["decoder_solve_s"] for o in ours]
    build += [o["decoder_build_s"] for o in ours]
    print(f"{name:<22} {nb:13.4f} {nr:11.4f} {sb:13.4f} {sr:11.5f} {nr / sr:10.1f}x")
print(f"decoders of a 1000-neuron ensemble at 2000 eval points: LstsqL2 solve best "
      f"{min(solve):.4f} s, worst {max(solve):.4f} s; with the rates best {min(build):.4f} s, "
      f"worst {max(build):.4f} s")
print(f"load average (1, 5, 15 min): {os.getloadavg()}")
PY
