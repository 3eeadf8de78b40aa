#!/bin/sh
# The test command: installs what is missing, builds with warnings as errors
# under AddressSanitizer and UndefinedBehaviorSanitizer, runs every test, and
# builds the libFuzzer targets with clang and replays their corpora.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build-test -DQC_WERROR=ON -DQC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-test -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
# The font and drawing libraries behind the chart pictures keep caches for
# the life of the process; everything else must be freed.
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-test --output-on-failure -j"$jobs"
CC=clang cmake -S . -B build-fuzz -DQC_FUZZ=ON -DQC_WERROR=ON >/dev/null
cmake --build build-fuzz -j"$jobs"
# Replays every corpus, then fuzzes each target from a scratch copy (the
# source tree is never written): QC_FUZZ_RUNS inputs (10,000 by default; 0
# skips) from a fixed seed, so a run is the same run on every machine and a
# green CI stays green, each bounded by QC_FUZZ_SECONDS (120).  A crash or a
# failed assertion in any of them fails the run.
fuzz_runs=${QC_FUZZ_RUNS:-10000}
fuzz_secs=${QC_FUZZ_SECONDS:-120}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail=0
fuzz() {
  t=$1; shift
  if ! build-fuzz/tests/fuzz/fuzz_$t -runs=0 "$@" >"$scratch/$t.log" 2>&1; then
    echo "fuzz_$t: a corpus input fails"; tail -n 30 "$scratch/$t.log"; fail=1; return
  fi
  tail -n 1 "$scratch/$t.log"
  [ "$fuzz_runs" -gt 0 ] || return 0
  mkdir -p "$scratch/$t"
  if ! build-fuzz/tests/fuzz/fuzz_$t -seed=1 -runs="$fuzz_runs" -max_total_time="$fuzz_secs" \
       -max_len=8192 -artifact_prefix="$scratch/$t-" "$scratch/$t" "$@" >"$scratch/$t.fuzz" 2>&1; then
    echo "fuzz_$t: fuzzing found a failing input:"; tail -n 30 "$scratch/$t.fuzz"; fail=1; return
  fi
  echo "fuzz_$t: $(tail -n 1 "$scratch/$t.fuzz")"
}
fuzz logscan tests/data/logscan tests/fuzz/corpus/logscan
fuzz import tests/data/import tests/fuzz/corpus/import
fuzz mustache templates tests/fuzz/corpus/mustache
fuzz casefile examples templates tests/fuzz/corpus/casefile
fuzz sigv4 tests/data/sigv4 tests/fuzz/corpus/sigv4
fuzz config tests/fuzz/corpus/config
fuzz series tests/fuzz/corpus/series
exit $fail
