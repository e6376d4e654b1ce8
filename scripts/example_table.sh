#!/usr/bin/env bash
# SwiftSNN's NEF examples over seeds 0-4 beside Nengo 4.1's (docs/nengo-examples.json), with
# issue 14's bounds: each error figure at most 1.25x Nengo's mean, the oscillator within 5%
# of 1 Hz. Exits 1 when a figure is out of bounds. Plots of seed 0 go to docs/images/.
#
#   scripts/example_table.sh [--seeds 0-4] [--precision float64] [--no-plots] [EXAMPLE]
#
# Nengo's side: .venv-peers/bin/python scripts/nengo_examples.py (rewrites the JSON).
set -euo pipefail
cd "$(dirname "$0")/.."

plots=1
args=()
for a in "$@"; do
  case "$a" in
    --no-plots) plots=0 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$a") ;;
  esac
done
swift build -c release --product snn >/dev/null
snn=.build/release/snn
if [[ $plots -eq 1 ]]; then
  mkdir -p docs/images
  for name in $("$snn" example --list | cut -d' ' -f1); do
    "$snn" example "$name" --seed 0 --plot "docs/images/example-$name.svg" >/dev/null
  done
fi
"$snn" example --table --seeds 0-4 ${args[@]+"${args[@]}"}
