#!/usr/bin/env bash
# Sorts what a fuzz-keras run saved (scripts/fuzz.sh keras) into bugs inside libhdf5 and
# problems of ours:
#
#   Fuzz/suppressions/libhdf5-triage.sh FUZZ_KERAS_BINARY ARTIFACT_DIR [NEWER_THAN]
#
# (only the inputs modified after the file NEWER_THAN when it is given).
# Debian 12's libhdf5 1.10.8 crashes on some corrupt files (a wild free in
# H5G__link_release_table, a NULL memcpy after a failed huge allocation in H5C_protect, ...),
# so fuzz.sh runs fuzz-keras in libFuzzer's fork mode and keeps going past crashes. Each
# crash-* and oom-* input is then run again: when the first stack frame outside the
# sanitizer runtime and libc is in libhdf5, the bug is libhdf5's. Anything else (a crash in
# our code, one that does not reproduce, a leak, a timeout) is ours. Prints one line per
# input and exits 1 if any is ours.
set -uo pipefail

bin=$1 dir=$2 stamp=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
ours=0 theirs=0
for input in "$dir"/*; do
  [[ -f $input ]] || continue
  [[ -z $stamp || $input -nt $stamp ]] || continue
  who=ours
  case $(basename "$input") in
    crash-* | oom-*)
      frame=$(ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:suppressions=$here/libhdf5.asan \
        LSAN_OPTIONS=suppressions=$here/libhdf5.lsan "$bin" -rss_limit_mb=2048 "$input" 2>&1 |
        grep -E '^ +#[0-9]+ ' | grep -vE 'compiler-rt|libc\.so|sysdeps|/string/' | head -n1)
      [[ $frame == *libhdf5* ]] && who=libhdf5
      ;;
    *) frame="" ;;
  esac
  if [[ $who == ours ]]; then ours=$((ours + 1)); else theirs=$((theirs + 1)); fi
  echo "$who: $(basename "$input") ${frame:+(first frame:$(sed 's/ (BuildId.*//; s/^ *#[0-9]* 0x[0-9a-f]* //' <<<"$frame"))}"
done
echo "inputs that crash inside libhdf5: $theirs; crashes, leaks or timeouts of ours: $ours"
[[ $ours -eq 0 ]]
