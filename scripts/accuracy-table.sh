#!/usr/bin/env bash
# Accuracy vs latency of each ANN -> SNN conversion configuration on the full MNIST test set
# (10,000 images), from one simulation per configuration (`snn mnist --curve`).
#
# Usage: scripts/accuracy-table.sh            (after `swift build -c release`)
# Environment: SNN (default .build/release/snn), WEIGHTS (default: the Keras fixture
# weights.npz, ANN 0.9729), OUT (JSON per configuration, default .build/accuracy-table),
# STEPS (default 350), and SWIFTSNN_DATA as for `snn mnist`.
# Prints a Markdown table: the accuracy after 25 / 50 / 100 / 200 / 350 steps.
# Options were chosen on the last 10,000 training images (`snn mnist --validation 10000`),
# never on the test set; calibration uses the first 2,000 training images.
set -euo pipefail
cd "$(dirname "$0")/.."
SNN=${SNN:-.build/release/snn}
WEIGHTS=${WEIGHTS:-${SWIFTSNN_FIXTURES:-../shared/fixtures}/keras-mnist-784-128-10/weights.npz}
OUT=${OUT:-.build/accuracy-table}
STEPS=${STEPS:-350}
# The shared MNIST copy beside the checkout, when SWIFTSNN_DATA is not set (as in CI).
if [ -z "${SWIFTSNN_DATA:-}" ] && [ -d ../shared/data/mnist ]; then export SWIFTSNN_DATA=../shared/data/mnist; fi
mkdir -p "$OUT"

configurations=(
  "Poisson input, LIF (reset to zero), spike count (default)|"
  "Poisson input, LIF (reset by subtraction), spike count|--reset subtract"
  "Poisson input, LIF, membrane readout|--readout membrane"
  "Regular-spiking input, LIF, spike count|--encoding regular"
  "Poisson input, IF, membrane readout|--neuron if --readout membrane"
  "Constant-current input, IF, spike count|--encoding current --neuron if"
  "Constant-current input, IF, membrane readout|--encoding current --neuron if --readout membrane"
)

for i in "${!configurations[@]}"; do
  flags=${configurations[$i]#*|}
  # shellcheck disable=SC2086 # the flags are meant to split into words
  "$SNN" mnist --weights "$WEIGHTS" --epochs 0 --steps "$STEPS" --curve --json $flags > "$OUT/$i.json"
done

python3 - "$OUT" "$STEPS" "${configurations[@]}" <<'PY'
import json, sys
out, steps, configs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
marks = [s for s in (25, 50, 100, 200, 350) if s <= steps]
print("| configuration (flags) | " + " | ".join(f"{s} steps" for s in marks) + " |")
print("|---|" + "---:|" * len(marks))
ann = None
for i, c in enumerate(configs):
    name, flags = c.split("|", 1)
    d = json.load(open(f"{out}/{i}.json"))
    ann = d["ann"]["test_accuracy"]
    curve = d["snn"]["accuracy_at_steps"]
    label = f"{name} (`{flags}`)" if flags else name
    print(f"| {label} | " + " | ".join(f"{curve[str(s)]:.4f}" for s in marks) + " |")
print(f"| ANN (same weights) | " + " | ".join(f"{ann:.4f}" for _ in marks) + " |")
PY
