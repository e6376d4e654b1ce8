#!/usr/bin/env bash
# Coverage-guided fuzzing of SwiftSNN's parsers and loaders (libFuzzer + AddressSanitizer).
#
#   scripts/fuzz.sh [TARGET] [SECONDS]
#
# TARGET is one of idx, npy, npz, network, keras, cli (all of them when omitted or "all");
# SECONDS is the time per target (default 60); cli feeds snn's argument parsing and
# validation one NUL- or newline-separated command line per input. The targets live in Fuzz/ (a SwiftPM package
# that depends on this one) and start from the valid files in Fuzz/corpus/<target>/;
# inputs that reach new code are kept under .build-fuzz/corpus/<target>/, and anything
# that crashes, leaks or runs longer than 10 s is saved under .build-fuzz/artifacts/<target>/.
# (lld links them: gold fails on the sanitized Swift objects.)
# Prints one line per target (executions, execs/s, corpus size, peak RSS) and exits
# non-zero if any target found a problem.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
all=(idx npy npz network keras cli)
target=${1:-all}
seconds=${2:-60}
if [[ $target == all ]]; then targets=("${all[@]}"); else targets=("$target"); fi
for t in "${targets[@]}"; do
  [[ " ${all[*]} " == *" $t "* ]] || { echo "fuzz.sh: unknown target '$t' (expected: ${all[*]} or all)" >&2; exit 2; }
done
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || { echo "fuzz.sh: SECONDS must be a positive integer" >&2; exit 2; }

scratch=${FUZZ_SCRATCH:-$root/.build-fuzz}
for t in "${targets[@]}"; do
  swift build --package-path "$root/Fuzz" -c release --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --product "fuzz-$t" >&2
done
bin=$(swift build --package-path "$root/Fuzz" -c release --scratch-path "$scratch" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --show-bin-path)

status=0
printf '%-8s %12s %9s %7s %8s  %s\n' target executions execs/s corpus peak-MiB result
for t in "${targets[@]}"; do
  work=$scratch/corpus/$t artifacts=$scratch/artifacts/$t log=$scratch/logs/$t.log
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  dict=()
  [[ -f $root/Fuzz/dictionaries/$t.dict ]] && dict=(-dict="$root/Fuzz/dictionaries/$t.dict")
  set +e
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 "$bin/fuzz-$t" "$work" "$root/Fuzz/corpus/$t" \
    "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n1)
  result=ok
  if [[ $rc -ne 0 ]]; then
    result="FAILED (exit $rc; see $log and $artifacts)"
    status=1
  fi
  printf '%-8s %12s %9s %7s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$(ls "$work" | wc -l)" "${rss:-?}" "$result"
done
exit $status
