#!/usr/bin/env bash
# Checks the Swift sources against the repository's .swift-format configuration with the
# swift-format that ships with the toolchain (`swift format`). Exits non-zero on any
# finding; `swift format --in-place --recursive Sources Tests Fuzz` fixes nearly all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --recursive --strict Sources Tests Fuzz
