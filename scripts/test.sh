#!/bin/sh
# The test command: installs what is missing, builds with warnings as errors
# under AddressSanitizer and UndefinedBehaviorSanitizer, runs every test, and
# builds the libFuzzer targets with clang and replays their corpora.  The
# last lines are the summary (tests passed, fuzz targets run); the exit
# status is non-zero when anything failed.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# 10000 -> 10,000
commas() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }

# Builds quietly: the compiler's errors (stderr) show as they come, and on a
# failure the end of the build's own output follows them.
build() {
  dir=$1; shift
  echo "building $dir"
  if ! cmake --build "$dir" -j"$jobs" "$@" >"$scratch/build.log"; then
    tail -n 40 "$scratch/build.log"
    echo "FAILED: the build in $dir"
    exit 1
  fi
}

cmake -S . -B build-test -DQC_WERROR=ON -DQC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
build build-test
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
# The font and drawing libraries behind the chart pictures keep caches for
# the life of the process; everything else must be freed.
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "running the tests"
{ rc=0; ctest --test-dir build-test --output-on-failure -j"$jobs" 2>&1 || rc=$?; echo "$rc" >"$scratch/ctest.rc"; } |
  tee "$scratch/ctest.log"
rc=$(cat "$scratch/ctest.rc")
# "100% tests passed, 0 tests failed out of 28"
line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$scratch/ctest.log" | tail -n 1 || true)
total=$(echo "$line" | sed -n 's/.* out of \([0-9]*\).*/\1/p')
failed=$(echo "$line" | sed -n 's/.* \([0-9]*\) tests\{0,1\} failed .*/\1/p')
if [ -z "$total" ]; then
  echo
  echo "tests: ctest gave no result (exit $rc)"
  exit 1
fi
tests_line="tests: $((total - failed)) of $total passed"
if [ "$failed" -ne 0 ] || [ "$rc" -ne 0 ]; then
  names=$(sed -n '/The following tests FAILED:/,$p' "$scratch/ctest.log" |
    sed -n 's/^[[:space:]]*[0-9]* - \([^ ]*\) .*/\1/p' | tr '\n' ' ' | sed 's/ $//')
  echo
  echo "$tests_line, $failed failed${names:+: $names}"
  echo "fuzz: not run (tests failed)"
  exit 1
fi

CC=clang cmake -S . -B build-fuzz -DQC_FUZZ=ON -DQC_WERROR=ON >/dev/null
build build-fuzz
# Replays every corpus, then fuzzes each target from a scratch copy (the
# source tree is never written): QC_FUZZ_RUNS inputs (10,000 by default; 0
# skips) from a fixed seed, so a run is the same run on every machine and a
# green CI stays green, each bounded by QC_FUZZ_SECONDS (120).  A crash or a
# failed assertion in any of them fails the run.
fuzz_runs=${QC_FUZZ_RUNS:-10000}
fuzz_secs=${QC_FUZZ_SECONDS:-120}
fail=0 targets=0 failed_targets=""
fuzz() {
  t=$1; shift
  targets=$((targets + 1))
  if ! build-fuzz/tests/fuzz/fuzz_$t -runs=0 "$@" >"$scratch/$t.log" 2>&1; then
    echo "fuzz_$t: a corpus input fails"; tail -n 30 "$scratch/$t.log"
    fail=$((fail + 1)); failed_targets="$failed_targets fuzz_$t"; return 0
  fi
  echo "fuzz_$t: corpus: $(tail -n 1 "$scratch/$t.log")"
  [ "$fuzz_runs" -gt 0 ] || return 0
  mkdir -p "$scratch/$t"
  if ! build-fuzz/tests/fuzz/fuzz_$t -seed=1 -runs="$fuzz_runs" -max_total_time="$fuzz_secs" \
       -max_len=8192 -artifact_prefix="$scratch/$t-" "$scratch/$t" "$@" >"$scratch/$t.fuzz" 2>&1; then
    echo "fuzz_$t: fuzzing found a failing input:"; tail -n 30 "$scratch/$t.fuzz"
    fail=$((fail + 1)); failed_targets="$failed_targets fuzz_$t"; return 0
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
fuzz tzone tests/fuzz/corpus/tzone

if [ "$fuzz_runs" -gt 0 ]; then
  how="corpora replayed and $(commas "$fuzz_runs") seeded runs each"
else
  how="corpora replayed, no fuzzing (QC_FUZZ_RUNS=0)"
fi
echo
echo "$tests_line"
[ "$fail" -eq 1 ] && failures=failure || failures=failures
echo "fuzz: $targets targets, $how, $fail $failures${failed_targets:+:$failed_targets}"
[ "$fail" -eq 0 ]
