#!/usr/bin/env bash
# Coverage-guided fuzzing of SwiftSNN's parsers and loaders (libFuzzer + AddressSanitizer).
#
#   scripts/fuzz.sh [TARGET] [SECONDS]
#
# TARGET is one of idx, npy, npz, network, keras, keras-tree, cli (all of them when omitted or "all");
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
all=(idx npy npz network keras keras-tree cli)
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
printf '%-10s %12s %9s %7s %8s  %s\n' target executions execs/s corpus peak-MiB result
for t in "${targets[@]}"; do
  work=$scratch/corpus/$t artifacts=$scratch/artifacts/$t log=$scratch/logs/$t.log
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  dict=()
  touch "$log.start"
  [[ -f $root/Fuzz/dictionaries/$t.dict ]] && dict=(-dict="$root/Fuzz/dictionaries/$t.dict")
  asan=detect_leaks=1:allocator_may_return_null=0 lsan= fork=()
  if [[ $t == keras ]]; then
    # libhdf5 1.10 itself leaks, reads past its buffers, asks for absurd allocations and
    # crashes on some corrupt files (README, "Reliability"): reports from its frames are
    # suppressed, a failed allocation returns NULL to it as glibc's malloc does, and fuzzing
    # goes on in child processes past crashes, which libhdf5-triage.sh then sorts.
    asan=detect_leaks=1:allocator_may_return_null=1:suppressions=$root/Fuzz/suppressions/libhdf5.asan
    lsan=suppressions=$root/Fuzz/suppressions/libhdf5.lsan
    fork=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=0)
  fi
  set +e
  ASAN_OPTIONS=$asan LSAN_OPTIONS=$lsan "$bin/fuzz-$t" "$work" "$root/Fuzz/corpus/$t" \
    "${dict[@]}" "${fork[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1
  rc=$?
  if [[ $t == keras ]]; then
    "$root/Fuzz/suppressions/libhdf5-triage.sh" "$bin/fuzz-$t" "$artifacts" "$log.start" >>"$log"
    rc=$?
    grep -q '^INFO: fuzzed for' "$log" || rc=1  # it stopped before its time
  fi
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  if [[ ${#fork[@]} -gt 0 ]]; then  # fork mode prints "#<executions>: cov: ... time: <s>s" lines
    execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -n1)
    elapsed=$(sed -n 's/^#[0-9]*: cov:.* time: \([0-9]*\)s.*/\1/p' "$log" | tail -n1)
    rate=$((${execs:-0} / ${elapsed:-$seconds}))
  fi
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n1)
  result=ok
  if [[ $rc -ne 0 ]]; then
    result="FAILED (exit $rc; see $log and $artifacts)"
    status=1
  fi
  printf '%-10s %12s %9s %7s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$(ls "$work" | wc -l)" "${rss:-?}" "$result"
done
exit $status
